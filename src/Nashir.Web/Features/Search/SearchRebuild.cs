using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Features.Search;

/// <summary>
/// `search rebuild [--restart]`: re-creates every article's search document from the article, in
/// id order, in batches that each commit with a checkpoint (data directory, search-rebuild.checkpoint).
/// An interrupted rebuild continues from the checkpoint; the site keeps serving searches meanwhile,
/// since documents are replaced, never dropped first.
/// </summary>
public static class SearchRebuild
{
    /// <summary>Big enough to amortize a transaction, small enough that a batch commits well under a second.</summary>
    private const int BatchSize = 1000;

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
        var analysis = new Stopwatch();
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
            var indexer = scope.ServiceProvider.GetRequiredService<ArticleIndexer>();
            var batch = await db.Articles.Where(a => a.Id > lastId).OrderBy(a => a.Id).Take(BatchSize)
                .Select(a => new { a.Id, a.Headline, a.Kicker, a.Subtitle, a.Body, a.Status })
                .ToListAsync();
            if (batch.Count == 0) break;

            var ids = batch.Select(a => a.Id).ToList();
            var existing = await db.Set<SearchDocument>().AsTracking().Where(d => ids.Contains(d.ArticleId)).ToDictionaryAsync(d => d.ArticleId);
            foreach (var article in batch)
            {
                existing.TryGetValue(article.Id, out var document);
                if (article.Status == ArticleStatus.Trashed)
                {
                    if (document is not null) db.Remove(document);
                    continue;
                }
                analysis.Start();
                var fresh = indexer.Document(article.Id, article.Headline, article.Kicker, article.Subtitle, article.Body);
                analysis.Stop();
                if (document is null) db.Add(fresh);
                else db.Entry(document).CurrentValues.SetValues(fresh);
            }
            await db.SaveChangesAsync();
            lastId = batch[^1].Id;
            await File.WriteAllTextAsync(checkpoint, lastId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            progress.Advance(batch.Count);
        }
        File.Delete(checkpoint);
        progress.Done(analysis.Elapsed);
        return 0;
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
