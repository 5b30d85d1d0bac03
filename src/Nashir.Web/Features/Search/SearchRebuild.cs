using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Features.Search;

/// <summary>
/// `search rebuild [--restart]`: re-creates every article's search document from the article, in
/// id order, in batches that each commit with a checkpoint (data directory, search-rebuild.checkpoint).
/// An interrupted rebuild continues from the checkpoint; the site keeps serving searches meanwhile,
/// since documents are replaced (upserted), never dropped first. The next batch is read and analyzed
/// (on every core) while the current one is written, and writing is one prepared statement per batch:
/// the database's own indexing is then most of the time.
/// </summary>
public static class SearchRebuild
{
    /// <summary>Big enough to amortize a transaction, small enough that a batch commits well under a second.</summary>
    private const int BatchSize = 2000;

    private static readonly string[] Columns = ["ArticleId", "Recency", "HeadlineExact", "HeadlineStem", "LeadExact", "LeadStem", "BodyExact", "BodyStem"];

    private static readonly string Upsert =
        $"INSERT INTO \"SearchDocuments\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", Columns.Select((_, i) => $"@p{i}"))}) " +
        $"ON CONFLICT (\"ArticleId\") DO UPDATE SET {string.Join(", ", Columns.Skip(1).Select(c => $"\"{c}\" = excluded.\"{c}\""))}";

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
        var next = Task.Run(() => ReadAsync(services, lastId));
        while (true)
        {
            var batch = await next;
            if (batch.Count == 0) break;
            next = Task.Run(() => ReadAsync(services, batch.LastId));
            analysis += batch.Analysis;
            await WriteAsync(services, batch);
            await File.WriteAllTextAsync(checkpoint, batch.LastId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            progress.Advance(batch.Count);
        }
        File.Delete(checkpoint);
        progress.Done(analysis);
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
        var documents = articles.AsParallel().AsOrdered().Where(a => a.Status != ArticleStatus.Trashed)
            .Select(a => indexer.Document(a.Id, a.PublishAt, a.Headline, a.Kicker, a.Subtitle, a.Body))
            .ToList();
        return new Batch(articles.Count, articles[^1].Id, documents,
            articles.Where(a => a.Status == ArticleStatus.Trashed).Select(a => a.Id).ToList(), watch.Elapsed);
    }

    private static async Task WriteAsync(IServiceProvider services, Batch batch)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        // 64 MB of page cache for this connection (the default is 2 MB): the FTS5 segments and b-tree pages a
        // batch touches stay in memory until commit.
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -65536;");
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (batch.Trashed.Count > 0)
            await db.Set<SearchDocument>().Where(d => batch.Trashed.Contains(d.ArticleId)).ExecuteDeleteAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = Upsert;
        var parameters = Columns.Select((_, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            parameter.DbType = i switch { 0 => System.Data.DbType.Int32, 1 => System.Data.DbType.Int64, _ => System.Data.DbType.String };
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        await command.PrepareAsync();
        foreach (var d in batch.Documents)
        {
            object[] values = [d.ArticleId, d.Recency, d.HeadlineExact, d.HeadlineStem, d.LeadExact, d.LeadStem, d.BodyExact, d.BodyStem];
            for (var i = 0; i < values.Length; i++) parameters[i].Value = values[i];
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
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

        public void Done(TimeSpan analysis)
        {
            if (terminal) output.WriteLine();
            var seconds = watch.Elapsed.TotalSeconds;
            output.WriteLine($"Indexed {done:N0} articles in {seconds:F1} s ({done / Math.Max(seconds, 0.001):N0} articles/s; text analysis {analysis.TotalSeconds:F1} s).");
        }
    }
}
