using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Web.Features.Social;
using Nashir.Web.Platform.Data;
using Xunit;

namespace Nashir.Tests.Support.SocialEmulators;

/// <summary>
/// The site with one account on each emulated network (declared in configuration, as an operator would),
/// plus a Mastodon account with a revoked token. The dispatcher runs when a test says so (DispatchAsync).
/// </summary>
public abstract class SocialSite : IAsyncLifetime
{
    public const string BadMastodonKey = "mastodon-revoked";

    public MastodonEmulator Mastodon { get; private set; } = null!;
    public XEmulator X { get; private set; } = null!;
    public BlueskyEmulator Bluesky { get; private set; } = null!;
    public TelegramEmulator Telegram { get; private set; } = null!;
    public FacebookEmulator Facebook { get; private set; } = null!;
    public LinkedInEmulator LinkedIn { get; private set; } = null!;
    public NashirApp App { get; private set; } = null!;
    public IEnumerable<NetworkEmulator> Emulators => [Mastodon, X, Bluesky, Telegram, Facebook, LinkedIn];

    protected abstract Task<NashirStorage?> StorageAsync();

    public virtual void SkipIfUnavailable() { }

    public async ValueTask InitializeAsync()
    {
        Mastodon = await NetworkEmulator.StartAsync<MastodonEmulator>();
        X = await NetworkEmulator.StartAsync<XEmulator>();
        Bluesky = await NetworkEmulator.StartAsync<BlueskyEmulator>();
        Telegram = await NetworkEmulator.StartAsync<TelegramEmulator>();
        Facebook = await NetworkEmulator.StartAsync<FacebookEmulator>();
        LinkedIn = await NetworkEmulator.StartAsync<LinkedInEmulator>();
        if (await StorageAsync() is not { } storage) return;
        App = new NashirApp(storage, demoContent: true, AccountSettings(this, dispatchInBackground: false));
        foreach (var emulator in Emulators) emulator.Clock = App.Clock;
    }

    /// <summary>The configuration that connects a site to these emulators.</summary>
    public static Dictionary<string, string?> AccountSettings(SocialSite site, bool dispatchInBackground)
    {
        var settings = new Dictionary<string, string?> { ["Nashir:Social:DispatchInBackground"] = dispatchInBackground ? "true" : "false" };
        void Account(string key, string network, Uri baseUrl, params (string Field, string Value)[] fields)
        {
            settings[$"Nashir:Social:Accounts:{key}:Network"] = network;
            settings[$"Nashir:Social:Accounts:{key}:BaseUrl"] = baseUrl.ToString();
            foreach (var (field, value) in fields) settings[$"Nashir:Social:Accounts:{key}:{field}"] = value;
        }
        Account("mastodon", "mastodon", site.Mastodon.BaseUrl, ("AccessToken", MastodonEmulator.Token), ("Template", "{POST_TITLE}\n{POST_TAGS}\n{PERMALINK}"));
        Account("x", "x", site.X.BaseUrl, ("AccessToken", XEmulator.Token));
        Account("bluesky", "bluesky", site.Bluesky.BaseUrl, ("Identifier", BlueskyEmulator.Handle), ("AppPassword", BlueskyEmulator.AppPassword));
        Account("telegram", "telegram", site.Telegram.BaseUrl, ("BotToken", TelegramEmulator.BotToken), ("ChatId", TelegramEmulator.Channel));
        Account("facebook", "facebook", site.Facebook.BaseUrl, ("PageId", FacebookEmulator.PageId), ("AccessToken", FacebookEmulator.PageToken));
        Account("linkedin", "linkedin", site.LinkedIn.BaseUrl, ("Author", LinkedInEmulator.Organization), ("AccessToken", LinkedInEmulator.Token));
        Account(BadMastodonKey, "mastodon", site.Mastodon.BaseUrl, ("AccessToken", "revoked-token"), ("Categories", "إعلانات"));
        return settings;
    }

    /// <summary>Runs dispatch rounds until nothing is due.</summary>
    public async Task DispatchAsync()
    {
        var dispatcher = App.Services.GetRequiredService<SocialDispatcher>();
        while (await dispatcher.DispatchDueAsync(TestContext.Current.CancellationToken) > 0) { }
    }

    public async Task<List<SocialDelivery>> DeliveriesAsync(int articleId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        return await db.SocialDeliveries.Include(d => d.Account).Where(d => d.ArticleId == articleId).OrderBy(d => d.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    public async Task<SocialDelivery> DeliveryAsync(int articleId, string accountKey) =>
        Assert.Single(await DeliveriesAsync(articleId), d => d.Account.Key == accountKey);

    public async Task WithDbAsync(Func<NashirDb, Task> action)
    {
        await using var scope = App.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<NashirDb>());
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (App is not null) await App.DisposeAsync();
        foreach (var emulator in Emulators.Where(e => e is not null)) await emulator.DisposeAsync();
    }
}

public sealed class SqliteSocialSite : SocialSite
{
    protected override Task<NashirStorage?> StorageAsync() => Task.FromResult<NashirStorage?>(NashirStorage.Sqlite());
}

public sealed class PostgresSocialSite(PostgresServer server) : SocialSite
{
    protected override async Task<NashirStorage?> StorageAsync() =>
        await server.EnsureStartedAsync() ? NashirStorage.Postgres(await server.CreateDatabaseAsync()) : null;

    public override void SkipIfUnavailable()
    {
        if (server.Unavailable is { } reason) Assert.Skip("PostgreSQL unavailable: " + reason);
    }
}
