using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
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
/// matching and scoring SQL differs; live-article rules and filters are one LINQ query over its result,
/// so both engines return the same hits.
/// </summary>
/// <remarks>
/// On SQLite the engine hands over matches newest first (the FTS5 rowid is SearchDocument.Recency) and the
/// page is ranked here: relevance is, per query clause, its rarity (idf) times the weight of the closest layer
/// it matched in (headline exact form … body stem), halved with age. Once the articles still unread are old
/// enough that even the highest relevance this query can reach would not beat the page's last hit, reading
/// stops. A common word on a large archive then costs a few hundred rows instead of scoring every match.
/// </remarks>
public sealed class ArticleSearch(NashirDb db, ArabicAnalyzer analyzer, Snippets snippets, TimeProvider clock, IMemoryCache cache)
{
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 50;

    /// <summary>
    /// Matches are counted up to this many (then "more than 1,000"): nobody pages past it, and counting every
    /// match of a common word on a large archive would cost as much as the search itself.
    /// </summary>
    public const int MaxCounted = 1000;

    /// <summary>Each stage of a search is an activity of this source (rank, its idf part on SQLite, count, articles, snippets, did-you-mean): `search bench` times them.</summary>
    public static readonly ActivitySource Stages = new("Nashir.Search");

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
        // Pages past the counted matches are empty (nothing links there), rather than ranking the whole archive.
        var wanted = Math.Min(page * pageSize, MaxCounted + pageSize);
        List<SearchMatch> ranked;
        int? counted;
        using (Stages.StartActivity("rank"))
        {
            (ranked, counted) = db.Database.IsNpgsql()
                ? await PostgresTopAsync(query, now, request, wanted, cancellationToken)
                : await SqliteTopAsync(query, now, request, wanted, cancellationToken);
        }
        int total;
        using (Stages.StartActivity("count"))
        {
            if (counted is null) Activity.Current?.SetTag("counted", true);
            total = counted ?? await CountAsync(query, now, request, cancellationToken);
        }
        if (total == 0)
        {
            using var _ = Stages.StartActivity("did-you-mean");
            return SearchResults.Empty(text, page, pageSize, await DidYouMeanAsync(text, request, now, cancellationToken));
        }

        var top = ranked.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        var ids = top.Select(h => h.ArticleId).ToList();
        Dictionary<int, ArticleHit> articles;
        using (Stages.StartActivity("articles"))
        {
            articles = await db.Articles.Where(a => ids.Contains(a.Id))
                .Select(a => new ArticleHit(a.Id, a.Headline, a.Kicker, a.Slug, a.Body, a.PublishAt!.Value,
                    a.Categories.OrderBy(c => c.SortOrder).ThenBy(c => c.Id).Select(c => new TermLink(c.Name, c.Slug)).FirstOrDefault()))
                .ToDictionaryAsync(a => a.Id, cancellationToken);
        }

        using var snippeting = Stages.StartActivity("snippets");
        var stems = Snippets.Stems(query);
        var typed = Snippets.TypedStems(query);
        var items = top.Where(h => articles.ContainsKey(h.ArticleId)).Select(h =>
        {
            var a = articles[h.ArticleId];
            return new SearchHitView(a.Id, a.Headline, snippets.Highlight(a.Headline, stems), a.Kicker, a.Slug,
                snippets.Excerpt(PlainText.FromHtml(a.Body), stems, typed), a.PublishAt, a.Category, Math.Round(h.Score, 6));
        }).ToList();
        return new SearchResults(text, items, page, pageSize, total, null);
    }

    /// <summary>
    /// The best <paramref name="wanted"/> live matches. By relevance, the matches are read in tiers (clause in the
    /// headline, else in the lead, else only in the body), each newest first until no unread match of the tier can
    /// enter the page: a tier's best possible relevance bounds it, so the body tier of a common word is hardly read.
    /// Also the number of matches when every tier was read to its end (capped like the count), else null.
    /// </summary>
    private async Task<(List<SearchMatch> Ranked, int? Total)> SqliteTopAsync(SearchQuery query, DateTime now, SearchRequest request, int wanted, CancellationToken cancellationToken)
    {
        var newest = request.Sort == SearchSort.Newest;
        SqliteRelevance relevance;
        using (Stages.StartActivity("idf")) relevance = await SqliteRelevanceAsync(query, cancellationToken);
        var comparer = newest ? NewestFirst : BestFirst;
        // The page so far, worst hit first (a min-heap under the page's order).
        var page = new PriorityQueue<SearchMatch, SearchMatch>(wanted + 1, Comparer<SearchMatch>.Create((a, b) => comparer.Compare(b, a)));
        var read = 0;
        var complete = true;
        // Rows read and CPU per tier ("-": skipped), a tag of the rank activity for `search bench`'s tail profile;
        // only measured while someone records it (getrusage per tier otherwise costs every search).
        var readPerTier = Activity.Current is { IsAllDataRequested: true } ? new List<string>() : null;
        foreach (var (match, highest) in newest ? [(query.ToFts5(), 0.0)] : relevance.Tiers(query))
        {
            // Nothing in this tier can beat the page, even published now.
            if (!newest && page.Count == wanted && highest < page.Peek().Score) { complete = false; readPerTier?.Add("-"); continue; }
            var readBefore = read;
            var tierCpu = readPerTier is null ? default : Environment.CpuUsage.TotalTime;
            var matches = Filtered(SqliteMatches(match, now, relevance), request).OrderByDescending(m => m.Recency).AsAsyncEnumerable();
            await foreach (var row in matches.WithCancellation(cancellationToken))
            {
                if (page.Count == wanted)
                {
                    var last = page.Peek();
                    // Every match from here on was published before this (the scan's order), so it scores at most this.
                    var latest = SearchDocument.LatestPublishAt(row.Recency);
                    if (newest ? latest <= last.PublishAt : Blend(highest, latest, now) < last.Score) { complete = false; break; }
                }
                read++;
                row.Score = Blend(row.Relevance, row.PublishAt, now);
                page.Enqueue(row, row);
                if (page.Count > wanted) page.Dequeue();
            }
            readPerTier?.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{read - readBefore}:{(Environment.CpuUsage.TotalTime - tierCpu).TotalMilliseconds:F1}ms"));
        }
        if (readPerTier is not null) Activity.Current?.SetTag("read", string.Join('/', readPerTier));
        var ranked = page.UnorderedItems.Select(i => i.Element).ToList();
        ranked.Sort(comparer);
        return (ranked, complete ? Math.Min(read, MaxCounted + 1) : read > MaxCounted ? MaxCounted + 1 : null);
    }

    /// <summary>
    /// The live matches, counted up to <see cref="MaxCounted"/> + 1. On SQLite without filters, from the index alone
    /// (joining each match to its article for the live rule cost as much again as finding it): when it holds more
    /// matches than the cap plus every indexed article that is not live (drafts, pending, not yet due: few), more
    /// than the cap of them are live; otherwise its count less those of the few non-live articles it matches.
    /// </summary>
    private async Task<int> CountAsync(SearchQuery query, DateTime now, SearchRequest request, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql() && request is { Category: null or "", Tag: null or "", Author: null or "", From: null, To: null })
        {
            var match = query.ToFts5();
            // Only our own SQL is spliced in; the time and the reader's tokens are parameters.
            var countNotLive = $"""SELECT count(*) AS "Value" FROM ({NotLiveIds})""";
            var notLive = await db.Database.SqlQueryRaw<int>(countNotLive, now).SingleAsync(cancellationToken);
            var cap = MaxCounted + 1 + notLive;
            var indexed = await db.Database.SqlQuery<int>($"""
                SELECT count(*) AS "Value" FROM (SELECT rowid FROM "SearchIndex" WHERE "SearchIndex" MATCH {match} LIMIT {cap})
                """).SingleAsync(cancellationToken);
            if (indexed >= cap) return MaxCounted + 1;
            if (notLive == 0) return Math.Min(indexed, MaxCounted + 1);
            if (notLive <= NotLiveProbed)
            {
                // One index probe (by rowid) per non-live article.
                var countHidden = $$"""
                    SELECT count(*) AS "Value" FROM ({{NotLiveIds}}) x
                    JOIN "SearchDocuments" d ON d."ArticleId" = x."Id"
                    WHERE EXISTS (SELECT 1 FROM "SearchIndex" WHERE "SearchIndex" MATCH {1} AND rowid = d."Recency")
                    """;
                var hidden = await db.Database.SqlQueryRaw<int>(countHidden, now, match).SingleAsync(cancellationToken);
                return Math.Min(indexed - hidden, MaxCounted + 1);
            }
        }
        return await Matches(query, now, request).Take(MaxCounted + 1).CountAsync(cancellationToken);
    }

    /// <summary>
    /// The ids of the articles that are not live (drafts, pending, not yet due), the time as parameter {0}: from the
    /// status index, in two reads, as the live rule has two parts.
    /// </summary>
    private static readonly string NotLiveIds = $$"""
        SELECT "Id" FROM "Articles" WHERE "Status" IN ({{Draft}}, {{PendingReview}})
        UNION ALL SELECT "Id" FROM "Articles" WHERE "Status" IN ({{Published}}, {{Scheduled}}) AND ("PublishAt" > {0} OR "PublishAt" IS NULL)
        """;

    /// <summary>Up to this many non-live articles, the count probes each one rather than joining every match to its article.</summary>
    private const int NotLiveProbed = 500;

    private sealed record ArticleHit(int Id, string Headline, string? Kicker, string Slug, string Body, DateTime PublishAt, TermLink? Category);

    private static double Blend(double relevance, DateTime publishAt, DateTime now) =>
        relevance / (1.0 + Math.Max(0.0, (now - publishAt).TotalDays) / RecencyDays);

    private static int Newer(SearchMatch a, SearchMatch b) =>
        b.PublishAt.CompareTo(a.PublishAt) is var time and not 0 ? time : b.ArticleId.CompareTo(a.ArticleId);

    private static readonly Comparer<SearchMatch> NewestFirst = Comparer<SearchMatch>.Create(Newer);

    private static readonly Comparer<SearchMatch> BestFirst = Comparer<SearchMatch>.Create((a, b) =>
        b.Score.CompareTo(a.Score) is var score and not 0 ? score : Newer(a, b));

    /// <summary>
    /// The idf of each clause, from the number of articles it matches: counted up to <see cref="IdfSample"/>, and
    /// beyond that estimated from how densely the newest ones match (counting all the postings of a common word
    /// would cost more than the search). Cached: an idf barely moves in ten minutes, and the bound on unread matches
    /// uses the same idf as the scores, so an estimate never makes a page stop too early.
    /// </summary>
    private async Task<SqliteRelevance> SqliteRelevanceAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var documents = await CachedCountAsync("search-documents", () => db.Set<SearchDocument>().CountAsync(cancellationToken));
        var clauses = new List<(QueryClause, double)>();
        foreach (var clause in query.Included)
        {
            var match = SearchQuery.ToFts5(clause);
            var containing = await CachedCountAsync("search-clause:" + match, () => db.Database.SqlQuery<int>($"""
                WITH newest AS MATERIALIZED (SELECT rowid AS r FROM "SearchIndex" WHERE "SearchIndex" MATCH {match} ORDER BY rowid DESC LIMIT {IdfSample})
                SELECT CASE WHEN (SELECT count(*) FROM newest) < {IdfSample} THEN (SELECT count(*) FROM newest)
                            ELSE {IdfSample} * {documents} / max(1, (SELECT count(*) FROM "SearchDocuments" WHERE "Recency" >= (SELECT min(r) FROM newest)))
                       END AS "Value"
                """).SingleAsync(cancellationToken));
            clauses.Add((clause, SqliteRelevance.Idf(documents, containing)));
        }
        return new SqliteRelevance(clauses);
    }

    /// <summary>Matches of a clause counted exactly; a commoner clause's count is estimated from its newest this many.</summary>
    private const int IdfSample = 1000;

    private Task<int> CachedCountAsync(string key, Func<Task<int>> count) =>
        cache.GetOrCreateAsync(key, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
            return count();
        });

    /// <summary>
    /// PostgreSQL has no per-query statistics to bound ts_rank by (as bm25's idf bounds SQLite's scan above), so
    /// relevance is ranked among the newest <see cref="PostgresRankWindow"/> matches (or the page's depth, when
    /// deeper), and only they are scored, instead of every match of a common word on a large archive. They are read
    /// the cheapest of three ways: from the newest documents only (NewestAsync), where they hold the window; through
    /// the RUM index, which hands matches over newest first; through GIN, which finds every match and sorts them, for
    /// three words or more, for phrases, and where the server has no rum extension. The last two read on to the
    /// count's cap. Same hits as SQLite wherever a query has no more matches than the window.
    /// Also the number of matches, capped like the count.
    /// </summary>
    private async Task<(List<SearchMatch> Ranked, int Total)> PostgresTopAsync(SearchQuery query, DateTime now, SearchRequest request, int wanted, CancellationToken cancellationToken)
    {
        var newest = request.Sort == SearchSort.Newest;
        var window = Math.Max(wanted, newest ? 0 : PostgresRankWindow);
        List<SearchMatch> candidates;
        int total;
        if (await NewestAsync(query, now, request, window, cancellationToken) is { } found)
        {
            (candidates, total) = found;
        }
        else if (await HasRumIndexAsync(cancellationToken) && !GinReadsLess(query))
        {
            // The RUM index sorts a query's postings once and then hands them over in order, so reading on to the
            // count's cap costs little more than the window and saves counting in a second scan.
            var (newestKey, tied) = NewestKey(now);
            var read = await Filtered(PostgresMatches(query, now, newestKey), request).OrderBy(m => m.Age)
                .Take(Math.Max(window, MaxCounted + 1) + tied).ToListAsync(cancellationToken);
            total = Math.Min(read.Count, MaxCounted + 1);
            candidates = read.OrderByDescending(m => m.Recency).Take(window).ToList();
        }
        else
        {
            // GIN finds every match before sorting them, so reading on to the count's cap costs no more than the window.
            var read = await Matches(query, now, request).OrderByDescending(m => m.Recency).Take(Math.Max(window, MaxCounted + 1))
                .ToListAsync(cancellationToken);
            total = Math.Min(read.Count, MaxCounted + 1);
            candidates = read.Take(window).ToList();
        }
        if (newest || candidates.Count == 0)
        {
            // Recency orders by publish minute, the page by the exact time: re-sorted, the window's newest are the page.
            candidates.Sort(NewestFirst);
            return (candidates, total);
        }
        var ids = candidates.Select(c => c.ArticleId).ToArray();
        var match = query.ToTsQuery();
        var exact = query.ToExactTsQuery();
        var ranks = await db.Database.SqlQuery<PostgresRank>($$"""
            SELECT d."ArticleId", (ts_rank('{0.1, 0.25, 0.4, 1.0}', d."StemVector", {{match}}::tsquery)
                   + ts_rank('{0.1, 0.25, 0.4, 1.0}', d."ExactVector", {{exact}}::tsquery))::double precision AS "Rank"
            FROM "SearchDocuments" d WHERE d."ArticleId" = ANY({{ids}})
            """).ToDictionaryAsync(r => r.ArticleId, r => r.Rank, cancellationToken);
        foreach (var candidate in candidates)
        {
            candidate.Relevance = ranks.GetValueOrDefault(candidate.ArticleId);
            candidate.Score = Blend(candidate.Relevance, candidate.PublishAt, now);
        }
        candidates.Sort(BestFirst);
        return (candidates.Take(wanted).ToList(), total);
    }

    /// <summary>
    /// Whether GIN finds this query's matches with less reading than RUM's ordered scan: with three words or more, or a
    /// phrase (RUM keeps no positions, so every candidate of a phrase is re-read from the table either way), GIN skips
    /// to the rarest word's matches where RUM reads every posting of every word. Measured on the 1M-article bench
    /// cluster: 30–70 against 40–100 ms for three words, 40–140 against 270–510 ms for an alias phrase; RUM stays ahead
    /// for one word or two common ones, whose matches GIN would all fetch from the table to sort.
    /// </summary>
    private static bool GinReadsLess(SearchQuery query) =>
        query.Included.Count() >= 3 || query.Included.SelectMany(SearchQuery.Sequences).Any(stems => stems.Length > 1);

    /// <summary>
    /// The newest <paramref name="window"/> live matches and their total, read without going through all of a common
    /// query's postings (PostgreSQL, 1M articles: ~80 ms for a word in every article, before any sort), or null when
    /// the query must be read whole. Two ways, the one that reads less first:
    /// - testing the newest documents in turn, enough of them to hold the window a few times over by the statistics,
    ///   for a query they say matches more than <see cref="UncountedMatches"/> (unfiltered): its total is then "more
    ///   than 1,000" without counting;
    /// - RecentIndex's `Recent` index, read newest first up to the count's cap: with more matches than
    ///   <see cref="MaxCounted"/> there, they hold the window and the total is exact; with the window there, the total
    ///   is "more than 1,000" as above for a common query, else the older matches are counted up to the cap.
    /// Without that index, a common query is read through the whole RUM index limited to the newest documents.
    /// </summary>
    private async Task<(List<SearchMatch>, int)?> NewestAsync(SearchQuery query, DateTime now, SearchRequest request, int window, CancellationToken cancellationToken)
    {
        var unfiltered = request is { Category: null or "", Tag: null or "", Author: null or "", From: null, To: null };
        var shares = unfiltered ? await LexemeSharesAsync(cancellationToken) : null;
        var share = shares?.Matching(query) ?? 0;
        Activity.Current?.SetTag("share", Math.Round(share, 4));
        var common = shares is not null && share * shares.Documents >= UncountedMatches;
        var recent = await RecentAsync(cancellationToken);
        var newestDocuments = common ? (int)Math.Min(shares!.Documents, Math.Ceiling(NewestMargin * window / share)) : 0;
        var walk = common && window / share * TestMicroseconds <= shares!.Postings(query) * (recent?.Documents ?? shares.Documents) * PostingMicroseconds;
        if (walk)
        {
            Activity.Current?.SetTag("newest", "walked " + newestDocuments);
            var walked = await db.Database.SqlQuery<SearchMatch>($"""
                SELECT d."ArticleId", a."PublishAt", d."Recency", 0.0::double precision AS "Relevance", 0.0::double precision AS "Score",
                       0.0::double precision AS "Age"
                FROM (SELECT "ArticleId", "Recency", "StemVector" FROM "SearchDocuments" ORDER BY "Recency" DESC LIMIT {newestDocuments}) d
                JOIN "Articles" a ON a."Id" = d."ArticleId"
                WHERE d."StemVector" @@ {query.ToTsQuery()}::tsquery AND a."Status" IN ({Published}, {Scheduled}) AND a."PublishAt" <= {now}
                ORDER BY d."Recency" DESC LIMIT {window}
                """).ToListAsync(cancellationToken);
            if (walked.Count == window) return (walked, MaxCounted + 1);
            Activity.Current?.SetTag("newest-missed", walked.Count);
        }
        if (recent is not null)
        {
            var (newestKey, tied) = NewestKey(now);
            List<SearchMatch> read;
            if (recent.Gin && GinReadsLess(query))
            {
                // Few matches among the newest (1M articles, the costliest 5%: p95 41 against 43 ms, the slowest alias
                // phrase 105 against 236 ms).
                read = await Filtered(PostgresMatches(query, now, recentKey: recent.Key), request).OrderByDescending(m => m.Recency)
                    .Take(Math.Max(window, MaxCounted + 1)).ToListAsync(cancellationToken);
            }
            else
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                // Misjudging how many of the newest documents hold a word, the planner would fetch all their rows to
                // sort them instead of taking the index's order (1M articles, a word in 7,000 of them: 96 against 21 ms).
                await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_bitmapscan = off", cancellationToken);
                read = (await Filtered(PostgresMatches(query, now, newestKey, recent.Key), request).OrderBy(m => m.Age)
                    .Take(Math.Max(window, MaxCounted + 1) + tied).ToListAsync(cancellationToken)).OrderByDescending(m => m.Recency).ToList();
                await transaction.CommitAsync(cancellationToken);
            }
            Activity.Current?.SetTag("recent", read.Count);
            if (read.Count >= window && (read.Count > MaxCounted || common)) return (read.Take(window).ToList(), MaxCounted + 1);
            if (read.Count >= window && unfiltered)
            {
                // The window is all there; only the count needs the older documents, and only up to its cap: those of
                // the earlier slice first when, as dense as among the newest, they would reach it; then the rest.
                var total = read.Count;
                var counted = recent.Key;
                if (recent.EarlierKey is { } earlier && total * (1 + (double)recent.EarlierDocuments / recent.Documents) > MaxCounted)
                {
                    total += await CountAsync(query, now, earlier, counted, MaxCounted + 1 - total, cancellationToken);
                    counted = earlier;
                }
                if (total <= MaxCounted) total += await CountAsync(query, now, null, counted, MaxCounted + 1 - total, cancellationToken);
                return (read.Take(window).ToList(), total);
            }
        }
        else if (common && !walk && await HasRumIndexAsync(cancellationToken))
        {
            Activity.Current?.SetTag("newest", "rum " + newestDocuments);
            var oldest = await OldestOfNewestAsync(newestDocuments, cancellationToken);
            var (newestKey, tied) = NewestKey(now);
            var found = (await PostgresMatches(query, now, newestKey).Where(m => m.Recency >= oldest).OrderBy(m => m.Age)
                .Take(window + tied).ToListAsync(cancellationToken)).OrderByDescending(m => m.Recency).Take(window).ToList();
            if (found.Count == window) return (found, MaxCounted + 1);
        }
        return null;
    }

    /// <summary>RecentIndex's index, or null without one; looked up again every ten minutes, as it is renewed hourly.</summary>
    private Task<RecentIndex.Coverage?> RecentAsync(CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync("search-recent-index", entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
            return RecentIndex.CoverageAsync(db, cancellationToken);
        });

    /// <summary>Five times <see cref="MaxCounted"/> by the statistics: sampled, and words taken as independent, they are not exact, but not that far off.</summary>
    private const int UncountedMatches = 5 * MaxCounted;

    /// <summary>How many times the window the newest documents read for it should hold, by the estimated share.</summary>
    private const double NewestMargin = 4;

    // Measured warm on the 1M-article bench cluster (bench/search-postgres.sh): testing one document's stems, reading one
    // posting of the RUM index. Only their ratio matters.
    private const double TestMicroseconds = 10;
    private const double PostingMicroseconds = 0.14;

    private async Task<LexemeShares> LexemeSharesAsync(CancellationToken cancellationToken) =>
        (await cache.GetOrCreateAsync("search-lexeme-shares", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
            // The frequencies end with three summary numbers, which unnest pairs with no lexeme.
            var rows = await db.Database.SqlQuery<LexemeShare>($"""
                SELECT s.lexeme AS "Lexeme", s.share::double precision AS "Share"
                FROM pg_stats, unnest(most_common_elems::text::text[], most_common_elem_freqs) AS s(lexeme, share)
                WHERE schemaname = current_schema() AND tablename = 'SearchDocuments' AND attname = 'StemVector' AND s.lexeme IS NOT NULL
                """).ToListAsync(cancellationToken);
            // The row count of the same ANALYZE (-1 before the first), not count(*) over a million rows.
            var documents = await db.Database.SqlQuery<double>($"""
                SELECT greatest(reltuples, 0)::double precision AS "Value" FROM pg_class WHERE oid = to_regclass('"SearchDocuments"')
                """).SingleAsync(cancellationToken);
            return new LexemeShares(rows.ToDictionary(r => r.Lexeme, r => r.Share), documents);
        }))!;

    private sealed class LexemeShare
    {
        public string Lexeme { get; set; } = "";
        public double Share { get; set; }
    }

    /// <summary>The Recency key of the <paramref name="count"/>th newest document, the count rounded up to a power of two; cached, as it only grows older.</summary>
    private async Task<long> OldestOfNewestAsync(int count, CancellationToken cancellationToken)
    {
        var rounded = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)count);
        return await cache.GetOrCreateAsync("search-newest-documents:" + rounded, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
            return db.Database.SqlQuery<long>($"""
                SELECT coalesce(min(r), 0) AS "Value" FROM (SELECT "Recency" AS r FROM "SearchDocuments" ORDER BY "Recency" DESC LIMIT {rounded}) x
                """).SingleAsync(cancellationToken);
        });
    }

    /// <summary>
    /// How many of the newest matches PostgreSQL ranks. Scoring one reads its two TOASTed tsvectors (tens of µs, more
    /// when not cached), and for a common word the match in Recency order reads the non-matching rows between
    /// candidates too. On 1,000,000 articles 100 instead of 300 took p95 from 470 to 290 ms (bench/search-postgres.sh,
    /// loaded machine); 50 instead of 100 saves only another 5 ms of p95 now that common queries read the newest
    /// documents (NewestAsync), not worth ranking among half as many.
    /// </summary>
    private const int PostgresRankWindow = 100;

    private sealed class PostgresRank
    {
        public int ArticleId { get; set; }
        public double Rank { get; set; }
    }

    /// <summary>
    /// The engine's matches among live articles, with the request's filters. The raw SQL joins each match to
    /// its article once (live rule, publish time for recency); taxonomy filters are added as EXISTS only when asked.
    /// </summary>
    private IQueryable<SearchMatch> Matches(SearchQuery query, DateTime now, SearchRequest request) =>
        Filtered(db.Database.IsNpgsql() ? PostgresMatches(query, now) : SqliteMatches(query.ToFts5(), now, relevance: null), request);

    private IQueryable<SearchMatch> Filtered(IQueryable<SearchMatch> matches, SearchRequest request)
    {
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
    private const int Draft = (int)ArticleStatus.Draft;
    private const int PendingReview = (int)ArticleStatus.PendingReview;

    /// <summary>
    /// Raw SQL: FTS5's MATCH has no LINQ form. The rowid is the Recency key (article id in its low 31 bits); the
    /// live check reads the small IX_Articles_SearchLive index, not the article row with its long body. Scored, each
    /// row also reads its search document, whose short layers come first (the body's only when the clause is not in them).
    /// </summary>
    private IQueryable<SearchMatch> SqliteMatches(string match, DateTime now, SqliteRelevance? relevance)
    {
        List<object> parameters = [match, now];
        var score = relevance?.Sql(parameters);
        // Only our own SQL and {n} placeholders are spliced in; every value (the reader's tokens too) is a parameter.
        var sql = $$"""
            SELECT a."Id" AS "ArticleId", a."PublishAt", i.rowid AS "Recency", {{score ?? "0.0"}} AS "Relevance", 0.0 AS "Score", 0.0 AS "Age"
            FROM "SearchIndex" i JOIN "Articles" a INDEXED BY "IX_Articles_SearchLive" ON a."Id" = (i.rowid & 2147483647)
            {{(score is null ? "" : """JOIN "SearchDocuments" d ON d."ArticleId" = a."Id" """)}}
            WHERE "SearchIndex" MATCH {0} AND a."Status" IN ({{Published}}, {{Scheduled}}) AND a."PublishAt" <= {1}
            """;
        return db.Database.SqlQueryRaw<SearchMatch>(sql, [.. parameters]);
    }

    /// <summary>
    /// The newest possible Recency key now, which the RUM index orders by the distance below, and how many keys apart
    /// that float8 distance cannot tell (8 at today's keys): reading that many more matches and cutting by the exact
    /// key keeps the same window.
    /// </summary>
    private static (long Key, int Tied) NewestKey(DateTime now)
    {
        var key = SearchDocument.RecencyOf(int.MaxValue, now);
        return (key, (int)(Math.BitIncrement((double)key) - key));
    }

    /// <summary>
    /// How many live matches have a Recency from <paramref name="from"/> (or any) up to <paramref name="before"/>, up to
    /// <paramref name="cap"/>: through GIN (RecentIndex's `Earlier` for its slice), which skips to the rarest word's
    /// postings, found all at once in a materialized CTE (planned on its own, so that the LIMIT cannot make the planner
    /// walk the table instead), then checked only until the cap. 1M articles, three words: 4-10 ms in `Earlier`, 20-30
    /// through the whole index, where reading every match took 40-60. The keys are written into the SQL for the
    /// planner to match `Earlier`'s predicate.
    /// </summary>
    private Task<int> CountAsync(SearchQuery query, DateTime now, long? from, long before, int cap, CancellationToken cancellationToken)
    {
        var range = $"\"Recency\" < {before.ToString(CultureInfo.InvariantCulture)}";
        if (from is { } key) range = $"\"Recency\" >= {key.ToString(CultureInfo.InvariantCulture)} AND {range}";
        // Only our own SQL and numbers are spliced in; the reader's query is a parameter.
        var sql = $$"""
            WITH older AS MATERIALIZED (SELECT "ArticleId" FROM "SearchDocuments" WHERE "StemVector" @@@ {0}::tsquery AND {{range}})
            SELECT count(*)::int AS "Value" FROM (
                SELECT 1 FROM older o JOIN "Articles" a ON a."Id" = o."ArticleId"
                WHERE a."Status" IN ({{Published}}, {{Scheduled}}) AND a."PublishAt" <= {1} LIMIT {2}) x
            """;
        return db.Database.SqlQueryRaw<int>(sql, query.ToTsQuery(), now, cap).SingleAsync(cancellationToken);
    }

    /// <summary>Whether PostgreSQL has the RUM index (SearchSchema.CreateRumIndexSql); looked up again every ten minutes, so `search rebuild` adding it is seen.</summary>
    private Task<bool> HasRumIndexAsync(CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync("search-rum-index", entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
            return SearchSchema.HasRumIndexAsync(db, cancellationToken);
        });

    /// <summary>
    /// The engine's matches on PostgreSQL, through one of its text indexes:
    /// - without <paramref name="newestKey"/>, GIN: `@@@`, the older spelling of `@@` that only GIN's operator class
    ///   lists, so that the planner never picks the RUM index's bitmap scan here. GIN skips through a common word's
    ///   postings to the next match of a rarer one; RUM reads them all (1M articles: 40 against 500 ms for a NATO alias
    ///   with two words).
    /// - with it, RUM: their Age is `Recency &lt;=| newestKey`, the distance below the newest possible key, which the
    ///   index hands over in order, so ordered by Age and limited they read only the newest matches.
    /// With <paramref name="recentKey"/>, only the newest documents', through RecentIndex's `RecentGin` or `Recent`: the
    /// key is written into the SQL, not passed as a parameter, so that the planner can match the index's predicate in
    /// any plan.
    /// </summary>
    private IQueryable<SearchMatch> PostgresMatches(SearchQuery query, DateTime now, long? newestKey = null, long? recentKey = null)
    {
        var (matches, age) = newestKey is null ? ("@@@", "0.0::double precision") : ("@@", "d.\"Recency\" <=| {2}");
        // Only our own SQL and numbers are spliced in; the reader's query is a parameter.
        var sql = $$"""
            SELECT d."ArticleId", a."PublishAt", d."Recency", 0.0::double precision AS "Relevance", 0.0::double precision AS "Score",
                   {{age}} AS "Age"
            FROM "SearchDocuments" d JOIN "Articles" a ON a."Id" = d."ArticleId"
            WHERE d."StemVector" {{matches}} {0}::tsquery AND a."Status" IN ({{Published}}, {{Scheduled}}) AND a."PublishAt" <= {1}
            {{(recentKey is { } key ? $"""AND d."Recency" >= {key.ToString(CultureInfo.InvariantCulture)}""" : "")}}
            """;
        object[] parameters = newestKey is { } newest ? [query.ToTsQuery(), now, newest] : [query.ToTsQuery(), now];
        return db.Database.SqlQueryRaw<SearchMatch>(sql, parameters);
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
                if (!parsed.IsEmpty && await Matches(parsed, now, request).AnyAsync(cancellationToken)) return suggestion;
            }
        }
        return null;
    }

    /// <summary>
    /// Which of the candidate normalized forms occur in the index, in the order the candidates were generated (most
    /// likely first): probed through the stem layer on both engines (the only layer either one indexes), so both
    /// suggest the same.
    /// </summary>
    private async Task<List<string>> KnownExactFormsAsync(List<string> candidates, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0) return [];
        if (db.Database.IsNpgsql())
        {
            var lexemes = candidates.Select(c => "'" + analyzer.Stem(c) + "'").ToArray();
            return await db.Database.SqlQuery<string>($"""
                SELECT c.term AS "Value" FROM unnest({candidates.ToArray()}::text[], {lexemes}::text[]) WITH ORDINALITY AS c(term, lexeme, n)
                WHERE EXISTS (SELECT 1 FROM "SearchDocuments" d WHERE d."StemVector" @@ c.lexeme::tsquery)
                ORDER BY c.n LIMIT 3
                """).ToListAsync(cancellationToken);
        }
        // One FTS lookup of one term per candidate (stems are letters and digits only, so the quoting holds);
        // not fts5vocab, whose row table counts documents by scanning the whole index.
        var json = System.Text.Json.JsonSerializer.Serialize(candidates.Select(c => new[] { c, analyzer.Stem(c) }).Where(c => c[1].Length > 0));
        return await db.Database.SqlQuery<string>($$"""
            SELECT json_extract(c.value, '$[0]') AS "Value" FROM json_each({{json}}) c
            WHERE EXISTS (SELECT 1 FROM "SearchIndex" WHERE "SearchIndex" MATCH '"' || json_extract(c.value, '$[1]') || '"')
            ORDER BY c.key LIMIT 3
            """).ToListAsync(cancellationToken);
    }
}

/// <summary>
/// A row of the engine's match: article, publish time, its place in the newest-first scan, the engine's
/// relevance, and the score the page is ranked by (relevance blended with recency).
/// </summary>
public sealed class SearchMatch
{
    public int ArticleId { get; set; }
    public DateTime PublishAt { get; set; }
    public long Recency { get; set; }
    public double Relevance { get; set; }
    public double Score { get; set; }

    /// <summary>PostgreSQL with the RUM index: how far Recency lies below the newest possible key, the order that index reads in (0 elsewhere).</summary>
    public double Age { get; set; }
}
