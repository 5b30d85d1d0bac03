using System.Net.Http.Headers;
using Nashir.Tests.Support;
using Nashir.Tests.Support.SocialEmulators;
using Xunit;

namespace Nashir.Tests.Features.Social;

/// <summary>
/// The fault test: articles published to the emulated X, Mastodon and Bluesky while the site's process is
/// SIGKILLed and restarted at random, and each emulator fails a share of requests (5xx, 429, answers too late).
/// Every emulator must end with exactly one post per article.
/// </summary>
public sealed class SocialCrashTests
{
    public static int Articles => int.TryParse(Environment.GetEnvironmentVariable("NASHIR_CRASH_ARTICLES"), out var n) ? n : 200;
    public static int Kills => int.TryParse(Environment.GetEnvironmentVariable("NASHIR_CRASH_KILLS"), out var n) ? n : 10;

    [Fact]
    public async Task Killing_the_site_while_it_dispatches_neither_loses_nor_duplicates_a_post()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var mastodon = await NetworkEmulator.StartAsync<MastodonEmulator>();
        await using var x = await NetworkEmulator.StartAsync<XEmulator>();
        await using var bluesky = await NetworkEmulator.StartAsync<BlueskyEmulator>();
        NetworkEmulator[] emulators = [mastodon, x, bluesky];
        var settings = new Dictionary<string, string?>
        {
            ["Nashir:Social:Accounts:mastodon:Network"] = "mastodon", ["Nashir:Social:Accounts:mastodon:BaseUrl"] = mastodon.BaseUrl.ToString(),
            ["Nashir:Social:Accounts:mastodon:AccessToken"] = MastodonEmulator.Token,
            ["Nashir:Social:Accounts:x:Network"] = "x", ["Nashir:Social:Accounts:x:BaseUrl"] = x.BaseUrl.ToString(), ["Nashir:Social:Accounts:x:AccessToken"] = XEmulator.Token,
            ["Nashir:Social:Accounts:bluesky:Network"] = "bluesky", ["Nashir:Social:Accounts:bluesky:BaseUrl"] = bluesky.BaseUrl.ToString(),
            ["Nashir:Social:Accounts:bluesky:Identifier"] = BlueskyEmulator.Handle, ["Nashir:Social:Accounts:bluesky:AppPassword"] = BlueskyEmulator.AppPassword,
            // Seconds instead of minutes, so that the test sees many retries and lease expiries.
            ["Nashir:Social:RequestTimeout"] = "00:00:01", ["Nashir:Social:Lease"] = "00:00:03", ["Nashir:Social:PollInterval"] = "00:00:00.200",
            ["Nashir:Social:RetryBaseDelay"] = "00:00:00.200", ["Nashir:Social:RetryMaxDelay"] = "00:00:02", ["Nashir:Social:BatchSize"] = "16",
        };
        await using var site = new ChildSite(settings);

        // Publishing first, with the dispatcher off; then only the dispatching is under fire.
        await site.StartAsync(new Dictionary<string, string?> { ["Nashir:Social:DispatchInBackground"] = "false" }, cancel);
        using (var api = new HttpClient { BaseAddress = site.BaseUrl })
        {
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NashirApp.BootstrapToken);
            for (var i = 0; i < Articles; i++) await api.CreateArticleAsync(ArticleInput.Story());
        }
        await site.KillAsync();

        foreach (var emulator in emulators)
        {
            emulator.FaultRate = 0.2;
            emulator.SlowDelay = TimeSpan.FromSeconds(1.5);
            emulator.RateLimitWait = TimeSpan.FromSeconds(1);
        }
        for (var kill = 0; kill < Kills; kill++)
        {
            await site.StartAsync(cancellationToken: cancel);
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(300, 2500)), cancel);
            await site.KillAsync();
        }
        await site.StartAsync(cancellationToken: cancel);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (OpenJobs(site) > 0 && DateTime.UtcNow < deadline) await Task.Delay(500, cancel);
        await site.KillAsync();

        Assert.Equal(0, OpenJobs(site));
        using (var db = site.OpenDatabase())
        using (var command = db.CreateCommand())
        {
            command.CommandText = """SELECT COUNT(*) FROM "SocialDeliveries" WHERE "Status" = 2""";
            Assert.Equal(Articles * 3L, (long)command.ExecuteScalar()!);
        }
        Assert.Equal(Articles, mastodon.PostCount);
        Assert.Equal(Articles, mastodon.Statuses.Select(s => s["content"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(Articles, x.PostCount);
        Assert.Equal(Articles, bluesky.PostCount);
        Assert.Equal(Articles, bluesky.Records.Values.Select(r => r["text"]!.GetValue<string>()).Distinct().Count());
        Assert.True(emulators.Sum(e => e.PostArrivals.Count) > Articles * 3, "the faults should have caused retries");
        TestContext.Current.SendDiagnosticMessage($"{Articles} articles, {Kills} kills: {emulators.Sum(e => e.PostArrivals.Count)} posting requests for {Articles * 3} posts.");
    }

    private static long OpenJobs(ChildSite site)
    {
        using var db = site.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = """SELECT COUNT(*) FROM "SocialDeliveries" WHERE "Status" IN (0, 1)""";
        return (long)command.ExecuteScalar()!;
    }
}
