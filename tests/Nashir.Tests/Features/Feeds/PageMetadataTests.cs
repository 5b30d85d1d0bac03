using System.Net;
using System.Text.Json;
using Nashir.Tests.Support;
using Xunit;

namespace Nashir.Tests.Features.Feeds;

/// <summary>What crawlers, link previews and embedders read in a page's head: canonical, OpenGraph, Twitter, JSON-LD, feed and oEmbed discovery.</summary>
public sealed class PageMetadataTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private const string Schema = "http://schema.org/";

    /// <summary>What Google requires or recommends for NewsArticle rich results, plus what the issue asks for.</summary>
    private static readonly string[] NewsArticleProperties =
        ["headline", "datePublished", "dateModified", "author", "image", "publisher", "mainEntityOfPage", "articleSection", "inLanguage"];

    [Fact]
    public async Task An_article_page_expands_to_a_NewsArticle_with_every_required_property_and_breadcrumbs()
    {
        using var api = app.CreateApiClient();
        var n = Unique.Next();
        var article = await api.CreateIllustratedStoryAsync($"سياسة {n}", $"انتخابات {n}");
        using var reader = app.CreateReaderClient();
        var html = await reader.ReadTextAsync(article.Path);

        var expanded = await NodeConsumers.ExpandJsonLdAsync(FeedReading.JsonLdBlocks(html));
        var nodes = expanded.EnumerateArray().SelectMany(block => block.EnumerateArray()).ToList();

        var news = Assert.Single(nodes, n => Types(n).Contains(Schema + "NewsArticle"));
        Assert.All(NewsArticleProperties, p => Assert.True(news.TryGetProperty(Schema + p, out _), $"NewsArticle lacks {p}."));
        Assert.Equal(article.Headline, Value(news, "headline"));
        Assert.Equal("ar", Value(news, "inLanguage"));
        Assert.Equal($"سياسة {n}", Value(news, "articleSection"));
        Assert.Equal(article.Authors[0].Name, Value(news.GetProperty(Schema + "author")[0], "name"));
        Assert.Equal("https://images.example.org/solar-farm.jpg", Value(news, "image"));
        Assert.Equal(article.Url, news.GetProperty(Schema + "mainEntityOfPage")[0].GetProperty("@id").GetString());
        var publisher = news.GetProperty(Schema + "publisher")[0];
        Assert.Contains(Schema + "NewsMediaOrganization", Types(publisher));
        Assert.EndsWith("/img/logo.png", Value(publisher.GetProperty(Schema + "logo")[0], "url"), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(Value(news, "datePublished"), System.Globalization.CultureInfo.InvariantCulture, out _));

        var breadcrumbs = Assert.Single(nodes, n => Types(n).Contains(Schema + "BreadcrumbList"));
        var items = breadcrumbs.GetProperty(Schema + "itemListElement").EnumerateArray().ToList();
        Assert.Equal(["الرئيسية", $"سياسة {n}", article.Headline], items.Select(i => Value(i, "name")));
    }

    [Fact]
    public async Task The_home_page_declares_the_organization_and_a_site_search_action()
    {
        using var reader = app.CreateReaderClient();
        var html = await reader.ReadTextAsync("/");

        var expanded = await NodeConsumers.ExpandJsonLdAsync(FeedReading.JsonLdBlocks(html));
        var nodes = expanded.EnumerateArray().SelectMany(block => block.EnumerateArray()).ToList();

        Assert.Contains(nodes, n => Types(n).Contains(Schema + "NewsMediaOrganization"));
        var website = Assert.Single(nodes, n => Types(n).Contains(Schema + "WebSite"));
        var action = website.GetProperty(Schema + "potentialAction")[0];
        Assert.Contains(Schema + "SearchAction", Types(action));
        Assert.Contains("{search_term_string}", Value(action.GetProperty(Schema + "target")[0], "urlTemplate"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_article_page_has_canonical_open_graph_and_twitter_metadata()
    {
        using var api = app.CreateApiClient();
        var n = Unique.Next();
        var article = await api.CreateIllustratedStoryAsync($"ثقافة {n}", $"كتب {n}");
        using var reader = app.CreateReaderClient();
        var html = await reader.ReadTextAsync(article.Path);

        Assert.Equal(article.Url, FeedReading.LinkHref(html, "canonical"));
        Assert.Equal("article", FeedReading.Meta(html, "og:type"));
        Assert.Equal("ar_AR", FeedReading.Meta(html, "og:locale"));
        Assert.Equal(article.Url, FeedReading.Meta(html, "og:url"));
        Assert.Equal(article.Headline, FeedReading.Meta(html, "og:title"));
        Assert.Equal("https://images.example.org/solar-farm.jpg", FeedReading.Meta(html, "og:image"));
        Assert.Equal("summary_large_image", FeedReading.Meta(html, "twitter:card"));
        Assert.False(string.IsNullOrWhiteSpace(FeedReading.Meta(html, "description")));
        Assert.Equal("http://localhost/feed", FeedReading.LinkHref(html, "alternate", "application/rss+xml"));
        Assert.Equal("http://localhost/feed/atom", FeedReading.LinkHref(html, "alternate", "application/atom+xml"));
        Assert.Equal("http://localhost/feed/json", FeedReading.LinkHref(html, "alternate", "application/feed+json"));
    }

    [Fact]
    public async Task An_edit_shows_in_the_metadata_at_once()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        using var reader = app.CreateReaderClient();
        Assert.Equal(article.Headline, FeedReading.Meta(await reader.ReadTextAsync(article.Path), "og:title"));

        var edited = await api.UpdateArticleAsync(article.Id, new ArticleInput { Headline = article.Headline + " (محدّث)" });
        var html = await reader.ReadTextAsync(edited.Path);

        Assert.Equal(edited.Headline, FeedReading.Meta(html, "og:title"));
        var expanded = await NodeConsumers.ExpandJsonLdAsync(FeedReading.JsonLdBlocks(html));
        var news = Assert.Single(expanded.EnumerateArray().SelectMany(block => block.EnumerateArray()), n => Types(n).Contains(Schema + "NewsArticle"));
        Assert.Equal(edited.Headline, Value(news, "headline"));
    }

    [Fact]
    public async Task A_page_without_a_photo_offers_the_logo_with_its_size()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        using var reader = app.CreateReaderClient();
        var html = await reader.ReadTextAsync(article.Path);

        Assert.Equal("http://localhost/img/logo.png", FeedReading.Meta(html, "og:image"));
        Assert.Equal("600", FeedReading.Meta(html, "og:image:width"));
        Assert.Equal("60", FeedReading.Meta(html, "og:image:height"));
        Assert.Equal(HttpStatusCode.OK, await reader.StatusOfAsync("/img/logo.png"));
    }

    [Fact]
    public async Task A_photo_served_by_the_site_itself_comes_with_its_pixel_size()
    {
        using var api = app.CreateApiClient();
        var n = Unique.Next();
        var article = await api.CreateIllustratedStoryAsync($"صور {n}", $"شعار {n}", imageUrl: "/img/logo.png");
        using var reader = app.CreateReaderClient();
        var html = await reader.ReadTextAsync(article.Path);

        Assert.Equal("http://localhost/img/logo.png", FeedReading.Meta(html, "og:image"));
        Assert.Equal("600", FeedReading.Meta(html, "og:image:width"));
        Assert.Equal("60", FeedReading.Meta(html, "og:image:height"));
        var expanded = await NodeConsumers.ExpandJsonLdAsync(FeedReading.JsonLdBlocks(html));
        var news = Assert.Single(expanded.EnumerateArray().SelectMany(block => block.EnumerateArray()), n => Types(n).Contains(Schema + "NewsArticle"));
        var image = news.GetProperty(Schema + "image")[0];
        Assert.Contains(Schema + "ImageObject", Types(image));
        Assert.Equal("600", Value(image, "width"));
        Assert.Equal("60", Value(image, "height"));
    }

    [Fact]
    public async Task An_archive_page_offers_its_own_feed()
    {
        using var api = app.CreateApiClient();
        var n = Unique.Next();
        var article = await api.CreateIllustratedStoryAsync($"صحة {n}", $"دواء {n}");
        var category = "/category/" + Uri.EscapeDataString(article.Categories[0].Slug);
        using var reader = app.CreateReaderClient();
        var html = await reader.ReadTextAsync(category);

        var feeds = System.Text.RegularExpressions.Regex.Matches(html, "<link rel=\"alternate\" type=\"application/rss\\+xml\"[^>]*href=\"([^\"]*)\"")
            .Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("http://localhost" + category + "/feed", feeds);
        Assert.Equal(HttpStatusCode.OK, await reader.StatusOfAsync(category + "/feed"));
    }

    [Fact]
    public async Task The_oembed_discovery_link_answers_with_the_article()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        using var reader = app.CreateReaderClient();
        var html = await reader.ReadTextAsync(article.Path);
        var discovery = new Uri(FeedReading.LinkHref(html, "alternate", "application/json+oembed") ?? throw new Xunit.Sdk.XunitException("No oEmbed discovery link."));

        using var oembed = JsonDocument.Parse(await reader.ReadTextAsync(discovery.PathAndQuery));

        Assert.Equal("1.0", oembed.RootElement.GetProperty("version").GetString());
        Assert.Equal("link", oembed.RootElement.GetProperty("type").GetString());
        Assert.Equal(article.Headline, oembed.RootElement.GetProperty("title").GetString());
        Assert.Equal(article.Authors[0].Name, oembed.RootElement.GetProperty("author_name").GetString());
        Assert.Equal(HttpStatusCode.NotImplemented, await reader.StatusOfAsync(discovery.PathAndQuery.Replace("format=json", "format=xml", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.NotFound, await reader.StatusOfAsync("/oembed?url=" + Uri.EscapeDataString("https://elsewhere.example/news/1/x")));
        Assert.Equal(HttpStatusCode.NotFound, await reader.StatusOfAsync("/oembed?url=" + Uri.EscapeDataString("http://localhost/news/999999/x")));
    }

    private static IEnumerable<string?> Types(JsonElement node) =>
        node.TryGetProperty("@type", out var types) ? types.EnumerateArray().Select(t => t.GetString()) : [];

    /// <summary>The first value of an expanded property: {"@value": …} or {"@id": …}.</summary>
    private static string? Value(JsonElement node, string property)
    {
        var first = node.GetProperty(Schema + property)[0];
        return first.TryGetProperty("@value", out var value) ? value.ToString() : first.GetProperty("@id").GetString();
    }
}
