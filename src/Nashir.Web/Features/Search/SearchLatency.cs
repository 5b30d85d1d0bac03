using System.Diagnostics;
using System.Globalization;

namespace Nashir.Web.Features.Search;

/// <summary>
/// `search bench [--queries N] [--vocabulary FILE]`: times N searches of 1–3 words drawn from the
/// vocabulary (the search page's full work: match, count, one page, snippets, without HTTP), one after
/// another, and prints p50/p95/p99. Seeded, so runs are comparable.
/// </summary>
public static class SearchLatency
{
    public static async Task<int> RunAsync(IServiceProvider services, int queries, string vocabularyFile, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var words = File.ReadAllText(vocabularyFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct().ToArray();
#pragma warning disable CA5394 // benchmark queries, not security
        var random = new Random(5);
        var texts = Enumerable.Range(0, queries).Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(1, 4)).Select(_ => words[random.Next(words.Length)]))).ToList();
#pragma warning restore CA5394
        // Warm-up: JIT, connection pool, SQLite page cache.
        foreach (var text in texts.Take(50)) await SearchAsync(services, text);

        var times = new List<double>(queries);
        var found = 0L;
        foreach (var text in texts)
        {
            var watch = Stopwatch.StartNew();
            found += await SearchAsync(services, text);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        double At(double p) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(p * times.Count) - 1)];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{queries} queries of 1-3 words: p50 {At(0.50):F1} ms, p95 {At(0.95):F1} ms, p99 {At(0.99):F1} ms, max {times[^1]:F1} ms; mean hits {found / (double)queries:F0}"));
        return 0;
    }

    private static async Task<int> SearchAsync(IServiceProvider services, string text)
    {
        await using var scope = services.CreateAsyncScope();
        var results = await scope.ServiceProvider.GetRequiredService<ArticleSearch>().SearchAsync(new SearchRequest(text), CancellationToken.None);
        return results.Total;
    }
}
