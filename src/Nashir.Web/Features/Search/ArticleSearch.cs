using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Text;
using Nashir.Web.Platform.Text.Arabic;

namespace Nashir.Web.Features.Search;

public enum SearchSort { Relevance, Newest }

/// <summary>A search as the page and the API ask for it. Filters are slugs; dates are inclusive UTC days.</summary>
public sealed record SearchRequest(
    string? Query, int Page = 1, int PageSize = ArticleSearch.DefaultPageSize, SearchSort Sort = SearchSort.Relevance,
    string? Category = null, string? Author = null, string? Tag = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>One result: HTML fields are encoded text with &lt;mark&gt; around the reader's words.</summary>
public sealed record SearchHitView(
    int Id, string Headline, string HeadlineHtml, string? Kicker, string Slug, string SnippetHtml,
    DateTime PublishedAt, TermLink? Category, double Score);

public sealed record SearchResults(
    string Query, IReadOnlyList<SearchHitView> Items, int Page, int PageSize, int Total, string? DidYouMean)
{
    /// <summary>The count stops at ArticleSearch.MaxCounted: "more than 1,000 results".</summary>
    public bool TotalIsLowerBound => Total > ArticleSearch.MaxCounted;

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public static SearchResults Empty(string query, int page, int pageSize, string? didYouMean = null) => new(query, [], page, pageSize, 0, didYouMean);
}

/// <summary>
/// Runs searches on whichever engine the site uses: SQLite FTS5 or PostgreSQL tsvector. Only the
/// matching and scoring SQL differs; live-article rules, filters, sorting and paging are one LINQ
/// query over its result, so both engines return the same hits.
/// </summary>
public sealed class ArticleSearch(NashirDb db, ArabicAnalyzer analyzer, Snippets snippets, TimeProvider clock)
{
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 50;

    /// <summary>
    /// Matches are counted up to this many (then "more than 1,000"): nobody pages past it, and counting every
    /// match of a common word on a large archive would cost as much as the search itself.
    /// </summary>
    public const int MaxCounted = 1000;

    /// <summary>Relevance halves for an article this many days old: news gets stale, but a strong match still wins.</summary>
    private const double RecencyDays = 90;

    public async Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = SearchQuery.Cut(request.Query);
        var page = Math.Max(1, request.Page);
        var pageSize = Math.Clamp(request.PageSize, 1, MaxPageSize);
        var query = SearchQuery.Parse(text, analyzer);
        if (query.IsEmpty) return SearchResults.Empty(text, page, pageSize);

        var now = clock.GetUtcNow().UtcDateTime;
        var hits = Matches(query, now, request, scored: true);
        // Counting needs no scores: on a common word that is most of the work saved.
        var total = await Matches(query, now, request, scored: false).Take(MaxCounted + 1).CountAsync(cancellationToken);
        if (total == 0)
            return SearchResults.Empty(text, page, pageSize, await DidYouMeanAsync(text, request, now, cancellationToken));

        var ordered = request.Sort == SearchSort.Newest
            ? hits.OrderByDescending(h => h.PublishAt).ThenByDescending(h => h.ArticleId)
            : hits.OrderByDescending(h => h.Score).ThenByDescending(h => h.PublishAt).ThenByDescending(h => h.ArticleId);
        var top = await ordered.Skip((page - 1) * pageSize).Take(pageSize).Select(h => new { Id = h.ArticleId, h.Score }).ToListAsync(cancellationToken);
        var ids = top.Select(h => h.Id).ToList();
        var articles = await db.Articles.Where(a => ids.Contains(a.Id))
            .Select(a => new
            {
                a.Id, a.Headline, a.Kicker, a.Slug, a.Body, a.Excerpt, PublishAt = a.PublishAt!.Value,
                Category = a.Categories.OrderBy(c => c.SortOrder).ThenBy(c => c.Id).Select(c => new TermLink(c.Name, c.Slug)).FirstOrDefault(),
            })
            .ToDictionaryAsync(a => a.Id, cancellationToken);

        var stems = Snippets.Stems(query);
        var typed = Snippets.TypedStems(query);
        var items = top.Where(h => articles.ContainsKey(h.Id)).Select(h =>
        {
            var a = articles[h.Id];
            return new SearchHitView(a.Id, a.Headline, snippets.Highlight(a.Headline, stems), a.Kicker, a.Slug,
                snippets.Excerpt(PlainText.FromHtml(a.Body), stems, typed), a.PublishAt, a.Category, Math.Round(h.Score, 6));
        }).ToList();
        return new SearchResults(text, items, page, pageSize, total, null);
    }

    /// <summary>
    /// The engine's matches among live articles, with the request's filters. The raw SQL joins each match to
    /// its article once (live rule, publish time for recency); taxonomy filters are added as EXISTS only when asked.
    /// </summary>
    private IQueryable<ScoredArticle> Matches(SearchQuery query, DateTime now, SearchRequest request, bool scored)
    {
        var matches = db.Database.IsNpgsql() ? PostgresMatches(query, now, scored) : SqliteMatches(query, now, scored);
        if (request.Category is { Length: > 0 } category)
            matches = matches.Where(m => db.Articles.Any(a => a.Id == m.ArticleId && a.Categories.Any(c => c.Slug == category)));
        if (request.Tag is { Length: > 0 } tag)
            matches = matches.Where(m => db.Articles.Any(a => a.Id == m.ArticleId && a.Tags.Any(t => t.Slug == tag)));
        if (request.Author is { Length: > 0 } author)
            matches = matches.Where(m => db.Articles.Any(a => a.Id == m.ArticleId && a.Authors.Any(x => x.User.Slug == author)));
        if (request.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            matches = matches.Where(m => m.PublishAt >= start);
        }
        if (request.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            matches = matches.Where(m => m.PublishAt < end);
        }
        return matches;
    }

    // Live as in PublicArticles.LiveAt: published, or scheduled and due.
    private const int Published = (int)ArticleStatus.Published;
    private const int Scheduled = (int)ArticleStatus.Scheduled;

    /// <summary>Raw SQL: FTS5's MATCH and bm25 have no LINQ form. Column weights in index order (see SearchSchema).</summary>
    private IQueryable<ScoredArticle> SqliteMatches(SearchQuery query, DateTime now, bool scored)
    {
        if (!scored)
        {
            return db.Database.SqlQuery<ScoredArticle>($"""
                SELECT i.rowid AS "ArticleId", 0.0 AS "Score", a."PublishAt"
                FROM "SearchIndex" i JOIN "Articles" a ON a."Id" = i.rowid
                WHERE "SearchIndex" MATCH {query.ToFts5(ranked: false)} AND a."Status" IN ({Published}, {Scheduled}) AND a."PublishAt" <= {now}
                """);
        }
        return db.Database.SqlQuery<ScoredArticle>($"""
            SELECT i.rowid AS "ArticleId", a."PublishAt",
                   -bm25("SearchIndex", 10.0, 6.0, 4.0, 2.5, 1.5, 1.0)
                     / (1.0 + max(0.0, julianday({now}) - julianday(a."PublishAt")) / {RecencyDays}) AS "Score"
            FROM "SearchIndex" i JOIN "Articles" a ON a."Id" = i.rowid
            WHERE "SearchIndex" MATCH {query.ToFts5()} AND a."Status" IN ({Published}, {Scheduled}) AND a."PublishAt" <= {now}
            """);
    }

    private IQueryable<ScoredArticle> PostgresMatches(SearchQuery query, DateTime now, bool scored)
    {
        var match = query.ToTsQuery();
        if (!scored)
        {
            return db.Database.SqlQuery<ScoredArticle>($"""
                SELECT d."ArticleId", 0.0::double precision AS "Score", a."PublishAt"
                FROM "SearchDocuments" d JOIN "Articles" a ON a."Id" = d."ArticleId"
                WHERE d."StemVector" @@ {match}::tsquery AND a."Status" IN ({Published}, {Scheduled}) AND a."PublishAt" <= {now}
                """);
        }
        var exact = query.ToExactTsQuery();
        return db.Database.SqlQuery<ScoredArticle>($$"""
            SELECT d."ArticleId", a."PublishAt",
                   ((ts_rank('{0.1, 0.25, 0.4, 1.0}', d."StemVector", {{match}}::tsquery)
                     + ts_rank('{0.1, 0.25, 0.4, 1.0}', d."ExactVector", {{exact}}::tsquery))::double precision
                     / (1.0 + greatest(0.0, extract(epoch from ({{now}} - a."PublishAt"))::double precision / 86400.0) / {{RecencyDays}})) AS "Score"
            FROM "SearchDocuments" d JOIN "Articles" a ON a."Id" = d."ArticleId"
            WHERE d."StemVector" @@ {{match}}::tsquery AND a."Status" IN ({{Published}}, {{Scheduled}}) AND a."PublishAt" <= {{now}}
            """);
    }

    /// <summary>
    /// When nothing matched: the query with each word swapped, in turn, for its most frequent indexed
    /// neighbour (one letter dropped, doubled or confused, as readers mistype Arabic), when that finds something.
    /// </summary>
    private async Task<string?> DidYouMeanAsync(string text, SearchRequest request, DateTime now, CancellationToken cancellationToken)
    {
        // Only short queries: a long one that finds nothing is rarely one typo away, and each word costs lookups.
        var words = analyzer.Tokens(text);
        if (words.Count is 0 or > 3) return null;
        for (var i = 0; i < words.Count; i++)
        {
            var candidates = Spelling.Neighbours(words[i].Exact).Take(400).ToList();
            var known = await KnownExactFormsAsync(candidates, cancellationToken);
            foreach (var replacement in known.Take(1))
            {
                var suggestion = text[..words[i].Start] + replacement + text[(words[i].Start + words[i].Length)..];
                var parsed = SearchQuery.Parse(suggestion, analyzer);
                if (!parsed.IsEmpty && await Matches(parsed, now, request, scored: false).AnyAsync(cancellationToken)) return suggestion;
            }
        }
        return null;
    }

    /// <summary>Which of the candidate normalized forms occur in the index, most frequent first.</summary>
    private async Task<List<string>> KnownExactFormsAsync(List<string> candidates, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0) return [];
        if (db.Database.IsNpgsql())
        {
            // Probed through the GIN-indexed stem layer, in the order the candidates were generated (most likely first).
            var lexemes = candidates.Select(c => "'" + analyzer.Stem(c) + "'").ToArray();
            return await db.Database.SqlQuery<string>($"""
                SELECT c.term AS "Value" FROM unnest({candidates.ToArray()}::text[], {lexemes}::text[]) WITH ORDINALITY AS c(term, lexeme, n)
                WHERE EXISTS (SELECT 1 FROM "SearchDocuments" d WHERE d."StemVector" @@ c.lexeme::tsquery)
                ORDER BY c.n LIMIT 3
                """).ToListAsync(cancellationToken);
        }
        // One FTS lookup of one exact-layer term per candidate (candidates are letters only, so the quoting holds);
        // not fts5vocab, whose row table counts documents by scanning the whole index.
        var json = System.Text.Json.JsonSerializer.Serialize(candidates);
        return await db.Database.SqlQuery<string>($$"""
            SELECT c.value AS "Value" FROM json_each({{json}}) c
            WHERE EXISTS (SELECT 1 FROM "SearchIndex" WHERE "SearchIndex" MATCH '{HeadlineExact LeadExact BodyExact} : "' || c.value || '"')
            ORDER BY c.key LIMIT 3
            """).ToListAsync(cancellationToken);
    }
}

/// <summary>A row of the engine's match: article, publish time and relevance (already blended with recency).</summary>
public sealed class ScoredArticle
{
    public int ArticleId { get; set; }
    public double Score { get; set; }
    public DateTime PublishAt { get; set; }
}
