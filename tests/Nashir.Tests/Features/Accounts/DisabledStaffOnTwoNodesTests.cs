using System.Net;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Xunit;

namespace Nashir.Tests.Features.Accounts;

/// <summary>
/// Two app nodes on one PostgreSQL database and one Redis: a person disabled on one node loses their session and
/// their API token on the other at once, not when the other node's cached look-ups expire.
/// </summary>
public sealed class DisabledStaffOnTwoNodesTests(PostgresServer postgres, RedisServer redis) : IAsyncLifetime
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private NashirApp? first;
    private NashirApp? second;

    public async ValueTask InitializeAsync()
    {
        if (!await postgres.EnsureStartedAsync()) Assert.Skip("PostgreSQL unavailable: " + postgres.Unavailable);
        if (!await redis.EnsureStartedAsync()) Assert.Skip("Redis unavailable: " + redis.Unavailable);
        var storage = NashirStorage.Postgres(await postgres.CreateDatabaseAsync());
        var settings = new Dictionary<string, string?> { ["Nashir:Redis:Configuration"] = redis.Configuration, ["Nashir:Redis:Channel"] = $"nashir-tests:{Unique.Next()}" };
        first = new NashirApp(storage, demoContent: false, settings: settings);
        _ = first.Services;
        second = new NashirApp(storage with { DataDirectory = Directory.CreateTempSubdirectory("nashir-node-").FullName }, demoContent: false, settings: settings);
        _ = second.Services;
    }

    public async ValueTask DisposeAsync()
    {
        if (second is not null) await second.DisposeAsync();
        if (first is not null) await first.DisposeAsync();
    }

    [Fact]
    public async Task A_person_disabled_on_one_node_is_refused_on_the_other_node_at_once()
    {
        var member = await first!.CreateStaffAsync(Roles.Editor);
        // Their session and token are in use on node 2, so node 2 has both cached.
        using var session = await second!.SignInAsync(member.Email, member.Password);
        using var api = second.CreateApiClient(member.ApiToken);
        Assert.Equal(HttpStatusCode.OK, await session.StatusOfAsync("/admin"));
        await api.CreateArticleAsync(ArticleInput.Story());
        using var admin = await first.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        using (var disabled = await admin.StaffActionAsync("Disable", member.Id))
            Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);

        // Node 2 hears of it over Redis a moment later: bounded at 2 s, against the 5 minutes its cache would hold.
        await Eventually(async () =>
        {
            using var page = await session.GetAsync(new Uri("/admin", UriKind.Relative), Cancel);
            return page.StatusCode == HttpStatusCode.Redirect && page.RedirectPath() == "/admin/login";
        });
        using var refused = await api.PostArticleAsync(ArticleInput.Story());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_role_changed_on_one_node_applies_to_the_session_on_the_other_node_at_once()
    {
        var member = await first!.CreateStaffAsync(Roles.Admin);
        using var session = await second!.SignInAsync(member.Email, member.Password);
        Assert.Equal(HttpStatusCode.OK, await session.StatusOfAsync("/admin/users"));
        using var admin = await first.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        using (var changed = await admin.StaffActionAsync("Role", member.Id, Roles.Author))
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        await Eventually(async () => await session.StatusOfAsync("/admin/users") == HttpStatusCode.Redirect);
        Assert.Equal(HttpStatusCode.OK, await session.StatusOfAsync("/admin"));
    }

    /// <summary>Pub/sub delivery is asynchronous: poll for at most two seconds.</summary>
    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The other node still let the person in after 2 s.");
            await Task.Delay(25, Cancel);
        }
    }
}
