using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Nashir.Tests.Support;
using Xunit;

namespace Nashir.Tests.Features.Feeds;

public sealed class SitemapTests_on_Sqlite(SqliteApp app) : SitemapTests<SqliteApp>(app);

public sealed class SitemapTests_on_Postgres(PostgresApp app) : SitemapTests<PostgresApp>(app);

/// <summary>The sitemap index, its sitemaps and robots.txt, checked against the sitemaps.org protocol and Google's extensions.</summary>
public abstract partial class SitemapTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace Image = "http://www.google.com/schemas/sitemap-image/1.1";
    private static readonly XNamespace News = "http://www.google.com/schemas/sitemap-news/0.9";
    private static readonly string[] IndexChildren = ["loc", "lastmod"];
    private static readonly string[] UrlChildren = ["loc", "lastmod", "changefreq", "priority"];

    [Fact]
    public async Task An_article_sitemap_answers_not_modified_until_an_article_in_it_changes()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        var path = $"/sitemaps/articles-{(article.Id - 1) / 10_000 + 1}.xml";
        using var reader = app.CreateReaderClient();

        using var first = await reader.GetAsync(new Uri(path, UriKind.Relative), Cancel);
        await first.ShouldBeAsync(HttpStatusCode.OK);
        var etag = first.Headers.ETag ?? throw new Xunit.Sdk.XunitException("The sitemap has no ETag.");
        Assert.NotNull(first.Content.Headers.LastModified);

        using (var head = await SendAsync(reader, HttpMethod.Head, path))
        {
            await head.ShouldBeAsync(HttpStatusCode.OK);
            Assert.Equal(etag, head.Headers.ETag);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync(Cancel));
        }
        using (var unchanged = await SendAsync(reader, HttpMethod.Get, path, r => r.Headers.IfNoneMatch.Add(etag)))
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);

        await api.UpdateArticleAsync(article.Id, new ArticleInput { Headline = $"عنوان معدل {Unique.Next()} للخبر" });

        using var changed = await SendAsync(reader, HttpMethod.Get, path, r => r.Headers.IfNoneMatch.Add(etag));
        await changed.ShouldBeAsync(HttpStatusCode.OK);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Theory]
    [InlineData("/feed")]
    [InlineData("/feed/json")]
    [InlineData("/sitemap.xml")]
    [InlineData("/sitemaps/news.xml")]
    [InlineData("/robots.txt")]
    public async Task Feeds_and_sitemaps_answer_HEAD_without_emptying_the_cached_GET(string path)
    {
        using var reader = app.CreateReaderClient();
        path += "?fresh=" + Unique.Next(); // a cache entry of its own, so the HEAD is the first request for it
        // (Kestrel drops a HEAD answer's body on the wire; the in-memory test server passes it through, so it is not checked here.)
        using (var head = await SendAsync(reader, HttpMethod.Head, path))
            await head.ShouldBeAsync(HttpStatusCode.OK);
        using var get = await SendAsync(reader, HttpMethod.Get, path);
        await get.ShouldBeAsync(HttpStatusCode.OK);
        Assert.NotEmpty(await get.Content.ReadAsByteArrayAsync(Cancel));
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        configure?.Invoke(request);
        return await client.SendAsync(request, Cancel);
    }

    [Fact]
    public async Task The_index_and_every_sitemap_follow_the_sitemaps_org_rules()
    {
        using var api = app.CreateApiClient();
        var n = Unique.Next();
        var article = await api.CreateIllustratedStoryAsync($"علوم {n}", $"فضاء {n}");
        using var reader = app.CreateReaderClient();

        var index = FeedReading.ParseStrict(await reader.ReadTextAsync("/sitemap.xml"));
        Assert.Equal(Sitemap + "sitemapindex", index.Root!.Name);
        var sitemaps = index.Root.Elements(Sitemap + "sitemap").ToList();
        Assert.InRange(sitemaps.Count, 1, 50_000);
        Assert.All(sitemaps, s => Assert.All(s.Elements(), e => Assert.Contains(e.Name.LocalName, IndexChildren)));

        var urls = new List<XElement>();
        foreach (var sitemap in sitemaps)
        {
            var loc = AbsoluteLoc(sitemap);
            if (sitemap.Element(Sitemap + "lastmod") is { } lastmod) AssertW3cDateTime(lastmod.Value);
            var text = await reader.ReadTextAsync(loc.PathAndQuery);
            Assert.True(Encoding.UTF8.GetByteCount(text) <= 50 * 1024 * 1024, $"{loc} is over 50 MB.");
            var urlset = FeedReading.ParseStrict(text).Root!;
            Assert.Equal(Sitemap + "urlset", urlset.Name);
            var entries = urlset.Elements(Sitemap + "url").ToList();
            Assert.True(entries.Count <= 50_000, $"{loc} lists {entries.Count} URLs.");
            foreach (var url in entries)
            {
                // Only the protocol's own children in its namespace; extensions live in theirs.
                Assert.All(url.Elements().Where(e => e.Name.Namespace == Sitemap), e => Assert.Contains(e.Name.LocalName, UrlChildren));
                AbsoluteLoc(url);
                if (url.Element(Sitemap + "lastmod") is { } urlLastmod) AssertW3cDateTime(urlLastmod.Value);
            }
            urls.AddRange(entries);
        }

        var listed = Assert.Single(urls, u => u.Element(Sitemap + "loc")!.Value == article.Url && u.Element(Image + "image") is not null);
        Assert.Equal("https://images.example.org/solar-farm.jpg", listed.Element(Image + "image")!.Element(Image + "loc")!.Value);
        Assert.Contains(urls, u => u.Element(Sitemap + "loc")!.Value.EndsWith("/category/" + Uri.EscapeDataString(article.Categories[0].Slug), StringComparison.Ordinal));
        Assert.Contains(urls, u => u.Element(Sitemap + "loc")!.Value.EndsWith("/tag/" + Uri.EscapeDataString(article.Tags[0].Slug), StringComparison.Ordinal));
        Assert.Contains(urls, u => u.Element(Sitemap + "loc")!.Value.EndsWith("/author/" + Uri.EscapeDataString(article.Authors[0].Slug), StringComparison.Ordinal));

        var news = Assert.Single(urls, u => u.Element(Sitemap + "loc")!.Value == article.Url && u.Element(News + "news") is not null).Element(News + "news")!;
        Assert.Equal("ar", news.Element(News + "publication")!.Element(News + "language")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(news.Element(News + "publication")!.Element(News + "name")!.Value));
        Assert.Equal(article.Headline, news.Element(News + "title")!.Value);
        AssertW3cDateTime(news.Element(News + "publication_date")!.Value);
    }

    [Fact]
    public async Task The_news_sitemap_keeps_only_the_last_48_hours()
    {
        using var api = app.CreateApiClient();
        var older = await api.CreateArticleAsync(ArticleInput.Story());
        app.Clock.Advance(TimeSpan.FromHours(49));
        var newer = await api.CreateArticleAsync(ArticleInput.Story());
        using var reader = app.CreateReaderClient();

        var news = FeedReading.ParseStrict(await reader.ReadTextAsync("/sitemaps/news.xml"));
        var locs = news.Descendants(Sitemap + "loc").Select(l => l.Value).ToList();

        Assert.Contains(newer.Url, locs);
        Assert.DoesNotContain(older.Url, locs);
        Assert.True(locs.Count <= 1000);
        var articles = await reader.ReadTextAsync($"/sitemaps/articles-{(older.Id - 1) / 10_000 + 1}.xml");
        Assert.Contains(System.Security.SecurityElement.Escape(older.Url), articles, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Robots_txt_points_crawlers_at_the_sitemaps_and_away_from_the_editors_area()
    {
        using var reader = app.CreateReaderClient();
        var robots = await reader.ReadTextAsync("/robots.txt");

        Assert.Contains("Sitemap: http://localhost/sitemap.xml", robots, StringComparison.Ordinal);
        Assert.Contains("Sitemap: http://localhost/sitemaps/news.xml", robots, StringComparison.Ordinal);
        Assert.Contains("Disallow: /admin", robots, StringComparison.Ordinal);
    }

    private static Uri AbsoluteLoc(XElement entry)
    {
        var loc = entry.Element(Sitemap + "loc")?.Value ?? throw new Xunit.Sdk.XunitException("An entry without <loc>.");
        Assert.True(loc.Length <= 2048, $"<loc> longer than 2,048 characters: {loc}");
        Assert.True(Uri.TryCreate(loc, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https", $"<loc> is not an absolute http(s) URL: {loc}");
        Assert.Equal("localhost", uri!.Host);
        // Sitemaps want URLs escaped: non-ASCII letters percent-encoded.
        Assert.True(loc.All(char.IsAscii), $"<loc> is not percent-encoded: {loc}");
        return uri;
    }

    /// <summary>W3C Datetime (https://www.w3.org/TR/NOTE-datetime), the format sitemaps require.</summary>
    private static void AssertW3cDateTime(string value)
    {
        Assert.Matches(W3cDateTime(), value);
        Assert.True(DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _), $"{value} is not a date.");
    }

    [GeneratedRegex(@"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$")]
    private static partial Regex W3cDateTime();
}
