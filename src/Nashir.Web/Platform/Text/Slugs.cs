using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Nashir.Web.Platform.Text;

/// <summary>
/// Readable URL slugs. Arabic stays Arabic (percent-encoded only on the wire); diacritics and
/// tatweel go; the slug is cut at a word boundary, never inside a word (WordPress cuts at 200
/// bytes, which is ~100 Arabic letters and often mid-word).
/// </summary>
public static class Slugs
{
    /// <summary>In characters: about a dozen Arabic words (~480 bytes once percent-encoded, far below URL limits).</summary>
    public const int MaxLength = 80;

    public static string From(string? text, int maxLength = MaxLength)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var builder = new StringBuilder(text.Length);
        var pendingDash = false;
        foreach (var rune in text.Normalize(NormalizationForm.FormKC).EnumerateRunes())
        {
            var value = rune.Value;
            if (IsArabicMark(value) || value == 0x0640) continue; // tashkeel, superscript alef, tatweel
            if (value is >= 0x0660 and <= 0x0669) value = '0' + value - 0x0660;   // Arabic-Indic digits
            else if (value is >= 0x06F0 and <= 0x06F9) value = '0' + value - 0x06F0; // Persian digits
            var normalized = new Rune(value);
            if (Rune.IsLetterOrDigit(normalized))
            {
                if (pendingDash && builder.Length > 0) builder.Append('-');
                pendingDash = false;
                builder.Append(Rune.ToLowerInvariant(normalized).ToString());
            }
            else if (Rune.GetUnicodeCategory(normalized) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.Format))
            {
                pendingDash = true;
            }
        }
        return CutAtWord(builder.ToString(), maxLength);
    }

    /// <summary>
    /// The slug, or the first of slug-2, slug-3… that <paramref name="existing"/> does not hold and <paramref name="claim"/>
    /// accepts (an import claims its own picks as it goes). Exact lookups in the unique slug index, a batch of candidates
    /// at a time: a LIKE 'slug-%' reads every slug (SQLite's LIKE cannot use the index), so each publish got slower as
    /// the site grew.
    /// </summary>
    public static async Task<string> FirstFreeAsync(IQueryable<string> existing, string slug, Func<string, bool>? claim, CancellationToken cancellationToken)
    {
        const int batch = 20;
        for (var first = 1; ; first += batch)
        {
            var candidates = Enumerable.Range(first, batch).Select(n => n == 1 ? slug : $"{slug}-{n}").ToList();
            var taken = await existing.Where(s => candidates.Contains(s)).ToListAsync(cancellationToken);
            if (candidates.FirstOrDefault(c => !taken.Contains(c) && (claim?.Invoke(c) ?? true)) is { } free) return free;
        }
    }

    /// <summary>True when a slug someone typed is already in the form From() produces.</summary>
    public static bool IsValid(string slug) => slug.Length is > 0 and <= MaxLength && From(slug) == slug;

    private static string CutAtWord(string slug, int maxLength)
    {
        if (slug.Length <= maxLength) return slug;
        var cut = slug.LastIndexOf('-', maxLength);
        return cut > 0 ? slug[..cut] : slug[..maxLength];
    }

    private static bool IsArabicMark(int value) =>
        value is >= 0x0610 and <= 0x061A or >= 0x064B and <= 0x065F or 0x0670 or >= 0x06D6 and <= 0x06ED;
}
