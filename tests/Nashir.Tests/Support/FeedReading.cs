using System.Net;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Web.Features.Articles;
using Xunit;

namespace Nashir.Tests.Support;

/// <summary>Reading the machine-facing side of the site: feeds, sitemaps, structured data.</summary>
public static partial class FeedReading
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>GETs a document that must exist and returns its text.</summary>
    public static async Task<string> ReadTextAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Cancel);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync(Cancel);
    }

    /// <summary>Parses strictly (no DTD, every character checked), as a feed reader or crawler does: malformed XML throws.</summary>
    public static XDocument ParseStrict(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, CheckCharacters = true });
        return XDocument.Load(reader);
    }

    /// <summary>An article with a featured image, categories and tags, created through the API (raw JSON: the image is not in ArticleInput).</summary>
    public static async Task<ArticleJson> CreateIllustratedStoryAsync(this HttpClient api, string category, string tag, string status = "published",
        string imageUrl = "https://images.example.org/solar-farm.jpg")
    {
        var story = ArticleInput.Story(status);
        var json = System.Text.Json.JsonSerializer.Serialize(new
        {
            headline = story.Headline,
            body = story.Body,
            status,
            categories = new[] { category },
            tags = new[] { tag },
            featuredImage = new { url = imageUrl, alt = "ألواح شمسية في الصحراء", caption = "محطة شمسية" },
        });
        using var response = await api.SendRawAsync(HttpMethod.Post, "/api/v1/articles", json);
        await response.ShouldBeAsync(HttpStatusCode.Created);
        return await response.ReadJsonAsync<ArticleJson>();
    }

    /// <summary>Writes buffered reads now, as the flusher would on its next tick.</summary>
    public static Task FlushReadsAsync(this NashirApp app) =>
        app.Services.GetRequiredService<ReadCounter>().FlushAsync(Cancel);

    /// <summary>The text of every &lt;script type="application/ld+json"&gt; block of a page.</summary>
    public static IReadOnlyList<string> JsonLdBlocks(string html) =>
        JsonLdPattern().Matches(html).Select(m => m.Groups[1].Value).ToList();

    /// <summary>The content of a &lt;meta property|name="…"&gt; of a page (HTML-decoded), or null.</summary>
    public static string? Meta(string html, string key)
    {
        var match = Regex.Match(html, $"<meta (?:property|name)=\"{Regex.Escape(key)}\" content=\"([^\"]*)\"");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    /// <summary>The href of a &lt;link rel="…" type="…"&gt; of a page (HTML-decoded), or null.</summary>
    public static string? LinkHref(string html, string rel, string? type = null)
    {
        foreach (Match link in Regex.Matches(html, "<link [^>]*>"))
        {
            if (!link.Value.Contains($"rel=\"{rel}\"", StringComparison.Ordinal)) continue;
            if (type is not null && !link.Value.Contains($"type=\"{type}\"", StringComparison.Ordinal)) continue;
            var href = Regex.Match(link.Value, "href=\"([^\"]*)\"");
            if (href.Success) return WebUtility.HtmlDecode(href.Groups[1].Value);
        }
        return null;
    }

    [GeneratedRegex("<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLdPattern();
}
