using System.Globalization;
using System.Text;

namespace Nashir.Web.Features.Search;

/// <summary>
/// Relevance on SQLite, computed in the scan's SQL from the stored layers instead of FTS5's bm25: for each clause
/// of the query, its idf times the weight of the closest layer it occurs in. bm25 first counts every row of each
/// phrase (a full pass over a common word's postings, ~20 ms on 100k articles) and then each row's instances;
/// here the idf comes from a cached count and a row costs a few instr() over its short headline and lead, and
/// over the body's exact forms only when neither holds the clause.
/// </summary>
/// <remarks>
/// Term frequency and length are left out on purpose: in news the headline and the exact words say more than
/// how often a word repeats, and without them a page is decided by layer, rarity and age alone.
/// </remarks>
public sealed class SqliteRelevance
{
    /// <summary>The weights of the layers, closest first (as bm25's column weights were); a match found in none is in the body's stems.</summary>
    private static readonly (string Column, bool Exact, double Weight)[] Layers =
        [("HeadlineExact", true, 10.0), ("HeadlineStem", false, 6.0), ("LeadExact", true, 4.0), ("LeadStem", false, 2.5), ("BodyExact", true, 1.5)];

    private const double BodyStemWeight = 1.0;

    private readonly List<(QueryClause Clause, double Idf)> clauses;

    public SqliteRelevance(IEnumerable<(QueryClause Clause, double Idf)> clauses) => this.clauses = clauses.ToList();

    /// <summary>
    /// The query's matches in disjoint tiers, each an FTS5 expression with the highest relevance its matches can
    /// reach, best first. A tier says, for each clause, whether it is in the headline, else in the lead, else only
    /// in the body; within a tier relevance varies only by exact form or stem, so a tier is read little beyond the
    /// page's worst hit and a tier whose best cannot beat it is not read at all. Beyond <see cref="MaxTierClauses"/>
    /// clauses (3^n tiers), only the best clause's place makes the tier.
    /// </summary>
    public IEnumerable<(string Match, double Highest)> Tiers(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var all = query.ToFts5();
        var headline = clauses.Select(c => In(c.Clause, "HeadlineStem")).ToArray();
        var lead = clauses.Select(c => In(c.Clause, "LeadStem")).ToArray();
        if (clauses.Count > MaxTierClauses)
        {
            var idf = clauses.Sum(c => c.Idf);
            var anyHeadline = string.Join(" OR ", headline);
            var anyLead = string.Join(" OR ", lead);
            return [
                ($"({all}) AND ({anyHeadline})", idf * HeadlineBest),
                ($"(({all}) AND ({anyLead})) NOT ({anyHeadline})", idf * LeadBest),
                ($"({all}) NOT (({anyHeadline}) OR ({anyLead}))", idf * BodyBest)];
        }
        // Every assignment of a place (0 headline, 1 lead, 2 body) to each clause: 3^n tiers.
        var tiers = new List<(string, double)>();
        for (var code = 0; code < (int)Math.Pow(3, clauses.Count); code++)
        {
            var positives = new List<string> { all };
            var negatives = new List<string>();
            var highest = 0.0;
            for (int c = 0, rest = code; c < clauses.Count; c++, rest /= 3)
            {
                switch (rest % 3)
                {
                    case 0: positives.Add(headline[c]); highest += clauses[c].Idf * HeadlineBest; break;
                    case 1: positives.Add(lead[c]); negatives.Add(headline[c]); highest += clauses[c].Idf * LeadBest; break;
                    default: negatives.Add(headline[c]); negatives.Add(lead[c]); highest += clauses[c].Idf * BodyBest; break;
                }
            }
            var match = "(" + string.Join(") AND (", positives) + ")";
            tiers.Add((negatives.Count == 0 ? match : $"({match}) NOT (({string.Join(") OR (", negatives)}))", highest));
        }
        return tiers.OrderByDescending(t => t.Item2);
    }

    /// <summary>Tiers per clause up to this many clauses (27 tiers); most are never read, each costs one FTS5 query when it is.</summary>
    private const int MaxTierClauses = 3;

    private static double HeadlineBest => Layers[0].Weight;

    private static double LeadBest => Layers[2].Weight;

    private static double BodyBest => Layers[4].Weight;

    /// <summary>The clause in this column of the stem layer.</summary>
    private static string In(QueryClause clause, string column) =>
        string.Join(" OR ", SearchQuery.Sequences(clause).Select(s => $"{{{column}}} : \"{string.Join(' ', s)}\""));

    /// <summary>FTS5's idf (bm25's, floored above zero so that a word in every article still ranks by layer).</summary>
    public static double Idf(int documents, int containing) =>
        Math.Max(0.01, Math.Log((documents - containing + 0.5) / (containing + 0.5)));

    /// <summary>
    /// The SQL expression over the SearchDocuments row <c>d</c>, with its values appended to <paramref name="parameters"/>
    /// as {n} placeholders. Token lists are single-space separated, so " a b " inside " … " is exactly the phrase a b.
    /// </summary>
    public string Sql(List<object> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var sql = new StringBuilder();
        foreach (var (clause, idf) in clauses)
        {
            var exact = SearchQuery.ExactSequence(clause);
            var stems = SearchQuery.Sequences(clause);
            sql.Append(sql.Length == 0 ? "" : " + ").Append(idf.ToString("R", CultureInfo.InvariantCulture)).Append(" * CASE");
            foreach (var (column, isExact, weight) in Layers)
            {
                if (isExact && exact.Length == 0) continue;
                var tests = (isExact ? [exact] : stems).Select(sequence =>
                {
                    parameters.Add(" " + string.Join(' ', sequence) + " ");
                    return $"""instr(' ' || d."{column}" || ' ', {Placeholder(parameters.Count - 1)}) > 0""";
                }).ToList();
                sql.Append(" WHEN ").AppendJoin(" OR ", tests).Append(" THEN ").Append(weight.ToString("R", CultureInfo.InvariantCulture));
            }
            sql.Append(" ELSE ").Append(BodyStemWeight.ToString("R", CultureInfo.InvariantCulture)).Append(" END");
        }
        return sql.ToString();
    }

    /// <summary>The SqlQueryRaw placeholder of the parameter at this index.</summary>
    public static string Placeholder(int index) => "{" + index.ToString(CultureInfo.InvariantCulture) + "}";
}
