using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Nashir.Web.Features.Social;

/// <summary>What a template is filled with; values are plain text.</summary>
public sealed record SocialArticle(
    int Id, string Title, string Permalink, string Excerpt, string Content, string BlogTitle,
    string AuthorSlug, string AuthorName, string PublishDate, IReadOnlyList<string> Categories, IReadOnlyList<string> Tags,
    string? ImageUrl);

/// <summary>
/// Message templates with the tag names of WP2Social / Social Media Auto Publish, so templates migrated
/// from WordPress keep working.
/// </summary>
public static partial class SocialTemplate
{
    public const string Default = "{POST_TITLE}\n\n{PERMALINK}";

    public static readonly string[] Tags =
    [
        "{POST_TITLE}", "{PERMALINK}", "{POST_EXCERPT}", "{POST_CONTENT}", "{BLOG_TITLE}", "{USER_NICENAME}",
        "{USER_DISPLAY_NAME}", "{POST_PUBLISH_DATE}", "{POST_ID}", "{POST_CATEGORY}", "{POST_TAGS}",
    ];

    /// <summary>The Arabic error for a template with unknown tags (listing the valid ones), or null.</summary>
    public static string? Validate(string template)
    {
        if (string.IsNullOrWhiteSpace(template)) return "القالب فارغ.";
        var unknown = TagPattern().Matches(template).Select(m => m.Value).Where(t => !Tags.Contains(t)).Distinct().ToList();
        return unknown.Count == 0 ? null
            : $"وسوم غير معروفة في القالب: {string.Join(" ", unknown)}. الوسوم المتاحة: {string.Join(" ", Tags)}.";
    }

    public static string Render(string template, SocialArticle article) => TagPattern().Replace(template, tag => tag.Value switch
    {
        "{POST_TITLE}" => article.Title,
        "{PERMALINK}" => article.Permalink,
        "{POST_EXCERPT}" => article.Excerpt,
        "{POST_CONTENT}" => article.Content,
        "{BLOG_TITLE}" => article.BlogTitle,
        "{USER_NICENAME}" => article.AuthorSlug,
        "{USER_DISPLAY_NAME}" => article.AuthorName,
        "{POST_PUBLISH_DATE}" => article.PublishDate,
        "{POST_ID}" => article.Id.ToString(CultureInfo.InvariantCulture),
        "{POST_CATEGORY}" => string.Join("، ", article.Categories),
        "{POST_TAGS}" => string.Join(" ", article.Tags.Select(Hashtag).Where(h => h.Length > 1)),
        _ => tag.Value,
    });

    /// <summary>"الطاقة الشمسية" → "#الطاقة_الشمسية": a hashtag ends at a space or punctuation on every network.</summary>
    public static string Hashtag(string tag) =>
        "#" + string.Concat(tag.Trim().Select(c => char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark ? c : '_'))
            .Trim('_').Replace("__", "_", StringComparison.Ordinal);

    [GeneratedRegex(@"\{[A-Z_]+\}")]
    private static partial Regex TagPattern();
}

/// <summary>
/// Each network's own length rules (spec §0.2, test vectors measured with twitter-text 3.1.0), shortening at a
/// word boundary that never cuts the link, and the bidi care Arabic text with a Latin URL needs (§0.3).
/// </summary>
public static partial class SocialLength
{
    public const int UrlWeight = 23;

    public static int Limit(string network, bool caption = false) => network switch
    {
        SocialNetworks.X => 280,
        SocialNetworks.Mastodon => 500,
        SocialNetworks.Bluesky => 300,
        SocialNetworks.Telegram => caption ? 1024 : 4096,
        SocialNetworks.LinkedIn => 3000,
        SocialNetworks.Facebook => 63206,
        _ => int.MaxValue,
    };

    /// <summary>
    /// What the editor's live counter shows for a custom text: its length by the network's rules (title and link
    /// filled in, the link as the network shows it), the limit, and the text as it would be posted (shortened if over).
    /// </summary>
    public static (int Count, int Limit, string Preview) Count(string network, string template, string title, string link)
    {
        var shown = network == SocialNetworks.Bluesky ? DisplayLink(link) : link;
        var text = SocialTemplate.Render(template, new SocialArticle(0, title, shown, "", "", "", "", "", "", [], [], null)).Trim();
        return (Measure(network, text), Limit(network), Fit(network, text, shown));
    }

    /// <summary>The length the network counts against its limit.</summary>
    public static int Measure(string network, string text) => network switch
    {
        SocialNetworks.X => XWeighted(text),
        SocialNetworks.Mastodon => Graphemes(Urls().Replace(text, new string('x', UrlWeight))),
        SocialNetworks.Bluesky => Math.Max(Graphemes(text), (Utf8Bytes(text) + 9) / 10), // 300 graphemes and 3000 bytes
        SocialNetworks.Telegram => CodePoints(text),
        _ => text.Length, // LinkedIn (unit unverified: UTF-16 is the safe side) and Facebook
    };

    public static int Graphemes(string text) => new StringInfo(text).LengthInTextElements;
    public static int CodePoints(string text) => text.EnumerateRunes().Count();
    public static int Utf8Bytes(string text) => Encoding.UTF8.GetByteCount(text);

    /// <summary>
    /// twitter-text v3: NFC code points weigh 2 except U+0000–U+10FF and three punctuation ranges (1);
    /// an emoji sequence (a cluster with a supplementary code point, ZWJ or VS16) weighs 2; every URL 23.
    /// </summary>
    public static int XWeighted(string text)
    {
        text = text.Normalize(NormalizationForm.FormC);
        var weight = 0;
        var last = 0;
        foreach (Match url in Urls().Matches(text))
        {
            weight += XWeightedPlain(text[last..url.Index]) + UrlWeight;
            last = url.Index + url.Length;
        }
        return weight + XWeightedPlain(text[last..]);
    }

    private static int XWeightedPlain(string text)
    {
        var weight = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var cluster = (string)elements.Current;
            var runes = cluster.EnumerateRunes().ToList();
            if (runes.Count > 1 && runes.Any(r => r.Value > 0xFFFF || r.Value is 0x200D or 0xFE0F)) { weight += 2; continue; }
            foreach (var rune in runes)
                weight += rune.Value is <= 0x10FF or >= 0x2000 and <= 0x200D or >= 0x2010 and <= 0x201F or >= 0x2032 and <= 0x2037 ? 1 : 2;
        }
        return weight;
    }

    /// <summary>
    /// The text to post: BOMs removed, the link on its own last line (linkifiers and the bidi algorithm both
    /// get it right there), Arabic lines that start with a Latin word marked RTL, and the text before the
    /// link shortened at a word boundary with "…" until the network accepts it. The link is never cut.
    /// </summary>
    public static string Fit(string network, string text, string? link, bool caption = false)
    {
        text = text.Replace("\uFEFF", "", StringComparison.Ordinal).Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var limit = Limit(network, caption);
        string before = text, after = "";
        if (link is { Length: > 0 } && text.IndexOf(link, StringComparison.Ordinal) is var at and >= 0)
        {
            before = text[..at].TrimEnd();
            after = text[(at + link.Length)..].Trim();
        }
        else
        {
            link = null;
        }
        string Compose(string head)
        {
            var lines = string.Join("\n", new[] { MarkDirection(head), MarkDirection(after) }.Where(p => p.Length > 0));
            return link is null ? lines : lines.Length == 0 ? link : lines + "\n" + link;
        }
        var composed = Compose(before);
        if (Measure(network, composed) <= limit) return composed;

        // Drop the text after the link first (hashtags), then shorten what comes before it word by word.
        after = "";
        var words = before.Split(' ');
        int low = 0, high = words.Length;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (Measure(network, Compose(Cut(words, mid))) <= limit) low = mid; else high = mid - 1;
        }
        return Compose(low == 0 ? "" : Cut(words, low));

        static string Cut(string[] words, int count) =>
            count >= words.Length ? string.Join(' ', words) : string.Join(' ', words.Take(count)).TrimEnd('،', ',', '.', '؛', ':', '-', '—') + "…";
    }

    /// <summary>
    /// An Arabic line whose first strong letter is Latin ("COP30: …") would be laid out left-to-right by
    /// apps that pick the direction from the first letter; a right-to-left mark in front fixes it.
    /// </summary>
    public static string MarkDirection(string text) => string.Join("\n", text.Split('\n').Select(line =>
    {
        var firstStrong = line.FirstOrDefault(char.IsLetter);
        var hasArabic = line.Any(c => c is >= '\u0600' and <= '\u06FF');
        return hasArabic && firstStrong is >= 'A' and <= 'Z' or >= 'a' and <= 'z' ? "\u200F" + line : line;
    }));

    /// <summary>
    /// Bluesky counts a link's text literally, and a percent-encoded Arabic permalink alone can pass 300 graphemes.
    /// The facet carries the full URI, so the text shows a short, readable form (host and the start of the path).
    /// </summary>
    public static string DisplayLink(string link)
    {
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri)) return link;
        var shown = uri.Host + Uri.UnescapeDataString(uri.AbsolutePath);
        return shown.Length <= 40 ? shown : shown[..39] + "…";
    }

    /// <summary>A Bluesky link facet: UTF-8 byte offsets of the link in the text (spec §0.3.5).</summary>
    public static (int ByteStart, int ByteEnd)? LinkBytes(string text, string link)
    {
        var at = text.IndexOf(link, StringComparison.Ordinal);
        if (at < 0) return null;
        var start = Encoding.UTF8.GetByteCount(text.AsSpan(0, at));
        return (start, start + Encoding.UTF8.GetByteCount(link));
    }

    /// <summary>URLs as twitter-text finds them for these purposes: with a scheme, up to whitespace.</summary>
    [GeneratedRegex(@"https?://[^\s\u200E\u200F\u2066-\u2069]+")]
    public static partial Regex Urls();
}
