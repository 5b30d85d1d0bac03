namespace Nashir.Web.Features.Search;

/// <summary>Plausible misspellings' corrections of a normalized word, for "did you mean".</summary>
public static class Spelling
{
    /// <summary>
    /// Letters readers confuse by sound (س/ص, ت/ط…) or by their dots on a small screen (ف/ق, ب/ت/ث/ن/ي…);
    /// hamza forms and ta marbuta need none: the analyzer folds them.
    /// </summary>
    private static readonly string[] Confusable = ["سصث", "ذزظض", "دض", "تط", "قك", "حهخ", "عغء", "يا", "وا", "فق", "بتثني", "جحخ", "رز", "سش", "دذ"];

    private const string Letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهويء";

    public static IEnumerable<string> Neighbours(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length < 3) yield break;
        var seen = new HashSet<string>(StringComparer.Ordinal) { word };
        for (var i = 0; i < word.Length; i++)
        {
            if (Add(word.Remove(i, 1))) yield return word.Remove(i, 1);
            foreach (var group in Confusable.Where(g => g.Contains(word[i], StringComparison.Ordinal)))
            {
                foreach (var c in group)
                {
                    var swapped = string.Concat(word.AsSpan(0, i), c.ToString(), word.AsSpan(i + 1));
                    if (Add(swapped)) yield return swapped;
                }
            }
            if (i + 1 < word.Length)
            {
                var transposed = string.Concat(word.AsSpan(0, i), word[i + 1].ToString(), word[i].ToString(), word.AsSpan(i + 2));
                if (Add(transposed)) yield return transposed;
            }
        }
        for (var i = 0; i <= word.Length; i++)
        {
            foreach (var c in Letters)
            {
                var inserted = word.Insert(i, c.ToString());
                if (Add(inserted)) yield return inserted;
            }
        }

        bool Add(string candidate) => seen.Add(candidate);
    }
}
