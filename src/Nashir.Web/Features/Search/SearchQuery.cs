using System.Text;
using Nashir.Web.Platform.Text.Arabic;

namespace Nashir.Web.Features.Search;

/// <summary>One word of a query: the stems it may be indexed under and its normalized form (for ranking).</summary>
public sealed record QueryWord(IReadOnlyList<string> Stems, string Exact);

/// <summary>
/// A clause of the query: matches when any alternative sequence of words matches. A plain word is a
/// one-word alternative; a quoted phrase one many-word alternative; an alias group several.
/// </summary>
public sealed record QueryClause(IReadOnlyList<IReadOnlyList<QueryWord>> Alternatives, bool Excluded, string Text);

/// <summary>
/// What a reader typed, parsed: words (all must match), "exact phrase", -excluded, OR between two
/// clauses. Never fails: unbalanced quotes close at the end, operators without operands are words
/// or nothing, everything that is not a letter or digit (FTS syntax, emoji) only separates words.
/// The engines get queries built from analyzed tokens only, never the reader's text.
/// </summary>
public sealed record SearchQuery(IReadOnlyList<QueryClause> Clauses)
{
    /// <summary>Longer input is cut (at a word boundary): no headline-sized query needs more, and it bounds the work per request.</summary>
    public const int MaxLength = 200;

    /// <summary>Clauses beyond this are ignored: each one is an index lookup.</summary>
    public const int MaxClauses = 12;

    /// <summary>Expanded alternatives per clause (clitic readings × alias names), to bound the engine query.</summary>
    private const int MaxAlternatives = 16;

    public bool IsEmpty => !Clauses.Any(c => !c.Excluded);

    public IEnumerable<QueryClause> Included => Clauses.Where(c => !c.Excluded);

    public IEnumerable<QueryClause> ExcludedClauses => Clauses.Where(c => c.Excluded);

    public static string Cut(string? text)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length <= MaxLength) return trimmed;
        var space = trimmed.LastIndexOf(' ', MaxLength);
        return trimmed[..(space > MaxLength / 2 ? space : MaxLength)];
    }

    public static SearchQuery Parse(string? text, ArabicAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        var input = Cut(text);
        var clauses = new List<QueryClause>();
        var orPending = false;
        foreach (var (chunk, quoted, excluded) in Chunks(input))
        {
            if (!quoted && !excluded && chunk == "OR")
            {
                orPending = clauses.Count > 0 && !clauses[^1].Excluded;
                continue;
            }
            foreach (var words in Groups(chunk, quoted, analyzer))
            {
                var clause = new QueryClause([words], excluded, chunk);
                if (orPending)
                {
                    var previous = clauses[^1];
                    clauses[^1] = previous with { Alternatives = [.. previous.Alternatives, .. clause.Alternatives], Text = previous.Text + " OR " + chunk };
                    orPending = false;
                }
                else
                {
                    clauses.Add(clause);
                }
            }
        }
        return new SearchQuery(WithAliases(clauses, analyzer).Take(MaxClauses).ToList());
    }

    /// <summary>
    /// The words of a chunk, as one sequence when quoted or when joined only by - / . ' (الأورو-أطلسية,
    /// covid-19: a phrase), otherwise one sequence per word (other punctuation, such as "NEAR(" or "*", only separates).
    /// </summary>
    private static IEnumerable<List<QueryWord>> Groups(string chunk, bool quoted, ArabicAnalyzer analyzer)
    {
        var tokens = analyzer.Tokens(chunk);
        var group = new List<QueryWord>();
        for (var k = 0; k < tokens.Count; k++)
        {
            var gap = k == 0 ? "" : chunk[(tokens[k - 1].Start + tokens[k - 1].Length)..tokens[k].Start];
            if (k > 0 && !quoted && gap.Any(c => c is not ('-' or '/' or '.' or '\'' or '’' or '_')))
            {
                yield return group;
                group = [];
            }
            group.Add(new QueryWord(quoted ? [tokens[k].Stem] : analyzer.QueryStems(tokens[k].Exact), tokens[k].Exact));
        }
        if (group.Count > 0) yield return group;
    }

    /// <summary>Splits on white space, honouring "quotes" (an unbalanced one runs to the end) and a leading minus.</summary>
    private static IEnumerable<(string Chunk, bool Quoted, bool Excluded)> Chunks(string input)
    {
        var i = 0;
        while (i < input.Length)
        {
            if (char.IsWhiteSpace(input[i])) { i++; continue; }
            var excluded = false;
            if (input[i] == '-' && i + 1 < input.Length && !char.IsWhiteSpace(input[i + 1])) { excluded = true; i++; }
            if (input[i] is '"' or '“' or '”' or '«' or '»')
            {
                var end = input.IndexOfAny(['"', '“', '”', '«', '»'], i + 1);
                if (end < 0) end = input.Length;
                yield return (input[(i + 1)..end], true, excluded);
                i = end + 1;
                continue;
            }
            var start = i;
            while (i < input.Length && !char.IsWhiteSpace(input[i]) && input[i] is not ('"' or '“' or '”' or '«' or '»')) i++;
            yield return (input[start..i], false, excluded);
        }
    }

    /// <summary>
    /// Replaces consecutive plain words that name an entity (aliases.txt) with one clause matching any
    /// of its names: "الناتو" also finds "حلف شمال الأطلسي", and the reverse.
    /// </summary>
    private static List<QueryClause> WithAliases(List<QueryClause> clauses, ArabicAnalyzer analyzer)
    {
        var result = new List<QueryClause>();
        for (var i = 0; i < clauses.Count; i++)
        {
            var match = analyzer.Aliases
                .SelectMany(group => group.Select(name => (group, name)))
                .Where(candidate => NamesAt(clauses, i, candidate.name))
                .OrderByDescending(candidate => candidate.name.Keys.Length)
                .FirstOrDefault();
            if (match.group is null)
            {
                result.Add(WithSingleWordAliases(clauses[i], analyzer));
                continue;
            }
            var own = clauses.Skip(i).Take(match.name.Keys.Length).ToList();
            IReadOnlyList<QueryWord> typed = own.Count == 1 ? own[0].Alternatives[0] : own.Select(c => c.Alternatives[0][0]).ToList();
            var alternatives = new List<IReadOnlyList<QueryWord>> { typed };
            alternatives.AddRange(match.group.Where(name => name != match.name)
                .Select(name => (IReadOnlyList<QueryWord>)name.Stems.Select(stem => new QueryWord([stem], "")).ToList()));
            result.Add(new QueryClause(alternatives, false, string.Join(' ', own.Select(c => c.Text))));
            i += match.name.Keys.Length - 1;
        }
        return result;
    }

    /// <summary>For clauses joined by OR ("كورونا OR الحصبة"): each one-word alternative that names an entity gets its other names.</summary>
    private static QueryClause WithSingleWordAliases(QueryClause clause, ArabicAnalyzer analyzer)
    {
        if (clause.Alternatives.Count < 2) return clause;
        var alternatives = new List<IReadOnlyList<QueryWord>>();
        foreach (var alternative in clause.Alternatives)
        {
            alternatives.Add(alternative);
            if (alternative.Count != 1) continue;
            var key = ArabicAnalyzer.AliasKey(alternative[0].Exact);
            var group = analyzer.Aliases.FirstOrDefault(g => g.Any(name => name.Keys is [var only] && only == key));
            if (group is null) continue;
            alternatives.AddRange(group.Where(name => !(name.Keys is [var only] && only == key))
                .Select(name => (IReadOnlyList<QueryWord>)name.Stems.Select(stem => new QueryWord([stem], "")).ToList()));
        }
        return clause with { Alternatives = alternatives };
    }

    private static bool NamesAt(List<QueryClause> clauses, int start, AliasName name)
    {
        if (start + name.Keys.Length > clauses.Count) return false;
        for (var k = 0; k < name.Keys.Length; k++)
        {
            var clause = clauses[start + k];
            if (clause.Excluded || clause.Alternatives.Count != 1 || clause.Alternatives[0].Count != 1) return false;
            if (ArabicAnalyzer.AliasKey(clause.Alternatives[0][0].Exact) != name.Keys[k]) return false;
        }
        return true;
    }

    /// <summary>Every stem sequence a clause matches (the product of each word's readings), bounded.</summary>
    public static IReadOnlyList<string[]> Sequences(QueryClause clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var sequences = new List<string[]>();
        foreach (var alternative in clause.Alternatives)
        {
            IEnumerable<string[]> product = [[]];
            foreach (var word in alternative)
                product = product.SelectMany(prefix => word.Stems.Select(stem => (string[])[.. prefix, stem]));
            foreach (var sequence in product)
            {
                if (sequences.Count >= MaxAlternatives) return sequences;
                if (!sequences.Any(s => s.SequenceEqual(sequence))) sequences.Add(sequence);
            }
        }
        return sequences;
    }

    /// <summary>The normalized forms as typed (only the reader's own words, not alias names): matching them ranks higher.</summary>
    public static string[] ExactSequence(QueryClause clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        return clause.Alternatives[0].Select(w => w.Exact).Where(e => e.Length > 0).ToArray();
    }

    /// <summary>The SQLite FTS5 MATCH expression, on the stem layer; tokens are letters and digits only, so quoting cannot break.</summary>
    public string ToFts5()
    {
        var builder = new StringBuilder(string.Join(" AND ", Included.Select(ToFts5)));
        var excluded = ExcludedClauses.Select(ToFts5).ToList();
        if (excluded.Count > 0) builder.Insert(0, '(').Append(") NOT (").Append(string.Join(" OR ", excluded)).Append(')');
        return builder.ToString();
    }

    /// <summary>The FTS5 expression of one clause: any of its stem sequences, as a phrase (SearchIndex holds only the stem layer).</summary>
    public static string ToFts5(QueryClause clause) =>
        "(" + string.Join(" OR ", Sequences(clause).Select(s => $"\"{string.Join(' ', s)}\"")) + ")";

    /// <summary>The PostgreSQL tsquery (matching, on the stem layer) in tsquery's own syntax.</summary>
    public string ToTsQuery()
    {
        static string Clause(QueryClause clause) =>
            "(" + string.Join(" | ", Sequences(clause).Select(s => "(" + string.Join(" <-> ", s.Select(Lexeme)) + ")")) + ")";
        return string.Join(" & ", Included.Select(Clause).Concat(ExcludedClauses.Select(c => "!" + Clause(c))));
    }

    /// <summary>The tsquery of the exact layer, for ranking only: any of the reader's own words or phrases.</summary>
    public string ToExactTsQuery()
    {
        var parts = Included.Select(ExactSequence).Where(e => e.Length > 0).Select(e => "(" + string.Join(" <-> ", e.Select(Lexeme)) + ")").ToList();
        return parts.Count == 0 ? "" : string.Join(" | ", parts);
    }

    private static string Lexeme(string token) => "'" + token + "'";
}
