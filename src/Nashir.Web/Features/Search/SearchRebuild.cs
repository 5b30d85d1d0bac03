using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;
using Npgsql;
using NpgsqlTypes;

namespace Nashir.Web.Features.Search;

/// <summary>
/// `search rebuild [--restart]`: re-creates every article's search document from the article, in
/// id order, in batches that each commit with a checkpoint (data directory, search-rebuild.checkpoint).
/// An interrupted rebuild continues from the checkpoint; the site keeps serving searches meanwhile,
/// since documents are replaced (upserted), never dropped first. The next batch is read and analyzed
/// (on every core) while the current one is written on one connection, kept for the whole rebuild.
/// </summary>
/// <remarks>
/// A batch is first staged in a temporary table, then upserted with one statement in Recency order. On SQLite
/// this is most of the speed: FTS5 flushes its pending terms to a new segment at every statement that writes
/// through the SearchDocuments trigger (a statement savepoint) and at every rowid lower than the last, so a
/// row-by-row upsert made one tiny segment per article, and merging those was most of the rebuild's time.
/// One statement in rowid order gives one segment per batch.
/// </remarks>
public static class SearchRebuild
{
    /// <summary>Big enough to amortize a transaction and make FTS5 segments of useful size, small enough to commit well under a second.</summary>
    private const int BatchSize = 2000;

    /// <summary>
    /// FTS5's pending-terms buffer (default 1 MB), persisted in its config: a batch's terms (about 4 MB) then go
    /// to disk as one segment instead of four. Only a multi-article statement fills more than the default.
    /// </summary>
    private const int Fts5HashSize = 16 * 1024 * 1024;

    private static readonly string[] Columns = ["ArticleId", "Recency", "HeadlineExact", "HeadlineStem", "LeadExact", "LeadStem", "BodyExact", "BodyStem"];

    private static readonly string ColumnList = string.Join(", ", Columns.Select(c => $"\"{c}\""));

    private const string Staging = "SearchRebuildBatch";

    public static async Task<int> RunAsync(IServiceProvider services, bool restart, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        await DatabaseSetup.MigrateAsync(services);
        var options = services.GetRequiredService<IOptions<NashirOptions>>().Value;
        var checkpoint = Path.Combine(options.DataDirectoryPath, "search-rebuild.checkpoint");
        var lastId = !restart && File.Exists(checkpoint) && int.TryParse(await File.ReadAllTextAsync(checkpoint), out var saved) ? saved : 0;
        if (lastId > 0) output.WriteLine($"Resuming after article {lastId} (use --restart to start over).");

        int total;
        await using (var scope = services.CreateAsyncScope())
        {
            total = await scope.ServiceProvider.GetRequiredService<NashirDb>().Articles.CountAsync(a => a.Id > lastId);
        }
        var progress = new RebuildProgress(output, total);
        var analysis = TimeSpan.Zero;
        var writing = new Stopwatch();
        await using var writer = await BatchWriter.OpenAsync(services);
        var next = Task.Run(() => ReadAsync(services, lastId));
        while (true)
        {
            var batch = await next;
            if (batch.Count == 0) break;
            next = Task.Run(() => ReadAsync(services, batch.LastId));
            analysis += batch.Analysis;
            writing.Start();
            await writer.WriteAsync(batch);
            writing.Stop();
            await File.WriteAllTextAsync(checkpoint, batch.LastId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            progress.Advance(batch.Count);
        }
        writing.Start();
        await writer.OptimizeAsync();
        writing.Stop();
        File.Delete(checkpoint);
        await using (var scope = services.CreateAsyncScope())
        {
            // A site whose server got the rum extension after migrating gets its index now (a no-op when it has it or cannot).
            var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
            if (db.Database.IsNpgsql())
            {
                db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
                await db.Database.ExecuteSqlRawAsync(SearchSchema.CreateRumIndexSql);
                await RecentIndex.RenewAsync(db, RecentIndex.Documents, CancellationToken.None);
            }
        }
        progress.Done(analysis, writing.Elapsed);
        return 0;
    }

    private sealed record Batch(int Count, int LastId, List<SearchDocument> Documents, List<int> Trashed, TimeSpan Analysis);

    private static async Task<Batch> ReadAsync(IServiceProvider services, int afterId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var indexer = scope.ServiceProvider.GetRequiredService<ArticleIndexer>();
        var articles = await db.Articles.Where(a => a.Id > afterId).OrderBy(a => a.Id).Take(BatchSize)
            .Select(a => new { a.Id, a.Headline, a.Kicker, a.Subtitle, a.Body, a.Status, a.PublishAt })
            .ToListAsync();
        if (articles.Count == 0) return new Batch(0, afterId, [], [], TimeSpan.Zero);
        var watch = Stopwatch.StartNew();
        var documents = articles.AsParallel().Where(a => a.Status != ArticleStatus.Trashed)
            .Select(a => indexer.Document(a.Id, a.PublishAt, a.Headline, a.Kicker, a.Subtitle, a.Body))
            .ToList();
        return new Batch(articles.Count, articles[^1].Id, documents,
            articles.Where(a => a.Status == ArticleStatus.Trashed).Select(a => a.Id).ToList(), watch.Elapsed);
    }

    /// <summary>
    /// Writes search documents as the rebuild does (staged, then one statement in FTS5 rowid order), in the caller's
    /// open transaction: for bulk writers (the WordPress import), whose documents would otherwise reach FTS5 a few rows
    /// a statement, each flushed as a segment of its own that FTS5 then merges.
    /// </summary>
    internal static async Task WriteDocumentsAsync(NashirDb db, List<SearchDocument> documents)
    {
        await using var writer = await BatchWriter.OpenAsync(null, db);
        await writer.StageAsync(db.Database.CurrentTransaction!.GetDbTransaction(), documents);
    }

    /// <summary>One connection and its prepared statements for the whole rebuild; a transaction per batch.</summary>
    private sealed class BatchWriter(AsyncServiceScope? scope, NashirDb db, DbCommand stage, DbParameter[] values, DbCommand upsert, DbCommand clear) : IAsyncDisposable
    {
        public static async Task<BatchWriter> OpenAsync(IServiceProvider services)
        {
            var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
            await db.Database.OpenConnectionAsync();
            if (db.Database.IsSqlite())
            {
                // 64 MB of page cache for this connection (the default is 2 MB): the FTS5 segments and b-tree pages a
                // batch touches stay in memory until commit.
                await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -65536;");
                await db.Database.ExecuteSqlAsync($"""INSERT INTO "SearchIndex"("SearchIndex", rank) VALUES ('hashsize', {Fts5HashSize});""");
            }
            return await OpenAsync(scope, db);
        }

        /// <summary>The statements on <paramref name="db"/>'s open connection (and the scope that owns it, if this writer does).</summary>
        public static async Task<BatchWriter> OpenAsync(AsyncServiceScope? scope, NashirDb db)
        {
            var connection = db.Database.GetDbConnection();
            await using (var create = connection.CreateCommand())
            {
                create.CommandText = $"""CREATE TEMP TABLE IF NOT EXISTS "{Staging}" AS SELECT {ColumnList} FROM "SearchDocuments" WHERE 1 = 0""";
                create.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                await create.ExecuteNonQueryAsync();
            }
            var stage = connection.CreateCommand();
            stage.CommandText = $"""INSERT INTO "{Staging}" ({ColumnList}) VALUES ({string.Join(", ", Columns.Select((_, i) => $"@p{i}"))})""";
            var values = Columns.Select((_, i) =>
            {
                var parameter = stage.CreateParameter();
                parameter.ParameterName = $"@p{i}";
                parameter.DbType = i switch { 0 => System.Data.DbType.Int32, 1 => System.Data.DbType.Int64, _ => System.Data.DbType.String };
                stage.Parameters.Add(parameter);
                return parameter;
            }).ToArray();
            // "WHERE 1 = 1" keeps SQLite from reading ON CONFLICT as a join constraint of the SELECT.
            var upsert = connection.CreateCommand();
            upsert.CommandText = $"""
                INSERT INTO "SearchDocuments" ({ColumnList}) SELECT {ColumnList} FROM "{Staging}" WHERE 1 = 1 ORDER BY "Recency"
                ON CONFLICT ("ArticleId") DO UPDATE SET {string.Join(", ", Columns.Skip(1).Select(c => $"\"{c}\" = excluded.\"{c}\""))}
                """;
            var clear = connection.CreateCommand();
            clear.CommandText = $"""DELETE FROM "{Staging}" """;
            return new BatchWriter(scope, db, stage, values, upsert, clear);
        }

        public async Task WriteAsync(Batch batch)
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            if (batch.Trashed.Count > 0)
                await db.Set<SearchDocument>().Where(d => batch.Trashed.Contains(d.ArticleId)).ExecuteDeleteAsync();
            await StageAsync(transaction.GetDbTransaction(), batch.Documents);
            await transaction.CommitAsync();
        }

        public async Task StageAsync(DbTransaction transaction, List<SearchDocument> documents)
        {
            stage.Transaction = upsert.Transaction = clear.Transaction = transaction;
            if (db.Database.GetDbConnection() is NpgsqlConnection npgsql) await CopyAsync(npgsql, documents);
            else await InsertEachAsync(documents);
            await upsert.ExecuteNonQueryAsync();
            await clear.ExecuteNonQueryAsync();
        }

        /// <summary>
        /// SQLite: FTS5's segments (one per batch, partly merged) merged into one. A search walks each segment's
        /// postings of each word, in newest-first order: a 3-word query went from 9 to 2.5 ms of FTS5 time on 100k
        /// articles. Takes a few seconds per 100k articles; later edits add small segments, which FTS5 merges itself.
        /// </summary>
        public async Task OptimizeAsync()
        {
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("""INSERT INTO "SearchIndex"("SearchIndex") VALUES ('optimize');""");
        }

        /// <summary>SQLite: a prepared insert per article, in-process (no round trip).</summary>
        private async Task InsertEachAsync(List<SearchDocument> documents)
        {
            foreach (var d in documents)
            {
                values[0].Value = d.ArticleId;
                values[1].Value = d.Recency;
                values[2].Value = d.HeadlineExact;
                values[3].Value = d.HeadlineStem;
                values[4].Value = d.LeadExact;
                values[5].Value = d.LeadStem;
                values[6].Value = d.BodyExact;
                values[7].Value = d.BodyStem;
                await stage.ExecuteNonQueryAsync();
            }
        }

        /// <summary>PostgreSQL: the batch in one binary COPY rather than a round trip per article (most of the time on a busy machine).</summary>
        private static async Task CopyAsync(NpgsqlConnection connection, List<SearchDocument> documents)
        {
            await using var copy = await connection.BeginBinaryImportAsync($"""COPY "{Staging}" ({ColumnList}) FROM STDIN (FORMAT BINARY)""");
            foreach (var d in documents)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(d.ArticleId, NpgsqlDbType.Integer);
                await copy.WriteAsync(d.Recency, NpgsqlDbType.Bigint);
                foreach (var text in (string[])[d.HeadlineExact, d.HeadlineStem, d.LeadExact, d.LeadStem, d.BodyExact, d.BodyStem])
                    await copy.WriteAsync(text, NpgsqlDbType.Text);
            }
            await copy.CompleteAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await stage.DisposeAsync();
            await upsert.DisposeAsync();
            await clear.DisposeAsync();
            if (scope is not { } owned) return;
            await db.Database.CloseConnectionAsync();
            await owned.DisposeAsync();
        }
    }

    /// <summary>A one-line progress bar on a terminal; a line per 10 % when the output is a file or pipe.</summary>
    private sealed class RebuildProgress(TextWriter output, int total)
    {
        private readonly Stopwatch watch = Stopwatch.StartNew();
        private readonly bool terminal = output == Console.Out && !Console.IsOutputRedirected;
        private int done;
        private int lastTenth = -1;

        public void Advance(int count)
        {
            done += count;
            var rate = done / Math.Max(watch.Elapsed.TotalSeconds, 0.001);
            var share = total == 0 ? 1 : Math.Min(1, (double)done / total);
            var bar = new string('#', (int)(share * 30)).PadRight(30, '.');
            var line = $"[{bar}] {done:N0}/{total:N0} articles, {rate:N0}/s";
            if (terminal) output.Write("\r" + line);
            else if ((int)(share * 10) != lastTenth) { lastTenth = (int)(share * 10); output.WriteLine(line); }
        }

        public void Done(TimeSpan analysis, TimeSpan writing)
        {
            if (terminal) output.WriteLine();
            var seconds = watch.Elapsed.TotalSeconds;
            output.WriteLine($"Indexed {done:N0} articles in {seconds:F1} s ({done / Math.Max(seconds, 0.001):N0} articles/s; text analysis {analysis.TotalSeconds:F1} s, writing {writing.TotalSeconds:F1} s).");
        }
    }
}
