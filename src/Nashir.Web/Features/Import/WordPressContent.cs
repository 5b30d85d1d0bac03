using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Features.Import;

/// <summary>
/// WordPress post content → the HTML an editor would have written; the caller passes the result through the
/// editor's sanitizer (ArticleHtml). Block-editor content is already HTML once its block comments are gone;
/// classic-editor content gets wpautop's paragraphs. Shortcodes are a WordPress runtime feature: [caption] and
/// [embed] become what they rendered, unknown ones leave their inner text.
/// </summary>
public static partial class WordPressContent
{
    public static string ToHtml(string content)
    {
        if (string.IsNullOrWhiteSpace(content)) return "";
        var text = content.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var isBlockContent = text.Contains("<!-- wp:", StringComparison.Ordinal);
        text = BlockComment().Replace(text, "");
        text = ScriptOrStyle().Replace(text, ""); // dropped by the sanitizer anyway; gone first so they make no empty paragraph
        text = Caption().Replace(text, CaptionToFigure);
        text = Embed().Replace(text, m => "\n\n" + Link(m.Groups["url"].Value.Trim()) + "\n\n");
        text = Shortcode().Replace(text, "");
        // Layout containers of page builders and old themes: the sanitizer would drop them with their text.
        text = Container().Replace(text, "\n\n");
        text = HeadingOne().Replace(text, "<${close}h2>");
        text = BareUrlLine().Replace(text, m => Link(m.Groups["url"].Value));
        return isBlockContent ? text.Trim() : AutoParagraphs(text);
    }

    /// <summary>Comments are plain text in Nashir: tags go, line breaks and paragraphs stay.</summary>
    public static string CommentText(string content)
    {
        var text = LineBreakTag().Replace(content ?? "", "\n");
        text = Tag().Replace(text, "");
        text = UserText.StripInvisibleControls(WebUtility.HtmlDecode(text)).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var joined = string.Join('\n', text.Split('\n').Select(l => l.TrimEnd())).Trim();
        while (joined.Contains("\n\n\n", StringComparison.Ordinal)) joined = joined.Replace("\n\n\n", "\n\n", StringComparison.Ordinal);
        return joined;
    }

    private static string Link(string url) =>
        $"<a href=\"{WebUtility.HtmlEncode(url)}\">{WebUtility.HtmlEncode(Uri.TryCreate(url, UriKind.Absolute, out var u) ? Uri.UnescapeDataString(u.ToString()) : url)}</a>";

    private static string CaptionToFigure(Match caption)
    {
        var inner = caption.Groups["inner"].Value.Trim();
        var media = CaptionMedia().Match(inner);
        string image, text;
        if (media.Success)
        {
            image = media.Groups["media"].Value;
            text = inner[(media.Index + media.Length)..].Trim();
        }
        else
        {
            image = inner;
            text = "";
        }
        // WordPress before 3.4 kept the caption in an attribute.
        if (text.Length == 0 && CaptionAttribute().Match(caption.Groups["attributes"].Value) is { Success: true } attribute)
            text = WebUtility.HtmlDecode(attribute.Groups["text"].Value);
        return text.Length == 0 ? $"\n\n<figure>{image}</figure>\n\n" : $"\n\n<figure>{image}<figcaption>{text}</figcaption></figure>\n\n";
    }

    /// <summary>
    /// WordPress's wpautop, reduced to what changes the result once sanitized: text separated by a blank
    /// line is a paragraph, a single newline inside one is a &lt;br&gt;, block elements are left alone.
    /// </summary>
    private static string AutoParagraphs(string text)
    {
        var html = new StringBuilder(text.Length + 64);
        foreach (var chunk in BlankLines().Split(BlockTagOnItsOwn().Replace(text, "\n\n$0\n\n")))
        {
            var piece = chunk.Trim();
            if (piece.Length == 0) continue;
            if (BlockStart().IsMatch(piece)) html.Append(piece);
            else html.Append("<p>").Append(piece.Replace("\n", "<br>\n", StringComparison.Ordinal)).Append("</p>");
            html.Append('\n');
        }
        return html.ToString().Trim();
    }

    [GeneratedRegex(@"<!--\s*/?wp:[^>]*?-->\n?")]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"\[caption(?<attributes>[^\]]*)\](?<inner>.*?)\[/caption\]", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Caption();

    [GeneratedRegex(@"^\s*(?<media>(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)", RegexOptions.IgnoreCase)]
    private static partial Regex CaptionMedia();

    [GeneratedRegex(@"caption=""(?<text>[^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex CaptionAttribute();

    [GeneratedRegex(@"\[embed[^\]]*\](?<url>.*?)\[/embed\]", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Embed();

    /// <summary>An opening, self-closing or closing shortcode tag: [gallery ids="1,2"], [/column]. "[1]" is not one.</summary>
    [GeneratedRegex(@"\[/?[a-zA-Z][\w-]*(?:\s[^\]]*)?/?\]")]
    private static partial Regex Shortcode();

    [GeneratedRegex(@"</?(?:div|section|article|center|font|main|aside|header|footer)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Container();

    [GeneratedRegex(@"<(?<close>/?)h1\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HeadingOne();

    [GeneratedRegex(@"^[ \t]*(?<url>https?://[^\s<>""]+)[ \t]*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex BareUrlLine();

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"^<(?:p|h[1-6]|ul|ol|li|blockquote|figure|table|pre|hr|dl|address|iframe)\b", RegexOptions.IgnoreCase)]
    private static partial Regex BlockStart();

    /// <summary>Block elements get blank lines around them so that they never end up inside a paragraph.</summary>
    [GeneratedRegex(@"<(?:ul|ol|blockquote|figure|table|pre|h[1-6])\b[^>]*>.*?</(?:ul|ol|blockquote|figure|table|pre|h[1-6])>|<hr\b[^>]*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex BlockTagOnItsOwn();

    [GeneratedRegex(@"<br\s*/?>|</p>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreakTag();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();
}
