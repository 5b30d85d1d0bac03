using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Web.Features.Articles;
using Xunit;

namespace Nashir.Tests.Platform.Caching;

/// <summary>
/// The output cache serves anonymous readers, forgets pages the moment an article changes, never
/// serves or keeps a signed-in editor's page, and lets every cached view count as a read.
/// </summary>
public sealed partial class PublicCacheTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Repeated_reads_are_served_from_the_cache_and_every_one_is_counted()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        using var reader = app.CreateReaderClient(NashirApp.BrowserUserAgent);

        var ages = new List<bool>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await reader.GetAsync(new Uri(article.Path, UriKind.Relative), Cancel);
            await response.ShouldBeAsync(HttpStatusCode.OK);
            ages.Add(response.Headers.Age is not null);
        }
        await app.FlushReadsAsync();

        Assert.Equal([false, true, true, true, true], ages);
        Assert.Equal(article.ReadCount + 5, (await api.GetArticleAsync(article.Id)).ReadCount);
    }

    [Fact]
    public async Task Publishing_shows_at_once_on_the_cached_home_page_and_feeds()
    {
        using var api = app.CreateApiClient();
        using var reader = app.CreateReaderClient();
        await reader.ReadPageAsync("/");
        await reader.ReadTextAsync("/feed");

        var article = await api.CreateArticleAsync(ArticleInput.Story());

        Assert.Contains(article.Headline, await reader.ReadPageAsync("/"), StringComparison.Ordinal);
        Assert.Contains(article.Headline, await reader.ReadTextAsync("/feed"), StringComparison.Ordinal);
        Assert.Contains(article.Headline, await reader.ReadTextAsync("/feed/json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_a_live_article_shows_at_once_on_its_cached_page_and_listings()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        using var reader = app.CreateReaderClient();
        await reader.ReadPageAsync(article.Path);
        await reader.ReadPageAsync("/");

        var edited = await api.UpdateArticleAsync(article.Id, new ArticleInput { Headline = $"عنوان جديد بعد التحرير {Unique.Next()}" });

        Assert.Contains(edited.Headline, await reader.ReadPageAsync(edited.Path), StringComparison.Ordinal);
        Assert.Contains(edited.Headline, await reader.ReadPageAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trashing_an_article_removes_its_cached_page_and_its_feed_entry_at_once()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        using var reader = app.CreateReaderClient();
        await reader.ReadPageAsync(article.Path);
        Assert.Contains(article.Headline, await reader.ReadTextAsync("/feed"), StringComparison.Ordinal);

        using (var trashed = await api.DeleteAsync(new Uri($"/api/v1/articles/{article.Id}", UriKind.Relative), Cancel))
            await trashed.ShouldBeAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NotFound, await reader.StatusOfAsync(article.Path));
        Assert.DoesNotContain(article.Headline, await reader.ReadTextAsync("/feed"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schedule_coming_due_shows_on_the_cached_home_page_when_the_publisher_flips_it()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story("scheduled") with { PublishAt = app.Clock.GetUtcNow().AddMinutes(10) });
        using var reader = app.CreateReaderClient();
        Assert.DoesNotContain(article.Headline, await reader.ReadPageAsync("/"), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromMinutes(11));
        await app.Services.GetRequiredService<ScheduledPublisher>().PublishDueAsync(Cancel);

        Assert.Contains(article.Headline, await reader.ReadPageAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_in_editors_are_never_served_nor_leave_cached_pages()
    {
        var editor = await app.CreateStaffAsync("editor");
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        using var signedIn = await app.SignInAsync(editor.Email, editor.Password);
        using var reader = app.CreateReaderClient();
        await reader.ReadPageAsync(article.Path);

        for (var i = 0; i < 2; i++)
        {
            using var response = await signedIn.GetAsync(new Uri(article.Path, UriKind.Relative), Cancel);
            await response.ShouldBeAsync(HttpStatusCode.OK);
            Assert.Null(response.Headers.Age);
        }
        using var anonymous = await reader.GetAsync(new Uri("/", UriKind.Relative), Cancel);
        using var again = await reader.GetAsync(new Uri("/", UriKind.Relative), Cancel);
        Assert.NotNull(again.Headers.Age);
    }

    [Fact]
    public async Task A_response_that_sets_a_cookie_is_never_stored()
    {
        using var reader = app.CreateReaderClient();
        for (var i = 0; i < 2; i++)
        {
            // The sign-in form sets the anti-forgery cookie: per visitor by nature.
            using var response = await reader.GetAsync(new Uri("/admin/login", UriKind.Relative), Cancel);
            Assert.Null(response.Headers.Age);
        }
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Pages_and_feeds_are_compressed(string encoding)
    {
        using var reader = app.CreateReaderClient();
        foreach (var path in new[] { "/", "/feed", "/sitemap.xml" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            using var response = await reader.SendAsync(request, Cancel);
            await response.ShouldBeAsync(HttpStatusCode.OK);
            Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        }
    }

    [Fact]
    public async Task Fingerprinted_static_assets_are_cached_for_a_year()
    {
        // Served from the build output (as tests are), ASP.NET answers no-cache so edits show at once; a
        // published site answers with the manifest's headers, which this switch keeps here too.
        await using var production = new NashirApp(NashirStorage.Sqlite(), demoContent: false,
            settings: new Dictionary<string, string?> { ["EnableStaticAssetsDevelopmentCaching"] = "true" });
        using var reader = production.CreateReaderClient();
        var home = await reader.ReadPageAsync("/");
        var stylesheet = StylesheetHref().Match(home).Groups[1].Value;
        Assert.Matches(@"site\.[a-z0-9]+\.css", stylesheet);

        using var response = await reader.GetAsync(new Uri(stylesheet, UriKind.Relative), Cancel);

        await response.ShouldBeAsync(HttpStatusCode.OK);
        Assert.True(TimeSpan.FromDays(365) == response.Headers.CacheControl?.MaxAge, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"([^\"]+)\"")]
    private static partial Regex StylesheetHref();
}
