using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Nashir.Web.Features.Articles;

namespace Nashir.Web.Features.Feeds;

/// <summary>The site as structured data describes it: names, absolute URLs, the logo (a raster image of known size, as Google requires for publishers).</summary>
public sealed record SiteIdentity(string Url, string Name, string Description)
{
    public const string LogoPath = "/img/logo.png";
    public const int LogoWidth = 600;
    public const int LogoHeight = 60;
    public string LogoUrl => Url + LogoPath;
    public string Absolute(string url) => url.StartsWith('/') ? Url + url : url;
}

/// <summary>
/// JSON-LD (schema.org) for the article and home pages: NewsArticle and BreadcrumbList for a story,
/// NewsMediaOrganization and WebSite with a SearchAction for the home page. Written with
/// Utf8JsonWriter, whose encoder escapes &lt; &gt; &amp; — so no headline can close the script element.
/// </summary>
public static class StructuredData
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static string NewsArticle(ArticleView article, SiteIdentity site, ImageSize? imageSize = null)
    {
        var url = site.Url + ArticleUrls.Path(article.Id, article.Slug);
        return Write(json =>
        {
            json.WriteString("@context", "https://schema.org");
            json.WriteString("@type", "NewsArticle");
            json.WriteString("@id", url + "#article");
            json.WriteString("url", url);
            json.WriteString("headline", article.Headline);
            json.WriteString("description", article.Excerpt);
            json.WriteString("datePublished", FeedWriters.W3c(article.PublishedAt));
            json.WriteString("dateModified", FeedWriters.W3c(article.UpdatedAt));
            json.WriteString("inLanguage", "ar");
            json.WriteStartObject("mainEntityOfPage");
            json.WriteString("@type", "WebPage");
            json.WriteString("@id", url);
            json.WriteEndObject();
            json.WriteStartArray("image");
            // Google wants an image on every NewsArticle; the logo stands in for stories without a photo.
            var image = article.ImageUrl is { } photo ? site.Absolute(photo) : site.LogoUrl;
            if (imageSize is null) json.WriteStringValue(image);
            else
            {
                json.WriteStartObject();
                json.WriteString("@type", "ImageObject");
                json.WriteString("url", image);
                json.WriteNumber("width", imageSize.Width);
                json.WriteNumber("height", imageSize.Height);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("author");
            foreach (var author in article.Authors)
            {
                json.WriteStartObject();
                json.WriteString("@type", "Person");
                json.WriteString("name", author.Name);
                json.WriteString("url", site.Url + ArticleUrls.Author(author.Slug));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (article.Categories.Count > 0)
            {
                json.WriteStartArray("articleSection");
                foreach (var category in article.Categories) json.WriteStringValue(category.Name);
                json.WriteEndArray();
            }
            if (article.Tags.Count > 0) json.WriteString("keywords", string.Join("، ", article.Tags.Select(t => t.Name)));
            json.WritePropertyName("publisher");
            Organization(json, site);
        });
    }

    public static string Breadcrumbs(ArticleView article, SiteIdentity site) => Write(json =>
    {
        json.WriteString("@context", "https://schema.org");
        json.WriteString("@type", "BreadcrumbList");
        json.WriteStartArray("itemListElement");
        var position = 0;
        Crumb("الرئيسية", site.Url + "/");
        if (article.Categories.Count > 0) Crumb(article.Categories[0].Name, site.Url + ArticleUrls.Category(article.Categories[0].Slug));
        Crumb(article.Headline, site.Url + ArticleUrls.Path(article.Id, article.Slug));
        json.WriteEndArray();

        void Crumb(string name, string url)
        {
            json.WriteStartObject();
            json.WriteString("@type", "ListItem");
            json.WriteNumber("position", ++position);
            json.WriteString("name", name);
            json.WriteString("item", url);
            json.WriteEndObject();
        }
    });

    /// <summary>The home page: who publishes, and how to search the site (the sitelinks search box).</summary>
    public static string Home(SiteIdentity site) => Write(json =>
    {
        json.WriteString("@context", "https://schema.org");
        json.WriteStartArray("@graph");
        Organization(json, site);
        json.WriteStartObject();
        json.WriteString("@type", "WebSite");
        json.WriteString("@id", site.Url + "/#website");
        json.WriteString("url", site.Url + "/");
        json.WriteString("name", site.Name);
        json.WriteString("description", site.Description);
        json.WriteString("inLanguage", "ar");
        json.WriteStartObject("publisher");
        json.WriteString("@id", site.Url + "/#organization");
        json.WriteEndObject();
        json.WriteStartObject("potentialAction");
        json.WriteString("@type", "SearchAction");
        json.WriteStartObject("target");
        json.WriteString("@type", "EntryPoint");
        json.WriteString("urlTemplate", site.Url + "/search?q={search_term_string}");
        json.WriteEndObject();
        json.WriteString("query-input", "required name=search_term_string");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    });

    private static void Organization(Utf8JsonWriter json, SiteIdentity site)
    {
        json.WriteStartObject();
        json.WriteString("@type", "NewsMediaOrganization");
        json.WriteString("@id", site.Url + "/#organization");
        json.WriteString("name", site.Name);
        json.WriteString("url", site.Url + "/");
        json.WriteStartObject("logo");
        json.WriteString("@type", "ImageObject");
        json.WriteString("url", site.LogoUrl);
        json.WriteNumber("width", SiteIdentity.LogoWidth);
        json.WriteNumber("height", SiteIdentity.LogoHeight);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(2048);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
