using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Web.Features.Search;
using Nashir.Web.Platform.Data;
using Npgsql;
using Xunit;

namespace Nashir.Tests.Features.Search;

/// <summary>
/// On a large archive PostgreSQL keeps partial indexes over the newest documents (RecentIndex). A query with more
/// than 1,000 matches among them is answered from them alone (RUM, or GIN for three words); one with the window there
/// has only the older matches counted, up to the cap; one with fewer, or fewer than a deep page needs, is read whole.
/// Each finds what reading every match finds: the same hits, scores and total, by relevance and newest first. Renewed
/// over fewer documents, the indexes move to a newer key; a search still naming the old key finds the same.
/// </summary>
public sealed class PostgresRecentIndexTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Queries_with_enough_recent_matches_read_only_the_newest_documents_and_find_the_same()
    {
        const int covered = 2000;
        // In every article, every other one, every tenth.
        var all = "كلمة" + SearchArchive.Letters(Unique.Next());
        var half = "علامة" + SearchArchive.Letters(Unique.Next());
        var tenth = "إشارة" + SearchArchive.Letters(Unique.Next());
        // A few more than the count's cap among the newest 2,000: a deep page needs older ones too.
        var past = "علامة" + SearchArchive.Letters(Unique.Next());
        await SearchArchive.PublishAsync(app, 5000, i => i % 7 == 0 ? $"{all} في خبر رقم {i}" : $"خبر رقم {i}",
            i => $"<p>نص فيه {all} {(i % 2 == 0 ? half : "")} {(i % 10 == 0 ? tenth : "")} {(i % 2 == 0 || i % 97 == 0 ? past : "")} للخبر {i}.</p>");
        using var reader = app.CreateReaderClient();
        string[] queries = [all, half, tenth, past, $"{all} {half}", $"{all} {half} {tenth}"];
        string[] orders = ["", "&sort=newest", "&page=3", "&pageSize=50&page=21"];
        var everything = await ResultsAsync(reader, queries, orders);

        long key;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
            key = Assert.NotNull(await RecentIndex.RenewAsync(db, covered, Cancel));
            var coverage = await RecentIndex.CoverageAsync(db, Cancel);
            Assert.Equal((key, covered, true), (coverage!.Key, coverage.Documents, coverage.Gin));
            Assert.Equal(0, coverage.EarlierKey); // all the older ones: fewer than three times as many
            Assert.Equal(await db.Database.SqlQuery<int>($"""SELECT count(*)::int AS "Value" FROM "SearchDocuments" """).SingleAsync(Cancel) - covered, coverage.EarlierDocuments);
            Assert.Null(await RecentIndex.RenewAsync(db, covered, Cancel)); // current: nothing to do
            // One of them missing (a build cut short): all built again, over the same documents.
            await db.Database.ExecuteSqlRawAsync($"DROP INDEX \"{RecentIndex.GinName}\"", Cancel);
            Assert.False((await RecentIndex.CoverageAsync(db, Cancel))!.Gin);
            Assert.Equal(key, await RecentIndex.RenewAsync(db, covered, Cancel));
            // `Earlier` out of step with `Recent` (a renewal cut short between them): not used, and built again.
            await db.Database.ExecuteSqlRawAsync($"DROP INDEX \"{RecentIndex.EarlierName}\"", Cancel);
            await db.Database.ExecuteSqlAsync($"""CREATE INDEX "IX_SearchDocuments_Earlier" ON "SearchDocuments" USING gin ("StemVector") WHERE "Recency" >= 0 AND "Recency" < 5""", Cancel);
            Assert.Null((await RecentIndex.CoverageAsync(db, Cancel))!.EarlierKey);
            Assert.Equal(key, await RecentIndex.RenewAsync(db, covered, Cancel));
            Assert.Equal(0, (await RecentIndex.CoverageAsync(db, Cancel))!.EarlierKey);
            // The planner matches the key as written in the search's SQL to the index's predicate (on so few rows it
            // would rather not use an index at all).
            await using var transaction = await db.Database.BeginTransactionAsync(Cancel);
            await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off", Cancel);
            await using var explain = db.Database.GetDbConnection().CreateCommand();
            explain.Transaction = transaction.GetDbTransaction();
            explain.CommandText = $"""
                EXPLAIN SELECT 1 FROM "SearchDocuments" d WHERE d."StemVector" @@ 'x'::tsquery AND d."Recency" >= {key}
                ORDER BY d."Recency" <=| 0::bigint LIMIT 10
                """;
            var plan = new List<string>();
            await using (var lines = await explain.ExecuteReaderAsync(Cancel))
                while (await lines.ReadAsync(Cancel)) plan.Add(lines.GetString(0));
            Assert.Contains(plan, line => line.Contains(RecentIndex.Name, StringComparison.Ordinal));
        }
        ((MemoryCache)app.Services.GetRequiredService<IMemoryCache>()).Clear();

        var keyed = $"\"Recency\" >= {key.ToString(CultureInfo.InvariantCulture)}";
        using (var commands = new PostgresRumIndexTests.CommandTexts(new NpgsqlConnectionStringBuilder(app.Storage.ConnectionString).Database!))
        {
            Assert.Equal(everything, await ResultsAsync(reader, queries, orders));
            Assert.Contains(commands, sql => sql.Contains(keyed, StringComparison.Ordinal) && sql.Contains("<=|", StringComparison.Ordinal));
            // Three words: through RecentGin.
            Assert.Contains(commands, sql => sql.Contains(keyed, StringComparison.Ordinal) && sql.Contains("@@@", StringComparison.Ordinal) && !sql.Contains("WITH", StringComparison.Ordinal));
        }
        // One word in all 2,000 recent documents is answered there: nothing reads the whole index for it.
        using (var commands = new PostgresRumIndexTests.CommandTexts(new NpgsqlConnectionStringBuilder(app.Storage.ConnectionString).Database!))
        {
            Assert.Equal(ArticleSearch.MaxCounted + 1, (await reader.SearchAsync(all)).Total);
            var matching = commands.Where(sql => sql.Contains("@@", StringComparison.Ordinal) && !sql.Contains("ts_rank", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(matching);
            Assert.All(matching, sql => Assert.Contains(keyed, sql, StringComparison.Ordinal));
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
            var renewed = Assert.NotNull(await RecentIndex.RenewAsync(db, covered / 4, Cancel));
            Assert.True(renewed > key);
            var coverage = await RecentIndex.CoverageAsync(db, Cancel);
            Assert.Equal((renewed, covered / 4, true), (coverage!.Key, coverage.Documents, coverage.EarlierKey > 0));
            Assert.Equal(covered / 2, coverage.EarlierDocuments);
        }
        // Still cached: the old key, whose index is gone. Slower, the same.
        Assert.Equal(everything, await ResultsAsync(reader, queries, orders));
        ((MemoryCache)app.Services.GetRequiredService<IMemoryCache>()).Clear();
        Assert.Equal(everything, await ResultsAsync(reader, queries, orders));
    }

    private static async Task<List<string>> ResultsAsync(HttpClient reader, string[] queries, string[] orders)
    {
        var results = new List<string>();
        foreach (var query in queries)
        {
            foreach (var order in orders)
            {
                var found = await reader.SearchAsync(query, order);
                results.Add($"{query}{order}: {found.Total} " + string.Join(',', found.Items.Select(i => $"{i.Id}:{i.Score}")));
            }
        }
        return results;
    }
}
