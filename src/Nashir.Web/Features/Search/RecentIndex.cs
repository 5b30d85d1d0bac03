using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Search;

/// <summary>
/// PostgreSQL: three more indexes of the stems, over slices of the newest documents (partial indexes on Recency).
/// Through the whole archive's indexes a query reads every posting of its words, tens of milliseconds for common ones
/// on a million articles, though the page needs only the newest 100 matches and a count up to 1,001:
/// - `Recent`, RUM, over the newest <see cref="Documents"/>: the newest matches in order, from a fifth of the postings;
///   most queries find all they need there. `RecentGin`, GIN, over the same documents, for three words or a phrase,
///   whose matches among them are few: GIN skips to the rarest word's postings, where RUM reads them all.
/// - `Earlier`, GIN, over the twice as many before them: where a query has the window among the newest but fewer
///   matches than the count's cap, the older ones are counted there first (GIN skips to the rarest word's postings).
/// Built once the archive holds twice <see cref="Documents"/>, renewed hourly once `Recent` covers twice that many:
/// new indexes over the newest are built beside the old ones (CONCURRENTLY: writers are not blocked), then swapped in;
/// one node at a time, under an advisory lock. Only with the rum extension (SearchSchema.RumIndex). Stale keys only
/// cost speed: queries write them into their WHERE clauses, so their hits never depend on them (ArticleSearch).
/// </summary>
public sealed partial class RecentIndex(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RecentIndex> logger) : BackgroundService
{
    public const string Name = "IX_SearchDocuments_Recent";
    public const string GinName = "IX_SearchDocuments_RecentGin";
    public const string EarlierName = "IX_SearchDocuments_Earlier";

    /// <summary>How many of the newest documents `Recent` covers when (re)built; `Earlier` covers twice as many before them.</summary>
    public const int Documents = 200_000;

    /// <summary>
    /// Where `Recent` starts (its oldest document's Recency) and how many documents it covers; whether `RecentGin`
    /// covers the same; where `Earlier` starts (it ends where `Recent` starts; null without it) and how many it covers.
    /// </summary>
    public sealed record Coverage(long Key, int Documents, bool Gin, long? EarlierKey, int EarlierDocuments);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
                if (!db.Database.IsNpgsql()) return;
                if (await RenewAsync(db, Documents, stoppingToken) is { } key) LogRenewed(key);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRenewFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// Builds the indexes, `Recent` over the newest <paramref name="documents"/>, when one is missing (a build cut short
    /// included) and the archive holds twice that many, or when `Recent` covers more than twice that many; `Recent`'s
    /// new key, or null when nothing was done (another node holding the lock included).
    /// </summary>
    public static async Task<long?> RenewAsync(NashirDb db, int documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // A session lock, on this connection until the finally below; the number only has to be ours.
            if (!await db.Database.SqlQuery<bool>($"""SELECT pg_try_advisory_lock({LockKey}) AS "Value" """).SingleAsync(cancellationToken))
                return null;
            try
            {
                if (!await SearchSchema.HasRumIndexAsync(db, cancellationToken)) return null;
                if (await CoverageAsync(db, cancellationToken) is { Gin: true, EarlierKey: not null } current && current.Documents <= 2 * documents)
                    return null;
                if (await NewestAsync(db, 2 * documents, cancellationToken) is null) return null;
                var next = await NewestAsync(db, documents, cancellationToken) ?? 0;
                var earlier = await NewestAsync(db, 3 * documents, cancellationToken) ?? 0;
                var key = next.ToString(CultureInfo.InvariantCulture);
                await BuildAsync(db, Name, $"""USING rum ("StemVector" rum_tsvector_addon_ops, "Recency") WITH (attach = 'Recency', to = 'StemVector') WHERE "Recency" >= {key}""", cancellationToken);
                await BuildAsync(db, GinName, $"""USING gin ("StemVector") WHERE "Recency" >= {key}""", cancellationToken);
                await BuildAsync(db, EarlierName, $"""USING gin ("StemVector") WHERE "Recency" >= {earlier.ToString(CultureInfo.InvariantCulture)} AND "Recency" < {key}""", cancellationToken);
                return next;
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The Recency of the <paramref name="count"/>th newest document, null when there are fewer.</summary>
    private static async Task<long?> NewestAsync(NashirDb db, int count, CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<long>($"""
            SELECT "Recency" AS "Value" FROM "SearchDocuments" ORDER BY "Recency" DESC OFFSET {count - 1} LIMIT 1
            """).ToListAsync(cancellationToken)) is [var key] ? key : null;

    /// <summary>
    /// Builds index <paramref name="name"/> anew beside the old one, then swaps it in. Each its own statement:
    /// CONCURRENTLY cannot run in a transaction. A build cut short leaves an invalid index behind, dropped on the next try.
    /// </summary>
    private static async Task BuildAsync(NashirDb db, string name, string definition, CancellationToken cancellationToken)
    {
        var building = name + "_Next";
        string[] statements =
        [
            $"""DROP INDEX CONCURRENTLY IF EXISTS "{building}";""",
            $"""CREATE INDEX CONCURRENTLY "{building}" ON "SearchDocuments" {definition};""",
            $"""DROP INDEX CONCURRENTLY IF EXISTS "{name}";""",
            $"""ALTER INDEX "{building}" RENAME TO "{name}";""",
        ];
        foreach (var statement in statements) await db.Database.ExecuteSqlRawAsync(statement, cancellationToken);
    }

    /// <summary>The indexes' keys, read back from their predicates in the catalog, and `Recent`'s size; null without a valid `Recent`.</summary>
    public static async Task<Coverage?> CoverageAsync(NashirDb db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        // The three predicates in one catalog read.
        var predicates = await db.Database.SqlQuery<IndexPredicate>($"""
            SELECT c.relname AS "Index", pg_get_expr(i.indpred, i.indrelid) AS "Predicate"
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = to_regclass('"SearchDocuments"') AND i.indisvalid AND c.relname IN ({Name}, {GinName}, {EarlierName})
            """).ToDictionaryAsync(p => p.Index, p => Range(p.Predicate), cancellationToken);
        if (predicates.GetValueOrDefault(Name) is not ({ } key, null)) return null;
        // `Earlier` only where it ends at `Recent`'s key (a renewal cut short between the two leaves it elsewhere).
        var earlier = predicates.GetValueOrDefault(EarlierName) is ({ } from, { } before) && before == key ? from : (long?)null;
        // Counted through the Recency index (the RUM index's own reltuples counts postings, not documents).
        var counts = await db.Database.SqlQuery<SliceSizes>($"""
            SELECT count(*) FILTER (WHERE "Recency" >= {key})::int AS "Recent", count(*) FILTER (WHERE "Recency" < {key})::int AS "Earlier"
            FROM "SearchDocuments" WHERE "Recency" >= {earlier ?? key}
            """).SingleAsync(cancellationToken);
        return new Coverage(key, counts.Recent, predicates.GetValueOrDefault(GinName) == (key, null), earlier, counts.Earlier);
    }

    private sealed class IndexPredicate
    {
        public string Index { get; set; } = "";
        public string Predicate { get; set; } = "";
    }

    private sealed class SliceSizes
    {
        public int Recent { get; set; }
        public int Earlier { get; set; }
    }

    /// <summary>The Recency range of an index's predicate: from, and before when bounded.</summary>
    private static (long? From, long? Before) Range(string predicate) =>
        RangePattern().Match(predicate) is { Success: true } match
            ? (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
               match.Groups[2].Success ? long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : null)
            : (null, null);

    private const long LockKey = 0x4e61736869720001; // "Nashir" and 1

    // pg_get_expr spells the predicates `("Recency" >= '123'::bigint)` and `(("Recency" >= '12'::bigint) AND ("Recency" < '123'::bigint))`.
    [GeneratedRegex("""^\(+"Recency" >= '?(\d+)'?(?:::bigint)?\)(?: AND \("Recency" < '?(\d+)'?(?:::bigint)?\)\))?$""")]
    private static partial Regex RangePattern();

    [LoggerMessage(LogLevel.Information, "Search index of the newest documents renewed (from Recency {Key})")]
    private partial void LogRenewed(long key);

    [LoggerMessage(LogLevel.Warning, "Renewing the search index of the newest documents failed; searches read the whole index meanwhile")]
    private partial void LogRenewFailed(Exception exception);
}
