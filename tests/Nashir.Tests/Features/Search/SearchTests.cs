using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Search;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Text.Arabic;
using Xunit;

namespace Nashir.Tests.Features.Search;

public sealed class SearchTests_on_Sqlite(SqliteApp app) : SearchTests<SqliteApp>(app);

public sealed class SearchTests_on_Postgres(PostgresApp app) : SearchTests<PostgresApp>(app);

/// <summary>
/// Search through the real site: the index follows every change of an article in the same
/// transaction, the query language works, and no input is an error. Each test tags its articles with
/// a unique word ("وسم12") so that tests sharing the app see only their own articles.
/// </summary>
public abstract class SearchTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Marker() => $"وسم{Unique.Next()}";

    private static ArticleInput Story(string headline, string body, string status = "published") =>
        new() { Headline = headline, Body = $"<p>{body}</p>", Status = status };

    [Fact]
    public async Task Publishing_editing_unpublishing_and_trashing_keep_search_in_step()
    {
        using var api = app.CreateApiClient();
        using var reader = app.CreateReaderClient();
        var marker = Marker();
        var article = await api.CreateArticleAsync(Story($"الرئيس الأمريكى يصل إلى جنيف {marker}", "قال البيت الأبيض فى بيان إن الزيارة تستمر يومين."));

        Assert.Equal([article.Id], await reader.SearchIdsAsync($"امريكا {marker}"));

        await api.UpdateArticleAsync(article.Id, new ArticleInput { Headline = $"وزير الزراعة يتفقد حقول الزعفران {marker}" });
        Assert.Equal([article.Id], await reader.SearchIdsAsync($"زعفران {marker}"));
        Assert.Empty(await reader.SearchIdsAsync($"امريكا {marker}"));

        await api.UpdateArticleAsync(article.Id, new ArticleInput { Status = "draft" });
        Assert.Empty(await reader.SearchIdsAsync(marker));

        await api.UpdateArticleAsync(article.Id, new ArticleInput { Status = "published" });
        Assert.Equal([article.Id], await reader.SearchIdsAsync(marker));

        using var trashed = await api.DeleteAsync(new Uri($"/api/v1/articles/{article.Id}", UriKind.Relative), Cancel);
        await trashed.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Empty(await reader.SearchIdsAsync(marker));
    }

    [Fact]
    public async Task A_scheduled_article_is_found_from_its_time_without_reindexing()
    {
        using var api = app.CreateApiClient();
        using var reader = app.CreateReaderClient();
        var marker = Marker();
        var article = await api.CreateArticleAsync(Story($"افتتاح معرض الكتاب {marker}", "يفتتح المعرض أبوابه للجمهور.", "scheduled") with
        {
            PublishAt = app.Clock.GetUtcNow().AddHours(1),
        });

        Assert.Empty(await reader.SearchIdsAsync(marker));
        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Equal([article.Id], await reader.SearchIdsAsync(marker));

        await app.Services.GetRequiredService<ScheduledPublisher>().PublishDueAsync(Cancel);
        Assert.Equal([article.Id], await reader.SearchIdsAsync(marker));
    }

    [Fact]
    public async Task Headline_matches_rank_first_then_exact_forms_then_stems_and_main_is_not_president()
    {
        using var api = app.CreateApiClient();
        using var reader = app.CreateReaderClient();
        var marker = Marker();
        var stemOnly = await api.CreateArticleAsync(Story($"خبر أول {marker}", "اجتمع الرئيسان في العاصمة لبحث التعاون."));
        var exact = await api.CreateArticleAsync(Story($"خبر ثان {marker}", "اجتمع رئيس في العاصمة لبحث التعاون."));
        var headline = await api.CreateArticleAsync(Story($"رئيس جديد للجنة {marker}", "اجتمعت اللجنة في العاصمة لبحث التعاون."));
        await api.CreateArticleAsync(Story($"خبر ثالث {marker}", "تغير تصميم الصفحة الرئيسية للموقع."));

        Assert.Equal([headline.Id, exact.Id, stemOnly.Id], await reader.SearchIdsAsync($"رئيس {marker}"));
    }

    [Fact]
    public async Task The_count_leaves_out_drafts_and_articles_not_yet_due()
    {
        // A page of one leaves matches unread, so the total is counted on its own: on SQLite from the index,
        // less the non-live articles it matches.
        using var api = app.CreateApiClient();
        using var reader = app.CreateReaderClient();
        var marker = Marker();
        for (var i = 0; i < 3; i++) await api.CreateArticleAsync(Story($"خبر منشور {i} {marker}", $"نص الخبر {marker}."));
        await api.CreateArticleAsync(Story($"مسودة {marker}", $"نص المسودة {marker}.", "draft"));
        await api.CreateArticleAsync(Story($"خبر مجدول {marker}", $"نص الخبر المجدول {marker}.", "scheduled") with
        {
            PublishAt = app.Clock.GetUtcNow().AddDays(1),
        });

        var result = await reader.SearchAsync(marker, "&pageSize=1");

        Assert.Equal(3, result.Total);
        Assert.Single(result.Items);
    }

    [Fact]
    public async Task Small_pages_rank_exactly_as_one_page_of_every_match()
    {
        // On SQLite a page stops reading matches once older ones cannot outrank it: paging by 3 must give the
        // order of reading them all. The 8 oldest name the word in the headline and thrice in the body; the 16
        // newer, a day apart, once in a longer body, so the best page is old and a scan stopped too soon would miss it.
        using var api = app.CreateApiClient();
        using var reader = app.CreateReaderClient();
        var marker = Marker();
        var filler = string.Join(' ', Enumerable.Repeat("وقال المتحدث إن الاجتماع تناول قضايا عديدة", 6));
        var strongIds = new List<int>();
        for (var i = 0; i < 24; i++)
        {
            var strong = i < 8;
            var article = await api.CreateArticleAsync(strong
                ? Story($"{marker} في خبر {i}", $"{marker} ثم {marker} وأيضا {marker}.")
                : Story($"خبر رقم {i}", $"{marker} {filler}."));
            if (strong) strongIds.Add(article.Id);
            app.Clock.Advance(TimeSpan.FromDays(1));
        }

        var all = await reader.SearchIdsAsync(marker);
        var paged = new List<int>();
        for (var page = 1; page <= 8; page++)
        {
            var result = await reader.SearchAsync(marker, $"&pageSize=3&page={page}");
            Assert.Equal(24, result.Total);
            paged.AddRange(result.Items.Select(i => i.Id));
        }

        Assert.Equal(24, all.Count);
        Assert.Equal(strongIds.Order(), all.Take(8).Order());
        Assert.Equal(all, paged);
        Assert.Equal(all.Take(5), (await reader.SearchAsync(marker, "&pageSize=5")).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Phrases_exclusions_OR_and_filters_narrow_the_results()
    {
        using var api = app.CreateApiClient();
        using var reader = app.CreateReaderClient();
        var marker = Marker();
        var palace = await api.CreateArticleAsync(Story($"البيت الأبيض يرحب {marker}", "رحب البيت الأبيض بالاتفاق.") with { Categories = [$"سياسة {marker}"] });
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var house = await api.CreateArticleAsync(Story($"ترميم البيت القديم {marker}", "طلي البيت باللون الأبيض.") with { Tags = [$"تراث {marker}"] });

        Assert.Equal([palace.Id], await reader.SearchIdsAsync($"\"البيت الأبيض\" {marker}"));
        Assert.Equal([house.Id], await reader.SearchIdsAsync($"البيت -يرحب {marker}"));
        Assert.Equal([house.Id, palace.Id], await reader.SearchIdsAsync($"ترميم OR يرحب {marker}", "&sort=newest"));
        Assert.Equal([palace.Id], await reader.SearchIdsAsync(marker, "&category=" + Uri.EscapeDataString(palace.Categories[0].Slug)));
        Assert.Equal([house.Id], await reader.SearchIdsAsync(marker, "&tag=" + Uri.EscapeDataString(house.Tags[0].Slug)));
        var today = app.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2, (await reader.SearchIdsAsync(marker, $"&from={today}&to={today}")).Count);
        Assert.Empty(await reader.SearchIdsAsync(marker, "&to=2000-01-01"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("في")]
    [InlineData("\"بوتين")]
    [InlineData("بوتين\" \"")]
    [InlineData("NEAR(بوتين بايدن, 5)")]
    [InlineData("* : ^ - + ( ) { } \" ' ; -- /*")]
    [InlineData("بوتين' OR 1=1; DROP TABLE Articles; --")]
    [InlineData("🙂🔥 بايدن 🇺🇸")]
    [InlineData("Biden بايدن summit")]
    [InlineData("-بوتين")]
    [InlineData("OR OR OR")]
    [InlineData("\u200f\u202eبايدن\u202c")]
    [InlineData("ـــــ ًٌٍ")]
    public async Task Any_input_answers_a_page_and_a_result_never_an_error(string query)
    {
        using var reader = app.CreateReaderClient();

        var page = await reader.ReadPageAsync("/search?q=" + Uri.EscapeDataString(query));
        var result = await reader.SearchAsync(query);

        Assert.Contains("البحث", page, StringComparison.Ordinal);
        Assert.True(result.Total >= 0);
    }

    [Fact]
    public async Task A_very_long_query_is_cut_at_the_documented_limit()
    {
        using var reader = app.CreateReaderClient();
        var query = string.Join(' ', Enumerable.Repeat("بايدن بوتين", 500));

        var result = await reader.SearchAsync(query);

        Assert.True(result.Query.Length <= SearchQuery.MaxLength, $"The query was kept at {result.Query.Length} characters.");
        Assert.True(result.Total > 0);
    }

    [Fact]
    public async Task Only_punctuation_is_a_friendly_empty_page()
    {
        using var reader = app.CreateReaderClient();

        var page = await reader.ReadPageAsync("/search?q=" + Uri.EscapeDataString("؟!…"));

        Assert.Contains("لم نجد مقالات تطابق بحثك", page, StringComparison.Ordinal);
        Assert.Equal(0, (await reader.SearchAsync("؟!…")).Total);
    }

    [Theory]
    [InlineData("&page=0", "page")]
    [InlineData("&pageSize=0", "pageSize")]
    [InlineData("&pageSize=1000", "pageSize")]
    [InlineData("&sort=oldest", "sort")]
    [InlineData("&from=yesterday", "from")]
    public async Task Bad_paging_or_filters_in_the_api_are_problems_naming_the_field(string extra, string field)
    {
        using var reader = app.CreateReaderClient();

        using var response = await reader.GetAsync(new Uri("/api/v1/search?q=بايدن" + extra, UriKind.Relative), Cancel);

        await response.ShouldBeInvalidAsync(field);
    }

    [Fact]
    public async Task Results_highlight_the_words_as_written_never_the_stems()
    {
        using var api = app.CreateApiClient();
        using var reader = app.CreateReaderClient();
        var marker = Marker();
        var article = await api.CreateArticleAsync(Story($"قمة المناخ {marker}", "وسيدور الحديث أيضًا عن المناخ والأمريكيين."));

        using var response = await reader.GetAsync(new Uri($"/search?q={Uri.EscapeDataString($"ايضا الامريكي {marker}")}", UriKind.Relative), Cancel);
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Cancel));
        var json = await reader.SearchAsync($"ايضا الامريكي {marker}");

        Assert.Contains("<mark>أيضًا</mark>", html, StringComparison.Ordinal);
        Assert.Contains("<mark>والأمريكيين</mark>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<mark>ايض</mark>", html, StringComparison.Ordinal);
        Assert.Contains($"/news/{article.Id}/", html, StringComparison.Ordinal);
        var hit = Assert.Single(json.Items);
        Assert.Contains("<mark>أيضًا</mark>", hit.Snippet, StringComparison.Ordinal);
        Assert.True(hit.Score > 0);
        Assert.Contains("action=\"/search\"", await reader.ReadPageAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_that_finds_nothing_suggests_a_spelling_that_does()
    {
        using var api = app.CreateApiClient();
        using var reader = app.CreateReaderClient();
        await api.CreateArticleAsync(Story($"موسم القرنفل {Marker()}", "بدأ موسم حصاد القرنفل في الجزيرة."));

        var result = await reader.SearchAsync("القرنقل");

        Assert.Equal(0, result.Total);
        Assert.Equal("القرنفل", result.DidYouMean);
        Assert.Contains("هل تقصد", await reader.ReadPageAsync("/search?q=" + Uri.EscapeDataString("القرنقل")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rebuild_recreates_lost_documents_and_resumes_from_its_checkpoint()
    {
        using var api = app.CreateApiClient();
        using var reader = app.CreateReaderClient();
        var marker = Marker();
        var article = await api.CreateArticleAsync(Story($"خبر لإعادة الفهرسة {marker}", "نص الخبر."));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NashirDb>().Set<SearchDocument>().Where(d => d.ArticleId == article.Id).ExecuteDeleteAsync(Cancel);
        }
        Assert.Empty(await reader.SearchIdsAsync(marker));

        using var output = new StringWriter();
        await SearchRebuild.RunAsync(app.Services, restart: true, output);
        Assert.Equal([article.Id], await reader.SearchIdsAsync(marker));
        Assert.Contains("Indexed", output.ToString(), StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(app.Storage.DataDirectory, "search-rebuild.checkpoint"), article.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Cancel);
        using var resumed = new StringWriter();
        await SearchRebuild.RunAsync(app.Services, restart: false, resumed);
        Assert.Contains($"Resuming after article {article.Id}", resumed.ToString(), StringComparison.Ordinal);
        Assert.Contains("Indexed 0 articles", resumed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rebuild_replaces_a_stale_document_in_the_index()
    {
        using var api = app.CreateApiClient();
        using var reader = app.CreateReaderClient();
        var marker = Marker();
        var stale = Marker();
        var article = await api.CreateArticleAsync(Story($"خبر قديم في الفهرس {marker}", "نص الخبر."));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var analyzer = scope.ServiceProvider.GetRequiredService<ArabicAnalyzer>();
            await scope.ServiceProvider.GetRequiredService<NashirDb>().Set<SearchDocument>().Where(d => d.ArticleId == article.Id)
                .ExecuteUpdateAsync(d => d.SetProperty(x => x.HeadlineExact, stale).SetProperty(x => x.HeadlineStem, analyzer.Stem(stale)), Cancel);
        }
        Assert.Equal([article.Id], await reader.SearchIdsAsync(stale));
        Assert.Empty(await reader.SearchIdsAsync(marker));

        await SearchRebuild.RunAsync(app.Services, restart: true, TextWriter.Null);

        Assert.Equal([article.Id], await reader.SearchIdsAsync(marker));
        Assert.Empty(await reader.SearchIdsAsync(stale));
    }

    [Fact]
    public async Task Articles_without_a_search_document_are_indexed_after_a_restart()
    {
        var site = await app.StartNewAsync(demoContent: false);
        var marker = Marker();
        int id;
        using (var api = site.CreateApiClient())
        {
            id = (await api.CreateArticleAsync(Story($"خبر من قبل البحث {marker}", "نص الخبر."))).Id;
        }
        await using (var scope = site.Services.CreateAsyncScope())
        {
            // As on a site upgraded from a version without search.
            await scope.ServiceProvider.GetRequiredService<NashirDb>().Set<SearchDocument>().ExecuteDeleteAsync(Cancel);
        }

        await using var restarted = await site.RestartAsync();
        using var reader = restarted.CreateReaderClient();
        var backfill = restarted.Services.GetRequiredService<SearchBackfill>();
        await backfill.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30), Cancel);

        Assert.Equal([id], await reader.SearchIdsAsync(marker));
    }
}
