using System.Net;
using Nashir.Tests.Support;
using Nashir.Web.Features.Import;
using Xunit;
using static Nashir.Tests.Features.Import.WxrFiles;

namespace Nashir.Tests.Features.Import;

/// <summary>WordPress's URLs keep working after the move: 301 to the Nashir page, and imported pages in the footer.</summary>
public sealed class LegacyUrlTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private const string EncodedSlug = "%d8%ae%d8%b7%d8%a9-%d8%a7%d9%84%d8%b7%d8%a7%d9%82%d8%a9"; // خطة-الطاقة

    [Fact]
    public async Task Old_permalinks_answer_301_and_pages_are_in_the_footer()
    {
        await using var site = await app.StartNewAsync(demoContent: false);
        var text = Document(
            Post(10, "خطة الطاقة الجديدة", slug: EncodedSlug, dateGmt: "2024-03-01 22:30:00") +
            Post(200, "من نحن", content: "<!-- wp:paragraph --><p>موقع إخباري مستقل.</p><!-- /wp:paragraph -->", type: "page", slug: "about-us"));
        var report = await site.ImportAsync(new ImportRequest([site.WriteExport(text)]));
        Assert.Equal((1, 1), (report["articles"].Imported, report["pages"].Imported));
        var reader = site.CreateReaderClient();

        async Task<string?> RedirectOf(string path)
        {
            using var response = await reader.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.MovedPermanently, $"{path} answered {(int)response.StatusCode}");
            return response.RedirectPath();
        }

        var article = await RedirectOf("/?p=10");
        Assert.StartsWith("/news/", article, StringComparison.Ordinal);
        Assert.EndsWith("/خطة-الطاقة", article, StringComparison.Ordinal);
        // The date in a WordPress permalink is wp:post_date, the old site's local date.
        Assert.Equal(article, await RedirectOf($"/2024/03/01/{EncodedSlug}/"));
        Assert.Equal(article, await RedirectOf($"/{EncodedSlug}/"));
        Assert.Equal(article, await RedirectOf($"/{EncodedSlug.ToUpperInvariant()}"));
        Assert.Equal("/pages/about-us", await RedirectOf("/?page_id=200"));
        Assert.Equal("/pages/about-us", await RedirectOf("/about-us/"));

        var page = await reader.ReadPageAsync("/pages/about-us");
        Assert.Contains("<h1>من نحن</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<p>موقع إخباري مستقل.</p>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/pages/about-us\">من نحن</a>", await reader.ReadPageAsync("/"), StringComparison.Ordinal);

        // Where the old URL already is a Nashir URL (category, author, feed), Nashir's own route answers.
        Assert.Equal(HttpStatusCode.OK, await reader.StatusOfAsync("/category/%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9/"));
        Assert.Equal(HttpStatusCode.OK, await reader.StatusOfAsync("/author/huda/"));
        Assert.Equal(HttpStatusCode.OK, await reader.StatusOfAsync("/feed/"));
        Assert.Equal(HttpStatusCode.NotFound, await reader.StatusOfAsync("/no-such-page/"));
    }

    [Fact]
    public async Task Posts_whose_slug_is_taken_get_the_next_free_numbered_one()
    {
        await using var site = await app.StartNewAsync(demoContent: false);
        using var api = site.CreateApiClient();
        var existing = await api.CreateArticleAsync(ArticleInput.Story() with { Headline = "خطة الطاقة" });
        Assert.Equal("خطة-الطاقة", existing.Slug);
        var text = Document(string.Concat(Enumerable.Range(10, 3).Select(id => Post(id, "خطة الطاقة الجديدة", slug: EncodedSlug))));

        var report = await site.ImportAsync(new ImportRequest([site.WriteExport(text)]));

        Assert.Equal(3, report["articles"].Imported);
        var reader = site.CreateReaderClient();
        var paths = new List<string?>();
        foreach (var id in new[] { 10, 11, 12 })
        {
            using var response = await reader.GetAsync(new Uri($"/?p={id}", UriKind.Relative), TestContext.Current.CancellationToken);
            paths.Add(response.RedirectPath());
        }
        Assert.Collection(paths,
            path => Assert.EndsWith("/خطة-الطاقة-2", path, StringComparison.Ordinal),
            path => Assert.EndsWith("/خطة-الطاقة-3", path, StringComparison.Ordinal),
            path => Assert.EndsWith("/خطة-الطاقة-4", path, StringComparison.Ordinal));
    }
}
