using System.Globalization;
using System.Text;

namespace Nashir.Web.Platform.Text;

/// <summary>Cleans plain text that people type into the site (headlines, names, comments).</summary>
public static class UserText
{
    /// <summary>
    /// Removes bidi embedding/override/isolate controls and other invisible format characters, which
    /// can reorder what readers see (Trojan-Source style spoofing). ZWNJ/ZWJ stay: Persian and Arabic
    /// typography uses them inside words.
    /// </summary>
    public static string StripInvisibleControls(string text)
    {
        // Most text has nothing to strip: then no copy (this runs on every article body indexed for search).
        var clean = true;
        foreach (var rune in text.EnumerateRunes()) clean &= IsAllowed(rune) && rune != Rune.ReplacementChar; // a lone surrogate reads as U+FFFD
        if (clean) return text;
        var builder = new StringBuilder(text.Length);
        Span<char> chars = stackalloc char[2];
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsAllowed(rune)) builder.Append(chars[..rune.EncodeToUtf16(chars)]);
        }
        return builder.ToString();
    }

    /// <summary>Trims, strips invisible controls and collapses runs of white space to one space.</summary>
    public static string CleanLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var stripped = StripInvisibleControls(text);
        var builder = new StringBuilder(stripped.Length);
        var pendingSpace = false;
        foreach (var c in stripped)
        {
            if (char.IsWhiteSpace(c)) { pendingSpace = builder.Length > 0; continue; }
            if (pendingSpace) { builder.Append(' '); pendingSpace = false; }
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>True when text holds something that looks like an HTML tag ("&lt;script", "&lt;/b", "&lt;!--").</summary>
    public static bool ContainsMarkup(string? text)
    {
        if (string.IsNullOrEmpty(text)) return false;
        for (var i = text.IndexOf('<'); i >= 0 && i < text.Length - 1; i = text.IndexOf('<', i + 1))
        {
            var next = text[i + 1];
            if (char.IsAsciiLetter(next) || next is '/' or '!' or '?') return true;
        }
        return false;
    }

    private static bool IsAllowed(Rune rune)
    {
        var value = rune.Value;
        if (value is '\n' or '\r' or '\t') return true;
        if (value is 0x200C or 0x200D) return true; // ZWNJ, ZWJ: part of Arabic/Persian spelling
        var category = Rune.GetUnicodeCategory(rune);
        return category is not (UnicodeCategory.Format or UnicodeCategory.Control);
    }
}
