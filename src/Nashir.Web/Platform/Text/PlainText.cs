using System.Net;
using System.Text;

namespace Nashir.Web.Platform.Text;

/// <summary>Text from sanitized HTML, for excerpts and meta descriptions.</summary>
public static class PlainText
{
    public static string FromHtml(string html)
    {
        var builder = new StringBuilder(html.Length);
        var inTag = false;
        foreach (var c in html)
        {
            if (c == '<') { inTag = true; builder.Append(' '); }
            else if (c == '>') inTag = false;
            else if (!inTag) builder.Append(c);
        }
        return UserText.CleanLine(WebUtility.HtmlDecode(builder.ToString()));
    }

    /// <summary>Shortens at a word boundary and marks the cut with an ellipsis.</summary>
    public static string Shorten(string text, int maxLength)
    {
        if (text.Length <= maxLength) return text;
        var cut = text.LastIndexOf(' ', maxLength - 1);
        return (cut > maxLength / 2 ? text[..cut] : text[..(maxLength - 1)]).TrimEnd('،', ',', '.', '؛', ':') + "…";
    }
}
