using System.Net;
using System.Text;
using Nashir.Web.Platform.Text.Arabic;

namespace Nashir.Web.Features.Search;

/// <summary>
/// Highlights the reader's words in the original text: matching happened on stems, but the reader
/// sees the words as written ("والأمريكي", with its diacritics), never a stem. Returns HTML with
/// everything encoded except the &lt;mark&gt; elements it adds.
/// </summary>
public sealed class Snippets(ArabicAnalyzer analyzer)
{
    /// <summary>About two lines of a result list.</summary>
    public const int Words = 28;

    public static HashSet<string> Stems(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Included.SelectMany(SearchQuery.Sequences).SelectMany(s => s).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The stems of the words the reader typed (not of alias names): the excerpt window prefers them.</summary>
    public static HashSet<string> TypedStems(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Included.SelectMany(c => c.Alternatives[0]).SelectMany(w => w.Stems).ToHashSet(StringComparer.Ordinal);
    }

    public string Highlight(string text, IReadOnlySet<string> stems) =>
        Render(text, analyzer.Tokens(text), 0, text.Length, stems);

    /// <summary>The window of the text with the most matched words, or its beginning when nothing matched there.</summary>
    public string Excerpt(string text, IReadOnlySet<string> stems, IReadOnlySet<string> typed)
    {
        var tokens = analyzer.Tokens(text);
        if (tokens.Count == 0) return "";
        // A word the reader typed weighs more than a word of another name of the entity (الناتو over حلف).
        var hits = tokens.Select(t => typed.Contains(t.Stem) ? 3 : stems.Contains(t.Stem) ? 1 : 0).ToArray();
        int best = 0, bestCount = -1, count = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            count += hits[i];
            if (i >= Words) count -= hits[i - Words];
            var start = Math.Max(0, i - Words + 1);
            if (count > bestCount) { bestCount = count; best = start; }
        }
        // Start a few words before the first hit, so it is read in context.
        var first = Array.FindIndex(hits, best, h => h > 0);
        if (first >= 0) best = Math.Max(0, Math.Min(best, first - 4));
        var last = Math.Min(tokens.Count - 1, best + Words - 1);
        var from = best == 0 ? 0 : tokens[best].Start;
        var to = last == tokens.Count - 1 ? text.Length : tokens[last].Start + tokens[last].Length;
        var html = Render(text, tokens, from, to, stems);
        return (from > 0 ? "… " : "") + html + (to < text.Length ? " …" : "");
    }

    private static string Render(string text, List<ArabicToken> tokens, int from, int to, IReadOnlySet<string> stems)
    {
        var html = new StringBuilder();
        var at = from;
        foreach (var token in tokens)
        {
            if (token.Start < from || token.Start >= to || !stems.Contains(token.Stem)) continue;
            html.Append(WebUtility.HtmlEncode(text[at..token.Start]))
                .Append("<mark>").Append(WebUtility.HtmlEncode(text.Substring(token.Start, token.Length))).Append("</mark>");
            at = token.Start + token.Length;
        }
        return html.Append(WebUtility.HtmlEncode(text[at..to])).ToString();
    }
}
