using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;
using Xunit;

namespace Nashir.Tests.Features.Articles;

public sealed class MostReadTests_on_Sqlite(SqliteApp app) : MostReadTests<SqliteApp>(app);

public sealed class MostReadTests_on_Postgres(PostgresApp app) : MostReadTests<PostgresApp>(app);

/// <summary>"الأكثر قراءة" comes from per-day read counts written with each flush; today and the last seven days.</summary>
public abstract class MostReadTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_most_read_block_ranks_articles_by_their_reads()
    {
        using var api = app.CreateApiClient();
        var first = await api.CreateArticleAsync(ArticleInput.Story());
        var second = await api.CreateArticleAsync(ArticleInput.Story());
        await ReadAsync(first, 40);
        await ReadAsync(second, 30);
        await app.FlushReadsAsync();
        // The block is recomputed at most once a minute.
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        // A story never shown before, so its page is rendered now rather than taken from the cache.
        var fresh = await api.CreateArticleAsync(ArticleInput.Story());
        using var reader = app.CreateReaderClient();
        var page = await reader.ReadPageAsync(fresh.Path);

        var block = page[page.IndexOf("الأكثر قراءة", StringComparison.Ordinal)..];
        var today = block[..block.IndexOf("هذا الأسبوع", StringComparison.Ordinal)];
        Assert.True(today.IndexOf(first.Headline, StringComparison.Ordinal) is >= 0 and var at && at < today.IndexOf(second.Headline, StringComparison.Ordinal),
            "The most read of today should list the story read 40 times before the one read 30 times.");
        Assert.Contains(first.Headline, block[block.IndexOf("هذا الأسبوع", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_of_each_flush_add_up_in_one_row_per_article_and_day()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());

        await ReadAsync(article, 2);
        await app.FlushReadsAsync();
        await ReadAsync(article, 3);
        await app.FlushReadsAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<NashirDb>().DailyReads.Where(d => d.ArticleId == article.Id).ToListAsync(Cancel);
        Assert.Equal(5, Assert.Single(rows).Reads);
    }

    [Fact]
    public async Task Earlier_days_leave_today_but_count_for_the_week_until_it_passes()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        await ReadAsync(article, 200);
        await app.FlushReadsAsync();
        var mostRead = app.Services.GetRequiredService<MostRead>();

        app.Clock.Advance(TimeSpan.FromDays(2));
        var twoDaysLater = await mostRead.GetAsync();
        app.Clock.Advance(TimeSpan.FromDays(6));
        var eightDaysLater = await mostRead.GetAsync();

        Assert.DoesNotContain(twoDaysLater.Today, i => i.Id == article.Id);
        Assert.Equal(200, Assert.Single(twoDaysLater.Week, i => i.Id == article.Id).Reads);
        Assert.DoesNotContain(eightDaysLater.Week, i => i.Id == article.Id);
    }

    private async Task ReadAsync(ArticleJson article, int times)
    {
        using var reader = app.CreateReaderClient(NashirApp.BrowserUserAgent);
        var statuses = await Task.WhenAll(Enumerable.Range(0, times).Select(_ => reader.StatusOfAsync(article.Path)));
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }
}
