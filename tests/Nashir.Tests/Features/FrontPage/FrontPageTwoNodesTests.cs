using System.Diagnostics;
using Nashir.Tests.Support;
using Nashir.Web.Features.Demo;
using Xunit;

namespace Nashir.Tests.Features.FrontPage;

/// <summary>
/// Two app nodes on one PostgreSQL database and one Redis: a breaking alert or a pinned lead posted on one node is on
/// the other node's cached pages within two seconds, because the eviction travels over Redis (the pages would
/// otherwise keep the old version for their 60 s). No clock is advanced: what is measured is the real delivery.
/// </summary>
public sealed class FrontPageTwoNodesTests(PostgresServer postgres, RedisServer redis) : IAsyncLifetime
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private NashirApp? first;
    private NashirApp? second;

    public async ValueTask InitializeAsync()
    {
        if (!await postgres.EnsureStartedAsync()) Assert.Skip("PostgreSQL unavailable: " + postgres.Unavailable);
        if (!await redis.EnsureStartedAsync()) Assert.Skip("Redis unavailable: " + redis.Unavailable);
        var storage = NashirStorage.Postgres(await postgres.CreateDatabaseAsync());
        var settings = new Dictionary<string, string?> { ["Nashir:Redis:Configuration"] = redis.Configuration,
            ["Nashir:Redis:Channel"] = $"nashir-tests:{Unique.Next()}" };
        first = new NashirApp(storage, settings: settings);
        _ = first.Services;
        second = new NashirApp(storage with { DataDirectory = Directory.CreateTempSubdirectory("nashir-node-").FullName }, settings: settings);
        _ = second.Services;
    }

    public async ValueTask DisposeAsync()
    {
        if (second is not null) await second.DisposeAsync();
        if (first is not null) await first.DisposeAsync();
    }

    [Fact]
    public async Task An_alert_posted_on_one_node_is_on_the_cached_pages_and_json_of_the_other_node_within_two_seconds()
    {
        var seed = new Uri((await first!.CreateApiClient().ListArticlesAsync("?pageSize=100")).Items.First(a =>
            a.Headline == DemoContent.SeedHeadline).Url).AbsolutePath;
        using var reader = second!.CreateReaderClient();
        Assert.Null(FrontPageCalls.BreakingText(await reader.ReadPageAsync(seed))); // cached on node 2, without an alert
        Assert.Null(FrontPageCalls.BreakingText(await reader.ReadPageAsync("/")));
        await reader.BreakingJsonAsync();
        using var editor = await first.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var text = $"عاجل من العقدة الأولى {Unique.Next()}";

        await (await editor.PostAlertAsync(text)).ShouldBeDoneAsync();
        var posted = Stopwatch.StartNew();

        await Within2sAsync(async () => FrontPageCalls.BreakingText(await reader.ReadPageAsync(seed)) == text, posted);
        Assert.Equal(text, FrontPageCalls.BreakingText(await reader.ReadPageAsync("/")));
        Assert.Equal(text, (await reader.BreakingJsonAsync()).GetProperty("text").GetString());
        TestContext.Current.SendDiagnosticMessage($"alert on node 2's cached article page after {posted.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_lead_pinned_on_one_node_leads_the_cached_home_page_of_the_other_node_within_two_seconds()
    {
        using var api = first!.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        first.Clock.Advance(TimeSpan.FromMinutes(1));
        second!.Clock.Advance(TimeSpan.FromMinutes(1));
        await api.CreateArticleAsync(ArticleInput.Story());
        using var reader = second.CreateReaderClient();
        Assert.NotEqual(article.Headline, FrontPageCalls.LeadHeadline(await reader.ReadPageAsync("/")));
        using var editor = await first.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        await (await editor.PinAsync(article.Id)).ShouldBeDoneAsync();
        var pinned = Stopwatch.StartNew();

        await Within2sAsync(async () =>
            FrontPageCalls.LeadHeadline(await reader.ReadPageAsync("/")) == article.Headline, pinned);
    }

    /// <summary>Pub/sub delivery is asynchronous: poll for at most two seconds from the change (the cache itself would
    /// hold 60).</summary>
    private static async Task Within2sAsync(Func<Task<bool>> condition, Stopwatch since)
    {
        while (!await condition())
        {
            Assert.True(since.Elapsed < TimeSpan.FromSeconds(2),
                "The other node still served the old page 2 s after the change.");
            await Task.Delay(25, Cancel);
        }
    }
}
