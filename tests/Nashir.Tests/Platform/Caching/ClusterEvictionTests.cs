using System.Net;
using Nashir.Tests.Support;
using Xunit;

namespace Nashir.Tests.Platform.Caching;

/// <summary>
/// Two app nodes on one PostgreSQL database and one Redis, as a site that outgrew one machine runs: each node keeps
/// its own page cache, and a change saved on one node shows on the other at once, not when its cache expires.
/// </summary>
public sealed class ClusterEvictionTests(PostgresServer postgres, RedisServer redis) : IAsyncLifetime
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private NashirApp? first;
    private NashirApp? second;

    private NashirApp First => first!;
    private NashirApp Second => second!;

    public async ValueTask InitializeAsync()
    {
        if (!await postgres.EnsureStartedAsync()) Assert.Skip("PostgreSQL unavailable: " + postgres.Unavailable);
        if (!await redis.EnsureStartedAsync()) Assert.Skip("Redis unavailable: " + redis.Unavailable);
        var storage = NashirStorage.Postgres(await postgres.CreateDatabaseAsync());
        var settings = new Dictionary<string, string?> { ["Nashir:Redis:Configuration"] = redis.Configuration, ["Nashir:Redis:Channel"] = $"nashir-tests:{Unique.Next()}" };
        first = new NashirApp(storage, settings: settings);
        _ = first.Services; // one node migrates and seeds before the other starts, as in a rolling deployment
        second = new NashirApp(storage with { DataDirectory = Directory.CreateTempSubdirectory("nashir-node-").FullName }, settings: settings);
        _ = second.Services;
    }

    public async ValueTask DisposeAsync()
    {
        if (second is not null) await second.DisposeAsync();
        if (first is not null) await first.DisposeAsync();
    }

    [Fact]
    public async Task An_edit_on_one_node_replaces_the_cached_page_and_home_of_the_other_node_at_once()
    {
        using var api = First.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        using var reader = Second.CreateReaderClient();
        Assert.Contains(article.Headline, await reader.ReadPageAsync(article.Path), StringComparison.Ordinal);
        await reader.ReadPageAsync("/");

        var edited = await api.UpdateArticleAsync(article.Id, new ArticleInput { Headline = $"عنوان صحّحه محرر على عقدة أخرى {Unique.Next()}" });

        // The other node hears of it over Redis, a moment later: wait for that (bounded), not for the 60 s expiry.
        await Eventually(async () => (await reader.ReadPageAsync(edited.Path)).Contains(edited.Headline, StringComparison.Ordinal));
        Assert.Contains(edited.Headline, await reader.ReadPageAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_article_trashed_on_one_node_is_gone_from_the_other_node_at_once()
    {
        using var api = First.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        using var reader = Second.CreateReaderClient();
        await reader.ReadPageAsync(article.Path);

        using (var trashed = await api.DeleteAsync(new Uri($"/api/v1/articles/{article.Id}", UriKind.Relative), Cancel))
            await trashed.ShouldBeAsync(HttpStatusCode.OK);

        await Eventually(async () =>
        {
            using var page = await reader.GetAsync(new Uri(article.Path, UriKind.Relative), Cancel);
            return page.StatusCode == HttpStatusCode.NotFound;
        });
    }

    /// <summary>Pub/sub delivery is asynchronous: poll for at most two seconds (the cache itself would hold 60).</summary>
    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The other node still served the stale page after 2 s.");
            await Task.Delay(25, Cancel);
        }
    }
}
