using System.Net;
using System.Net.Http.Headers;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;
using Xunit;

namespace Nashir.Tests.Features.Feeds;

public sealed class FeedTests_on_Sqlite(SqliteApp app) : FeedTests<SqliteApp>(app);

public sealed class FeedTests_on_Postgres(PostgresApp app) : FeedTests<PostgresApp>(app);

/// <summary>RSS, Atom and JSON Feed of the site and of each category, tag and author, as real readers parse them.</summary>
public abstract class FeedTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Media = "http://search.yahoo.com/mrss/";

    [Fact]
    public async Task Every_feed_is_read_by_dotnet_syndication_and_by_an_aggregator_parser()
    {
        using var api = app.CreateApiClient();
        var n = Unique.Next();
        var article = await api.CreateIllustratedStoryAsync($"طاقة {n}", $"شمس {n}");
        using var reader = app.CreateReaderClient();

        var scopes = new[]
        {
            "",
            "/category/" + Uri.EscapeDataString(article.Categories[0].Slug),
            "/tag/" + Uri.EscapeDataString(article.Tags[0].Slug),
            "/author/" + Uri.EscapeDataString(article.Authors[0].Slug),
        };
        var documents = new List<(string Format, string Body)>();
        foreach (var scope in scopes)
        {
            var rss = await reader.ReadTextAsync(scope + "/feed");
            var atom = await reader.ReadTextAsync(scope + "/feed/atom");
            var json = await reader.ReadTextAsync(scope + "/feed/json");
            foreach (var xml in new[] { rss, atom })
            {
                using var xmlReader = XmlReader.Create(new StringReader(xml));
                var feed = SyndicationFeed.Load(xmlReader);
                var item = Assert.Single(feed.Items, i => i.Title.Text == article.Headline);
                Assert.Equal(article.Url, Assert.Single(item.Links, l => l.RelationshipType is null or "alternate").Uri.AbsoluteUri);
            }
            using var jsonFeed = JsonDocument.Parse(json);
            Assert.Equal("https://jsonfeed.org/version/1.1", jsonFeed.RootElement.GetProperty("version").GetString());
            Assert.Contains(jsonFeed.RootElement.GetProperty("items").EnumerateArray(), i => i.GetProperty("title").GetString() == article.Headline);
            documents.AddRange([("rss", rss), ("atom", atom), ("json", json)]);
        }

        var parsed = await NodeConsumers.ParseFeedsAsync(documents);
        Assert.Equal(documents.Count, parsed.GetArrayLength());
        foreach (var feed in parsed.EnumerateArray())
        {
            var entry = Assert.Single(feed.GetProperty("entries").EnumerateArray(), e => e.GetProperty("title").GetString() == article.Headline);
            Assert.Equal(article.Url, entry.GetProperty("link").GetString());
            Assert.False(string.IsNullOrEmpty(entry.GetProperty("published").GetString()));
        }
    }

    [Fact]
    public async Task An_rss_item_carries_the_full_text_byline_terms_and_featured_image()
    {
        using var api = app.CreateApiClient();
        var n = Unique.Next();
        var article = await api.CreateIllustratedStoryAsync($"اقتصاد {n}", $"استثمار {n}");
        using var reader = app.CreateReaderClient();

        var rss = FeedReading.ParseStrict(await reader.ReadTextAsync("/category/" + Uri.EscapeDataString(article.Categories[0].Slug) + "/feed"));

        var item = Assert.Single(rss.Descendants("item"));
        Assert.Contains("تفاصيل الخطة", item.Element(Content + "encoded")?.Value, StringComparison.Ordinal);
        Assert.Equal(article.Authors[0].Name, item.Element(Dc + "creator")?.Value);
        Assert.Contains(item.Elements("category"), c => c.Value == $"اقتصاد {n}");
        Assert.Contains(item.Elements("category"), c => c.Value == $"استثمار {n}");
        Assert.Equal("https://images.example.org/solar-farm.jpg", item.Element(Media + "content")?.Attribute("url")?.Value);
        var enclosure = item.Element("enclosure");
        Assert.Equal("https://images.example.org/solar-farm.jpg", enclosure?.Attribute("url")?.Value);
        Assert.Equal("image/jpeg", enclosure?.Attribute("type")?.Value);
        Assert.Equal("ar", rss.Descendants("language").Single().Value);
    }

    [Theory]
    [InlineData("/category/no-such-section/feed")]
    [InlineData("/tag/no-such-tag/feed/atom")]
    [InlineData("/author/no-such-writer/feed/json")]
    [InlineData("/feed?paged=0")]
    [InlineData("/feed?paged=abc")]
    [InlineData("/feed?paged=99999")]
    [InlineData("/feed/atom?paged=-1")]
    [InlineData("/sitemaps/articles-99999.xml")]
    public async Task Unknown_scopes_and_pages_out_of_range_are_not_found(string path)
    {
        using var reader = app.CreateReaderClient();
        Assert.Equal(HttpStatusCode.NotFound, await reader.StatusOfAsync(path));
    }

    [Fact]
    public async Task A_feed_answers_not_modified_to_its_own_validators_and_in_full_to_garbage()
    {
        using var api = app.CreateApiClient();
        var n = Unique.Next();
        var article = await api.CreateIllustratedStoryAsync($"رياضة {n}", $"كرة {n}");
        var path = "/tag/" + Uri.EscapeDataString(article.Tags[0].Slug) + "/feed";
        using var reader = app.CreateReaderClient();

        using var first = await reader.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        await first.ShouldBeAsync(HttpStatusCode.OK);
        var etag = first.Headers.ETag ?? throw new Xunit.Sdk.XunitException("The feed has no ETag.");
        var lastModified = first.Content.Headers.LastModified ?? throw new Xunit.Sdk.XunitException("The feed has no Last-Modified.");

        Assert.Equal(HttpStatusCode.NotModified, await SendAsync(reader, path, r => r.Headers.IfNoneMatch.Add(etag)));
        Assert.Equal(HttpStatusCode.NotModified, await SendAsync(reader, path, r => r.Headers.IfModifiedSince = lastModified));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(reader, path, r => r.Headers.TryAddWithoutValidation("If-None-Match", "garbage, ,;\"unterminated")));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(reader, path, r => r.Headers.TryAddWithoutValidation("If-Modified-Since", "not a date")));

        await api.UpdateArticleAsync(article.Id, new ArticleInput { Headline = $"عنوان معدل {n} للخبر" });

        Assert.Equal(HttpStatusCode.OK, await SendAsync(reader, path, r => r.Headers.IfNoneMatch.Add(etag)));
    }

    [Fact]
    public async Task Feeds_are_paged_with_next_links_and_end_with_a_not_found()
    {
        using var api = app.CreateApiClient();
        var tag = $"ملف {Unique.Next()}";
        ArticleJson? last = null;
        for (var i = 0; i < 51; i++) last = await api.CreateArticleAsync(ArticleInput.Story() with { Tags = [tag] });
        var feedPath = "/tag/" + Uri.EscapeDataString(last!.Tags[0].Slug) + "/feed";
        using var reader = app.CreateReaderClient();

        var first = FeedReading.ParseStrict(await reader.ReadTextAsync(feedPath));
        var second = FeedReading.ParseStrict(await reader.ReadTextAsync(feedPath + "?paged=2"));

        Assert.Equal(50, first.Descendants("item").Count());
        Assert.Single(second.Descendants("item"));
        XNamespace atom = "http://www.w3.org/2005/Atom";
        Assert.EndsWith("?paged=2", first.Descendants(atom + "link").Single(l => (string?)l.Attribute("rel") == "next").Attribute("href")!.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(second.Descendants(atom + "link"), l => (string?)l.Attribute("rel") == "next");
        Assert.Equal(HttpStatusCode.NotFound, await reader.StatusOfAsync(feedPath + "?paged=3"));
        using var json = JsonDocument.Parse(await reader.ReadTextAsync("/tag/" + Uri.EscapeDataString(last.Tags[0].Slug) + "/feed/json"));
        Assert.EndsWith("/feed/json?paged=2", json.RootElement.GetProperty("next_url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_and_invalid_xml_characters_in_stored_text_never_make_malformed_xml()
    {
        using var api = app.CreateApiClient();
        var n = Unique.Next();
        var article = await api.CreateIllustratedStoryAsync($"منوعات {n}", $"غرائب {n}");
        // Straight into the database, past the editor's cleaning: imports and old data can hold anything.
        const string Dirty = "\u0001بداية\u0008 \u000B\u000Cنص\u001F\uFFFE\uFFFF نهاية\u0007";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
            await db.Articles.Where(a => a.Id == article.Id).ExecuteUpdateAsync(set => set
                .SetProperty(a => a.Headline, "عنوان " + Dirty)
                .SetProperty(a => a.Excerpt, "مقتطف " + Dirty)
                .SetProperty(a => a.Body, $"<p>{Dirty}</p>")
                .SetProperty(a => a.FeaturedImageAlt, Dirty), TestContext.Current.CancellationToken);
            await scope.ServiceProvider.GetRequiredService<PublicPageEviction>().ArticleChangedAsync(article.Id);
        }
        using var reader = app.CreateReaderClient();
        var category = "/category/" + Uri.EscapeDataString(article.Categories[0].Slug);

        foreach (var path in new[] { "/feed", "/feed/atom", category + "/feed", category + "/feed/atom", "/sitemaps/news.xml", "/sitemap.xml" })
        {
            var xml = FeedReading.ParseStrict(await reader.ReadTextAsync(path));
            if (path.Contains("feed", StringComparison.Ordinal))
                Assert.Contains(xml.Descendants(), e => e.Value.StartsWith("عنوان بداية", StringComparison.Ordinal));
        }
        using var xmlReader = XmlReader.Create(new StringReader(await reader.ReadTextAsync(category + "/feed")));
        Assert.Contains(SyndicationFeed.Load(xmlReader).Items, i => i.Title.Text.StartsWith("عنوان بداية", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(await reader.ReadTextAsync(category + "/feed/json"));
        Assert.Single(json.RootElement.GetProperty("items").EnumerateArray());
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string path, Action<HttpRequestMessage> configure)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        configure(request);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
