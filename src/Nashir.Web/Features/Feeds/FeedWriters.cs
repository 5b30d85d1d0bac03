using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Xml;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Features.Feeds;

/// <summary>One feed page being written: where it lives, what it covers, and its links.</summary>
public sealed record FeedPage(string SiteUrl, string SiteName, string SiteDescription, FeedScope Scope, FeedFormat Format, int Page, bool HasNext, DateTime Updated)
{
    public string Title => Scope.Kind == FeedScopeKind.Site ? SiteName : $"{Scope.Name} | {SiteName}";
    public string HomeUrl => SiteUrl + Scope.PagePath;
    public string SelfUrl => PageUrl(Page);
    public string PageUrl(int page) => SiteUrl + Scope.FeedPath(Format) + (page > 1 ? $"?paged={page}" : "");
    public string ArticleUrl(FeedEntry entry) => SiteUrl + ArticleUrls.Path(entry.Id, entry.Slug);
    public string Absolute(string url) => url.StartsWith('/') ? SiteUrl + url : url;
}

/// <summary>
/// RSS 2.0, Atom 1.0 and JSON Feed 1.1, each written straight to the response as the articles
/// stream in, flushed after every entry: memory stays at one article however long the texts are.
/// </summary>
public static class FeedWriters
{
    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";
    private const string MediaNs = "http://search.yahoo.com/mrss/";
    private const string AtomNs = "http://www.w3.org/2005/Atom";

    public static readonly XmlWriterSettings XmlSettings = new()
    {
        Async = true,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        // Text is cleaned (XmlSafeText.Clean); this stays on so a slip fails loudly instead of emitting broken XML.
        CheckCharacters = true,
    };

    public static string ContentType(FeedFormat format) => format switch
    {
        FeedFormat.Atom => "application/atom+xml; charset=utf-8",
        FeedFormat.Json => "application/feed+json; charset=utf-8",
        _ => "application/rss+xml; charset=utf-8",
    };

    public static Task WriteAsync(Stream body, FeedPage feed, IAsyncEnumerable<FeedEntry> entries, IReadOnlyDictionary<int, FeedEntryTerms> terms, CancellationToken cancellationToken) =>
        feed.Format switch
        {
            FeedFormat.Atom => WriteAtomAsync(body, feed, entries, terms, cancellationToken),
            FeedFormat.Json => WriteJsonAsync(body, feed, entries, terms, cancellationToken),
            _ => WriteRssAsync(body, feed, entries, terms, cancellationToken),
        };

    private static async Task WriteRssAsync(Stream body, FeedPage feed, IAsyncEnumerable<FeedEntry> entries, IReadOnlyDictionary<int, FeedEntryTerms> terms, CancellationToken cancellationToken)
    {
        await using var xml = XmlWriter.Create(body, XmlSettings);
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "rss", null);
        await xml.WriteAttributeStringAsync(null, "version", null, "2.0");
        await xml.WriteAttributeStringAsync("xmlns", "content", null, ContentNs);
        await xml.WriteAttributeStringAsync("xmlns", "dc", null, DcNs);
        await xml.WriteAttributeStringAsync("xmlns", "media", null, MediaNs);
        await xml.WriteAttributeStringAsync("xmlns", "atom", null, AtomNs);
        await xml.WriteStartElementAsync(null, "channel", null);
        await xml.TextAsync("title", feed.Title);
        await xml.TextAsync("link", feed.HomeUrl);
        await xml.TextAsync("description", feed.SiteDescription);
        await xml.TextAsync("language", "ar");
        await xml.TextAsync("lastBuildDate", Rfc822(feed.Updated));
        await xml.TextAsync("generator", "Nashir");
        await AtomLinkAsync(xml, "atom", "self", feed.SelfUrl, "application/rss+xml");
        if (feed.Page > 1) await AtomLinkAsync(xml, "atom", "previous", feed.PageUrl(feed.Page - 1), "application/rss+xml");
        if (feed.HasNext) await AtomLinkAsync(xml, "atom", "next", feed.PageUrl(feed.Page + 1), "application/rss+xml");

        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            var url = feed.ArticleUrl(entry);
            var entryTerms = terms.GetValueOrDefault(entry.Id);
            await xml.WriteStartElementAsync(null, "item", null);
            await xml.TextAsync("title", entry.Headline);
            await xml.TextAsync("link", url);
            await xml.WriteStartElementAsync(null, "guid", null);
            await xml.WriteAttributeStringAsync(null, "isPermaLink", null, "true");
            await xml.WriteStringAsync(url);
            await xml.WriteEndElementAsync();
            await xml.TextAsync("pubDate", Rfc822(entry.PublishedAt));
            foreach (var author in entryTerms?.Authors ?? []) await xml.WriteElementStringAsync("dc", "creator", DcNs, XmlSafeText.Clean(author.Name));
            foreach (var term in (entryTerms?.Categories ?? []).Concat(entryTerms?.Tags ?? [])) await xml.TextAsync("category", term);
            await xml.TextAsync("description", entry.Excerpt);
            await xml.WriteElementStringAsync("content", "encoded", ContentNs, XmlSafeText.Clean(entry.Body));
            if (entry.ImageUrl is { } image)
            {
                var imageUrl = XmlSafeText.Clean(feed.Absolute(image));
                await xml.WriteStartElementAsync("media", "content", MediaNs);
                await xml.WriteAttributeStringAsync(null, "url", null, imageUrl);
                await xml.WriteAttributeStringAsync(null, "medium", null, "image");
                if (entry.ImageAlt is { } alt) await xml.WriteElementStringAsync("media", "description", MediaNs, XmlSafeText.Clean(alt));
                await xml.WriteEndElementAsync();
                // RSS requires a length; 0 is the accepted "unknown" (we do not fetch the image to measure it).
                await xml.WriteStartElementAsync(null, "enclosure", null);
                await xml.WriteAttributeStringAsync(null, "url", null, imageUrl);
                await xml.WriteAttributeStringAsync(null, "length", null, "0");
                await xml.WriteAttributeStringAsync(null, "type", null, ImageType(image));
                await xml.WriteEndElementAsync();
            }
            await xml.WriteEndElementAsync();
            await xml.FlushAsync();
        }
        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
    }

    private static async Task WriteAtomAsync(Stream body, FeedPage feed, IAsyncEnumerable<FeedEntry> entries, IReadOnlyDictionary<int, FeedEntryTerms> terms, CancellationToken cancellationToken)
    {
        await using var xml = XmlWriter.Create(body, XmlSettings);
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "feed", AtomNs);
        await xml.WriteAttributeStringAsync("xml", "lang", null, "ar");
        await xml.AtomTextAsync("id", feed.SelfUrl);
        await xml.AtomTextAsync("title", feed.Title);
        await xml.AtomTextAsync("subtitle", feed.SiteDescription);
        await xml.AtomTextAsync("updated", W3c(feed.Updated));
        // A feed-level author makes every entry valid even if one had no byline (RFC 4287 §4.1.1).
        await xml.WriteStartElementAsync(null, "author", AtomNs);
        await xml.AtomTextAsync("name", feed.SiteName);
        await xml.WriteEndElementAsync();
        await AtomLinkAsync(xml, null, "self", feed.SelfUrl, "application/atom+xml");
        await AtomLinkAsync(xml, null, "alternate", feed.HomeUrl, "text/html");
        if (feed.Page > 1) await AtomLinkAsync(xml, null, "previous", feed.PageUrl(feed.Page - 1), "application/atom+xml");
        if (feed.HasNext) await AtomLinkAsync(xml, null, "next", feed.PageUrl(feed.Page + 1), "application/atom+xml");
        await xml.AtomTextAsync("generator", "Nashir");

        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            var url = feed.ArticleUrl(entry);
            var entryTerms = terms.GetValueOrDefault(entry.Id);
            await xml.WriteStartElementAsync(null, "entry", AtomNs);
            await xml.AtomTextAsync("id", url);
            await xml.AtomTextAsync("title", entry.Headline);
            await AtomLinkAsync(xml, null, "alternate", url, "text/html");
            await xml.AtomTextAsync("published", W3c(entry.PublishedAt));
            await xml.AtomTextAsync("updated", W3c(entry.UpdatedAt));
            foreach (var author in entryTerms?.Authors ?? [])
            {
                await xml.WriteStartElementAsync(null, "author", AtomNs);
                await xml.AtomTextAsync("name", author.Name);
                await xml.AtomTextAsync("uri", feed.SiteUrl + ArticleUrls.Author(author.Slug));
                await xml.WriteEndElementAsync();
            }
            foreach (var term in (entryTerms?.Categories ?? []).Concat(entryTerms?.Tags ?? []))
            {
                await xml.WriteStartElementAsync(null, "category", AtomNs);
                await xml.WriteAttributeStringAsync(null, "term", null, XmlSafeText.Clean(term));
                await xml.WriteEndElementAsync();
            }
            await xml.AtomTextAsync("summary", entry.Excerpt);
            await xml.WriteStartElementAsync(null, "content", AtomNs);
            await xml.WriteAttributeStringAsync(null, "type", null, "html");
            await xml.WriteStringAsync(XmlSafeText.Clean(entry.Body));
            await xml.WriteEndElementAsync();
            if (entry.ImageUrl is { } image) await AtomLinkAsync(xml, null, "enclosure", feed.Absolute(image), ImageType(image));
            await xml.WriteEndElementAsync();
            await xml.FlushAsync();
        }
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
    }

    private static readonly JsonWriterOptions JsonOptions = new()
    {
        // Arabic as UTF-8 rather than \u escapes: a third of the size, and readable.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private static async Task WriteJsonAsync(Stream body, FeedPage feed, IAsyncEnumerable<FeedEntry> entries, IReadOnlyDictionary<int, FeedEntryTerms> terms, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(body, JsonOptions);
        json.WriteStartObject();
        json.WriteString("version", "https://jsonfeed.org/version/1.1");
        json.WriteString("title", feed.Title);
        json.WriteString("home_page_url", feed.HomeUrl);
        json.WriteString("feed_url", feed.SelfUrl);
        json.WriteString("description", feed.SiteDescription);
        json.WriteString("language", "ar");
        if (feed.HasNext) json.WriteString("next_url", feed.PageUrl(feed.Page + 1));
        json.WriteStartArray("items");
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            var url = feed.ArticleUrl(entry);
            var entryTerms = terms.GetValueOrDefault(entry.Id);
            json.WriteStartObject();
            json.WriteString("id", url);
            json.WriteString("url", url);
            json.WriteString("title", entry.Headline);
            json.WriteString("content_html", entry.Body);
            json.WriteString("summary", entry.Excerpt);
            if (entry.ImageUrl is { } image) json.WriteString("image", feed.Absolute(image));
            json.WriteString("date_published", W3c(entry.PublishedAt));
            json.WriteString("date_modified", W3c(entry.UpdatedAt));
            json.WriteStartArray("authors");
            foreach (var author in entryTerms?.Authors ?? [])
            {
                json.WriteStartObject();
                json.WriteString("name", author.Name);
                json.WriteString("url", feed.SiteUrl + ArticleUrls.Author(author.Slug));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("tags");
            foreach (var term in (entryTerms?.Categories ?? []).Concat(entryTerms?.Tags ?? [])) json.WriteStringValue(term);
            json.WriteEndArray();
            json.WriteString("language", "ar");
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static Task TextAsync(this XmlWriter xml, string name, string value) =>
        xml.WriteElementStringAsync(null, name, null, XmlSafeText.Clean(value));

    private static Task AtomTextAsync(this XmlWriter xml, string name, string value) =>
        xml.WriteElementStringAsync(null, name, AtomNs, XmlSafeText.Clean(value));

    private static async Task AtomLinkAsync(XmlWriter xml, string? prefix, string rel, string href, string type)
    {
        await xml.WriteStartElementAsync(prefix, "link", AtomNs);
        await xml.WriteAttributeStringAsync(null, "rel", null, rel);
        await xml.WriteAttributeStringAsync(null, "href", null, XmlSafeText.Clean(href));
        await xml.WriteAttributeStringAsync(null, "type", null, type);
        await xml.WriteEndElementAsync();
    }

    /// <summary>RSS 2.0 dates are RFC 822 (with four-digit years, as every reader expects).</summary>
    public static string Rfc822(DateTime utc) => utc.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>W3C datetime / RFC 3339, as Atom, JSON Feed and sitemaps want: UTC, to the second.</summary>
    public static string W3c(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string ImageType(string url)
    {
        var path = url.Split('?', '#')[0];
        return Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".PNG" => "image/png",
            ".GIF" => "image/gif",
            ".WEBP" => "image/webp",
            ".AVIF" => "image/avif",
            ".SVG" => "image/svg+xml",
            _ => "image/jpeg",
        };
    }
}
