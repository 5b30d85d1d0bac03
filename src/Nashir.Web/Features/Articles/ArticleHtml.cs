using Ganss.Xss;

namespace Nashir.Web.Features.Articles;

/// <summary>
/// The one sanitizer for article bodies (editor, API, import). HtmlSanitizer parses with a real
/// HTML5 parser (AngleSharp), so malformed markup comes out well-formed, and anything not on the
/// allow-lists (script, event handlers, javascript: URLs, style) is dropped.
/// </summary>
public sealed class ArticleHtml
{
    private static readonly string[] AllowedTags =
    [
        "p", "br", "hr", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup", "mark", "small",
        "a", "ul", "ol", "li", "blockquote", "q", "cite", "figure", "figcaption", "img", "picture", "source",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "code", "pre", "span", "abbr", "time",
    ];

    private static readonly string[] AllowedAttributes =
        ["href", "src", "srcset", "sizes", "alt", "title", "width", "height", "dir", "lang", "cite", "datetime", "colspan", "rowspan", "loading", "type", "media"];

    private readonly HtmlSanitizer sanitizer;

    public ArticleHtml()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(AllowedTags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(AllowedAttributes, StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src", "cite", "srcset"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        };
        sanitizer = new HtmlSanitizer(options);
        sanitizer.PostProcessNode += (_, e) =>
        {
            // Links to other sites must not get a handle on our window (reverse tabnabbing).
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link && link.GetAttribute("href") is { } href
                && href.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                link.SetAttribute("rel", "noopener noreferrer");
            }
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "img" } image && !image.HasAttribute("loading"))
            {
                image.SetAttribute("loading", "lazy");
            }
        };
    }

    public string Sanitize(string? html) => string.IsNullOrWhiteSpace(html) ? "" : sanitizer.Sanitize(html).Trim();
}
