using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Web.Features.Articles;
using Xunit;

namespace Nashir.Tests.Features.Articles;

public sealed class ReadCountTests_on_Sqlite(SqliteApp app) : ReadCountTests<SqliteApp>(app);

public sealed class ReadCountTests_on_Postgres(PostgresApp app) : ReadCountTests<PostgresApp>(app);

/// <summary>Reads are counted in memory, written in batches, and survive a graceful restart.</summary>
public abstract class ReadCountTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    private const int Readers = 24;

    private const string Googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    [Fact]
    public async Task Every_concurrent_reader_is_counted_exactly_once()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());

        await ReadConcurrentlyAsync(app, article, Readers, NashirApp.BrowserUserAgent);
        await app.Services.GetRequiredService<ReadCounter>().FlushAsync(TestContext.Current.CancellationToken);

        Assert.Equal(article.ReadCount + Readers, (await api.GetArticleAsync(article.Id)).ReadCount);
    }

    [Fact]
    public async Task Bots_and_requests_without_a_user_agent_are_not_counted()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());

        await Task.WhenAll(
            ReadConcurrentlyAsync(app, article, 5, Googlebot),
            ReadConcurrentlyAsync(app, article, 5, userAgent: null),
            ReadConcurrentlyAsync(app, article, 3, NashirApp.BrowserUserAgent));
        await app.Services.GetRequiredService<ReadCounter>().FlushAsync(TestContext.Current.CancellationToken);

        Assert.Equal(article.ReadCount + 3, (await api.GetArticleAsync(article.Id)).ReadCount);
    }

    [Fact]
    public async Task Reads_not_yet_flushed_survive_a_graceful_restart()
    {
        var first = await app.StartNewAsync(demoContent: false);
        NashirApp? second = null;
        try
        {
            ArticleJson article;
            using (var api = first.CreateApiClient())
            {
                article = await api.CreateArticleAsync(ArticleInput.Story());
                await ReadConcurrentlyAsync(first, article, Readers, NashirApp.BrowserUserAgent);
                await first.Services.GetRequiredService<ReadCounter>().FlushAsync(TestContext.Current.CancellationToken);
                Assert.Equal(Readers, (await api.GetArticleAsync(article.Id)).ReadCount);

                // Counted in memory only: no flush before the stop.
                await ReadConcurrentlyAsync(first, article, 7, NashirApp.BrowserUserAgent);
            }

            second = await first.RestartAsync();

            using var restartedApi = second.CreateApiClient();
            Assert.Equal(Readers + 7, (await restartedApi.GetArticleAsync(article.Id)).ReadCount);
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null) await second.DisposeAsync();
        }
    }

    private static async Task ReadConcurrentlyAsync(NashirApp site, ArticleJson article, int count, string? userAgent)
    {
        using var reader = site.CreateReaderClient(userAgent);
        var statuses = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => reader.StatusOfAsync(article.Path)));
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }
}

public sealed class ReaderUserAgentTests
{
    [Theory]
    [InlineData(NashirApp.BrowserUserAgent, true)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", true)]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", false)]
    [InlineData("WhatsApp/2.23.20.0", false)]
    [InlineData("TelegramBot (like TwitterBot)", false)]
    [InlineData("facebookexternalhit/1.1", false)]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0 Safari/537.36", false)]
    [InlineData("CURL/8.1", false)]
    [InlineData("python-requests/2.31", false)]
    [InlineData("   ", false)]
    [InlineData(null, false)]
    public void Browsers_are_readers_and_bots_previews_and_scripts_are_not(string? userAgent, bool reader) =>
        Assert.Equal(reader, ReadCounter.IsReader(userAgent));
}
