using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Nashir.Web.Platform.Text.Arabic;

/// <summary>A word of the text: where it stands in the original, and its two index layers.</summary>
/// <param name="Exact">The normalized surface form ("الامريكي"): clitics kept, spelling folded.</param>
/// <param name="Stem">The light stem ("امريك"): what matching is done on.</param>
public readonly record struct ArabicToken(int Start, int Length, string Exact, string Stem);

/// <summary>One name of an entity: its words as alias keys (for recognizing it in a query) and as stems (for matching it).</summary>
public sealed record AliasName(string[] Keys, string[] Stems);

/// <summary>
/// Normalization, tokenization and light stemming of Arabic text — the one implementation used to
/// index and to query, so both sides always agree. Deliberately light (prefix/suffix stripping with
/// minimum lengths, as in Larkey's Light10) plus three curated tables (embedded data files): words
/// never to stem, broken plurals and entity aliases. No stopword removal: "في" is a valid query.
/// </summary>
public sealed class ArabicAnalyzer
{
    /// <summary>Longer "words" are cut: nothing in Arabic or English news is longer, and it bounds index rows.</summary>
    public const int MaxTokenLength = 64;

    private const int MinStem = 3;

    // Innermost clitic group first matched longest-first; single-letter prepositions are handled apart.
    private static readonly string[] ArticlePrefixes = ["وال", "فال", "بال", "كال", "لل", "ال"];
    private static readonly string[] FirstSuffixes = ["هما", "كما", "تان", "تين", "ات", "ون", "ين", "ان", "ها", "هم", "هن", "كم", "نا", "يه", "يا", "وا"];
    private static readonly string[] LastSuffixes = ["ه", "ي", "ا"];

    private readonly FrozenSet<string> doNotStem;
    private readonly FrozenDictionary<string, string> brokenPlurals;

    // Span views of the tables: the stemmer looks words up without making a string of each.
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> doNotStemSpans;
    private readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> brokenPluralSpans;

    public ArabicAnalyzer() : this(ReadTable("do-not-stem.txt"), [.. ReadTable("broken-plurals.txt"), .. ReadTable("spelling-variants.txt")], ReadTable("aliases.txt"))
    {
    }

    internal ArabicAnalyzer(IEnumerable<string> doNotStemLines, IEnumerable<string> pluralLines, IEnumerable<string> aliasLines)
    {
        doNotStem = doNotStemLines.Select(Normalize).Where(w => w.Length > 0).ToFrozenSet(StringComparer.Ordinal);
        brokenPlurals = pluralLines.Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .Select(pair => (Plural: Normalize(pair[0].Trim()), Singular: Normalize(pair[1].Trim())))
            .DistinctBy(pair => pair.Plural)
            .ToFrozenDictionary(pair => pair.Plural, pair => pair.Singular, StringComparer.Ordinal);
        doNotStemSpans = doNotStem.GetAlternateLookup<ReadOnlySpan<char>>();
        brokenPluralSpans = brokenPlurals.GetAlternateLookup<ReadOnlySpan<char>>();
        Aliases = aliasLines.Select(line => line.Split('|').Select(name => Tokens(name.Trim())).Where(t => t.Count > 0)
                .Select(t => new AliasName(t.Select(w => AliasKey(w.Exact)).ToArray(), t.Select(w => w.Stem).ToArray())).ToArray())
            .Where(group => group.Length > 1)
            .ToArray();
    }

    /// <summary>Groups of names of the same entity (from aliases.txt).</summary>
    public IReadOnlyList<AliasName[]> Aliases { get; }

    /// <summary>
    /// A word with its clitics removed but no suffix: names are recognized on this, not on stems, so
    /// "لأمريكا" is the alias أمريكا but the adjective "الأمريكي" is not.
    /// </summary>
    public static string AliasKey(string exact)
    {
        var w = exact;
        if (w.Length - 1 >= MinStem && w[0] is 'و' or 'ف' && !StartsWithAny(w, ArticlePrefixes)) w = w[1..];
        var article = ArticlePrefixes.FirstOrDefault(p => w.StartsWith(p, StringComparison.Ordinal) && w.Length - p.Length >= 2);
        if (article is not null) return w[article.Length..];
        return w.Length - 1 >= MinStem && w[0] is 'ب' or 'ك' or 'ل' ? w[1..] : w;
    }

    /// <summary>The words of a text with their offsets in the original string (for highlighting) and their layers.</summary>
    public List<ArabicToken> Tokens(string text)
    {
        var tokens = new List<ArabicToken>();
        Analyze(text, (start, length, exact, stem) => tokens.Add(new ArabicToken(start, length, exact.ToString(), stem.ToString())));
        return tokens;
    }

    /// <summary>
    /// The two index layers of a text: its words' exact forms, and their stems, each joined by single spaces — what
    /// <see cref="Tokens"/> gives, without a string per word (this runs for every word indexed).
    /// </summary>
    public (string Exact, string Stem) Layers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var exactLayer = new StringBuilder(text.Length);
        var stemLayer = new StringBuilder(text.Length);
        Analyze(text, (_, _, exact, stem) =>
        {
            if (exactLayer.Length > 0)
            {
                exactLayer.Append(' ');
                stemLayer.Append(' ');
            }
            exactLayer.Append(exact);
            stemLayer.Append(stem);
        });
        return (exactLayer.ToString(), stemLayer.ToString());
    }

    private delegate void WordVisitor(int start, int length, ReadOnlySpan<char> exact, ReadOnlySpan<char> stem);

    private void Analyze(string text, WordVisitor visit)
    {
        Span<char> buffer = stackalloc char[256];
        var i = 0;
        while (i < text.Length)
        {
            if (!StartsWord(text, i)) { i++; continue; }
            var start = i;
            while (i < text.Length && ContinuesWord(text, i)) i++;
            var exact = Normalize(text.AsSpan(start, i - start), buffer);
            if (exact.Length == 0) continue;
            if (exact.Length > MaxTokenLength) exact = exact[..MaxTokenLength];
            visit(start, i - start, exact, Stem(exact));
        }
    }

    /// <summary>
    /// NFKC (presentation forms and ligatures to letters), then one character at a time: diacritics,
    /// tatweel and invisible format characters dropped; hamza carriers, alef maqsura, ta marbuta,
    /// Persian letters and all digits folded; Latin lower-cased.
    /// </summary>
    public static string Normalize(ReadOnlySpan<char> word) => Normalize(word, stackalloc char[256]).ToString();

    /// <summary>The normalized word: the word itself when nothing changes it, else folded into the buffer (or a new array when longer).</summary>
    private static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> word, Span<char> buffer)
    {
        // Fast path, most words of running text: plain Arabic letters or ASCII already in their folded form.
        if (!word.ContainsAnyExcept(PlainCharacters)) return word;
        // NFKC (an ICU call) only where it can change something: presentation forms, ligatures, a hamza or
        // madda written as a combining mark, Latin compatibility characters.
        var composed = word.ContainsAnyExcept(NoCompatibilityForms) ? word.ToString().Normalize(NormalizationForm.FormKC).AsSpan() : word;
        var folded = composed.Length <= buffer.Length ? buffer : new char[composed.Length];
        var length = 0;
        foreach (var c in composed)
        {
            var f = Fold(c);
            if (f != '\0') folded[length++] = f;
        }
        return folded[..length];
    }

    public static string Normalize(string word) => Normalize(word.AsSpan());

    /// <summary>Characters that NFKC and folding leave as they are.</summary>
    private static readonly System.Buffers.SearchValues<char> PlainCharacters = System.Buffers.SearchValues.Create(
        "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي" + "abcdefghijklmnopqrstuvwxyz0123456789");

    /// <summary>The Arabic block without the combining hamza/madda (U+0653–0655) and the high-hamza letters (U+0675–0678), plus printable ASCII.</summary>
    private static readonly System.Buffers.SearchValues<char> NoCompatibilityForms = System.Buffers.SearchValues.Create(
        string.Concat(Enumerable.Range(0x0600, 0x100).Where(c => c is not (>= 0x0653 and <= 0x0655) and not (>= 0x0675 and <= 0x0678))
            .Concat(Enumerable.Range(0x20, 0x5F)).Concat([0x200C, 0x200D, 0x200E, 0x200F]).Select(c => (char)c)));

    private static char Fold(char c)
    {
        switch (c)
        {
            case 'أ' or 'إ' or 'آ' or 'ٱ' or 'ٲ' or 'ٳ': return 'ا';
            case 'ى' or 'ی' or 'ې': return 'ي';
            case 'ة' or 'ۃ': return 'ه';
            case 'ؤ' or 'ئ': return 'ء';
            case 'ک' or 'ڪ': return 'ك';
            case 'ـ': return '\0'; // tatweel: stretches a word, carries no letter
            case >= '٠' and <= '٩': return (char)('0' + (c - '٠'));
            case >= '۰' and <= '۹': return (char)('0' + (c - '۰'));
            // The other Arabic letters, ASCII letters and digits stay as they are (no Unicode tables, no ICU call).
            case >= 'ء' and <= 'ي' or >= 'a' and <= 'z' or >= '0' and <= '9': return c;
        }
        return CharUnicodeInfo.GetUnicodeCategory(c) switch
        {
            // Tashkeel, superscript alef, Quranic marks; ZWJ/ZWNJ, bidi marks and other format characters.
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format => '\0',
            _ => char.ToLowerInvariant(c),
        };
    }

    /// <summary>A word starts at a letter or digit; marks and format characters only continue one.</summary>
    private static bool StartsWord(string text, int i) => char.IsLetterOrDigit(text[i]) && text[i] != 'ـ' || IsWordBodyJoiner(text, i) && i + 1 < text.Length && char.IsLetter(text[i + 1]);

    /// <summary>Diacritics, tatweel and ZWJ/ZWNJ never split a word (unlike FTS5's unicode61, which breaks "أيضًا" in two).</summary>
    private static bool ContinuesWord(string text, int i) => char.IsLetterOrDigit(text[i]) || IsWordBodyJoiner(text, i);

    private static bool IsWordBodyJoiner(string text, int i) =>
        CharUnicodeInfo.GetUnicodeCategory(text[i]) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.Format
        || text[i] == 'ـ';

    /// <summary>The light stem of a normalized word: clitic prefixes, then up to two suffix layers, each only when a stem of three letters remains.</summary>
    public string Stem(string word)
    {
        var stem = Stem(word.AsSpan());
        return stem.SequenceEqual(word) ? word : stem.ToString();
    }

    /// <summary>The stem: a slice of the word, or a broken plural's singular.</summary>
    private ReadOnlySpan<char> Stem(ReadOnlySpan<char> word)
    {
        if (!IsArabicWord(word) || doNotStemSpans.Contains(word)) return word;
        var w = word;
        // Conjunction و/ف, then a preposition ب/ك/ل, then the article: the order clitics attach in.
        if (w.Length - 1 >= MinStem && w[0] is 'و' or 'ف' && !StartsWithAny(w, ArticlePrefixes))
        {
            w = w[1..];
            if (doNotStemSpans.Contains(w)) return w;
        }
        var article = Prefix(w, ArticlePrefixes, 2);
        if (article is not null)
        {
            w = w[article.Length..];
        }
        else if (w.Length - 1 >= MinStem && w[0] is 'ب' or 'ك' or 'ل' && !brokenPluralSpans.ContainsKey(w))
        {
            w = w[1..];
        }
        if (brokenPluralSpans.TryGetValue(w, out var canonical)) w = canonical;
        if (doNotStemSpans.Contains(w)) return w;

        var first = Suffix(w, FirstSuffixes);
        if (first is not null) w = w[..^first.Length];
        var last = Suffix(w, LastSuffixes);
        if (last is not null) w = w[..^last.Length];
        return w;
    }

    // Loops rather than LINQ: Stem runs for every word indexed.
    private static string? Prefix(ReadOnlySpan<char> word, string[] prefixes, int minRest)
    {
        foreach (var p in prefixes)
        {
            if (word.Length - p.Length >= minRest && word.StartsWith(p, StringComparison.Ordinal)) return p;
        }
        return null;
    }

    private static string? Suffix(ReadOnlySpan<char> word, string[] suffixes)
    {
        foreach (var s in suffixes)
        {
            if (word.Length - s.Length >= MinStem && word.EndsWith(s, StringComparison.Ordinal)) return s;
        }
        return null;
    }

    /// <summary>
    /// The stems a query word may be indexed under. A leading ب/ك/ل/و/ف may be a clitic or part of the
    /// word, and the stemmer decides differently for "كبير" and "الكبير"; matching any of the readings
    /// keeps the two forms findable from each other.
    /// </summary>
    public IReadOnlyList<string> QueryStems(string exact)
    {
        var stems = new List<string> { Stem(exact) };
        if (!IsArabicWord(exact)) return stems;
        var core = exact;
        var article = ArticlePrefixes.FirstOrDefault(p => core.StartsWith(p, StringComparison.Ordinal) && core.Length - p.Length >= 2);
        if (article is not null) core = core[article.Length..];
        Add(Stem(core));
        Add(Stem("ال" + core));
        return stems;

        void Add(string stem)
        {
            if (!stems.Contains(stem)) stems.Add(stem);
        }
    }

    private static bool StartsWithAny(ReadOnlySpan<char> word, string[] prefixes) => Prefix(word, prefixes, 0) is not null;

    private static bool IsArabicWord(ReadOnlySpan<char> word) => word.Length > 0 && !word.ContainsAnyExceptInRange('\u0620', '\u064A');

    private static List<string> ReadTable(string name)
    {
        using var stream = typeof(ArabicAnalyzer).Assembly.GetManifestResourceStream(typeof(ArabicAnalyzer).Namespace + "." + name)
            ?? throw new InvalidOperationException($"The analyzer table {name} is not embedded in the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            var text = line.Trim();
            if (text.Length > 0 && !text.StartsWith('#')) lines.Add(text);
        }
        return lines;
    }
}
