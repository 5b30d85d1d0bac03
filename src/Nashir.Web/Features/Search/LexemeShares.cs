namespace Nashir.Web.Features.Search;

/// <summary>
/// PostgreSQL: the share of search documents holding each of the most common stems, as ANALYZE samples them for the
/// planner (pg_stats.most_common_elems of StemVector, the ~1,000 commonest of a large archive). Enough to tell, before
/// running a query, that its matches crowd the newest articles and run into the thousands.
/// </summary>
public sealed class LexemeShares(IReadOnlyDictionary<string, double> common, double documents)
{
    /// <summary>How many documents the statistics were taken over (pg_class.reltuples).</summary>
    public double Documents => documents;

    /// <summary>
    /// The estimated share of documents matching every included clause, or 0 when it cannot be told from the statistics
    /// (a stem too rare to be listed, an excluded clause). Clauses are taken as independent.
    /// </summary>
    public double Matching(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.ExcludedClauses.Any() ? 0 : query.Included.Aggregate(1.0, (share, clause) => share * Of(clause));
    }

    /// <summary>How many postings per document an index scan of the query reads: the shares of all its listed stems.</summary>
    public double Postings(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Clauses.SelectMany(SearchQuery.Sequences).SelectMany(stems => stems).Distinct().Sum(common.GetValueOrDefault);
    }

    /// <summary>A clause matches at least as many documents as its commonest alternative; a phrase counts as unknown (0).</summary>
    private double Of(QueryClause clause) =>
        SearchQuery.Sequences(clause).Select(stems => stems is [var stem] ? common.GetValueOrDefault(stem) : 0).DefaultIfEmpty(0).Max();
}
