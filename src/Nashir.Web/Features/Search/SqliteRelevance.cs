using System.Globalization;
using System.Text;

namespace Nashir.Web.Features.Search;

/// <summary>
/// Relevance on SQLite, computed in the scan's SQL from the stored layers instead of FTS5's bm25: for each clause
/// of the query, its idf times the weight of the closest layer it occurs in. bm25 first counts every row of each
/// phrase (a full pass over a common word's postings, ~20 ms on 100k articles) and then each row's instances;
/// here the idf comes from a cached, sampled count and a row costs a few instr() over its short headline and lead, and
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
    /// The query's matches in two disjoint tiers, each an FTS5 expression with the highest relevance its matches can
    /// reach, best first: some clause in the headline or the lead (at best all of them in the headline, as typed);
    /// only in the body. Once the page is full of headline and lead matches the body tier is not read at all.
    /// </summary>
    /// <remarks>
    /// FTS5 cannot skip through a column filter, so every tier that is sparse walks all the postings of its words
    /// (10–40 ms for three mid-frequency words on 100k articles): the headline and the lead were two tiers, and the
    /// lead's (a few matches, when any) cost as much as the headline's, the most of the p95 tail (bench/search.sh's
    /// tail profile). One tier for both reads the few lead matches among the headline ones instead.
    /// </remarks>
    public IEnumerable<(string Match, double Highest)> Tiers(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var all = query.ToFts5();
        var idf = clauses.Sum(c => c.Idf);
        var heads = "{HeadlineStem LeadStem} : (" + string.Join(" OR ", clauses.Select(c => SearchQuery.ToFts5(c.Clause))) + ")";
        yield return ($"({all}) AND ({heads})", idf * Layers[0].Weight);
        yield return ($"({all}) NOT ({heads})", idf * Layers[4].Weight);
    }

    /// <summary>
    /// FTS5's idf (bm25's, floored above zero so that a word in every article still ranks by layer). The article count
    /// is cached and can trail a fresh match count; the log of a negative ratio would be NaN, which no floor catches.
    /// </summary>
    public static double Idf(int documents, int containing)
    {
        containing = Math.Min(containing, documents);
        return Math.Max(0.01, Math.Log((documents - containing + 0.5) / (containing + 0.5)));
    }

    /// <summary>
    /// The SQL expression over the SearchDocuments row <c>d</c>, with its values appended to <paramref name="parameters"/>
    /// as {n} placeholders: the SQL depends only on the query's shape, so EF Core translates it once per shape. Token lists are single-space separated, so " a b " inside " … " is exactly the phrase a b.
    /// </summary>
    public string Sql(List<object> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var sql = new StringBuilder();
        foreach (var (clause, idf) in clauses)
        {
            var exact = SearchQuery.ExactSequence(clause);
            var stems = SearchQuery.Sequences(clause);
            parameters.Add(idf);
            sql.Append(sql.Length == 0 ? "" : " + ").Append(Placeholder(parameters.Count - 1)).Append(" * CASE");
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
