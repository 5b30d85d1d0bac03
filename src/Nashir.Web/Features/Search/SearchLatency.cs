using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Search;

/// <summary>
/// `search bench [--queries N] [--vocabulary FILE]`: times N searches of 1–3 words drawn from the
/// vocabulary (the search page's full work: match, count, one page, snippets, without HTTP), one after
/// another, all distinct, and prints p50/p95/p99 of the wall time and of the process's CPU time per query
/// (on a shared machine the CPU time shows the work when other processes stretch the wall time), and the CPU
/// time of each stage of the search (ArticleSearch.Stages). Seeded, so runs are comparable.
/// </summary>
public static class SearchLatency
{
    private const int WarmUpQueries = 300;

    public static async Task<int> RunAsync(IServiceProvider services, int queries, string vocabularyFile, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var words = File.ReadAllText(vocabularyFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct().ToArray();
#pragma warning disable CA5394 // benchmark queries, not security
        var random = new Random(5);
        string Query() => string.Join(' ', Enumerable.Range(0, random.Next(1, 4)).Select(_ => words[random.Next(words.Length)]));
        var distinct = new HashSet<string>();
        while (distinct.Count < queries) distinct.Add(Query());
        var texts = distinct.ToList();
        // Warm-up on other queries: the JIT (each path of ArticleSearch compiles on first use, and again optimized once
        // hot, 50-100 ms of CPU each time), the connection pool, the database's cache of the newest documents; not the
        // measured queries' own postings.
        var warmUp = new HashSet<string>();
        while (warmUp.Count < WarmUpQueries)
        {
            var text = Query();
            if (!distinct.Contains(text)) warmUp.Add(text);
        }
#pragma warning restore CA5394
        bool postgres;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
            postgres = db.Database.IsNpgsql();
            // As a running site's RecentIndex job would have done (a no-op when current).
            if (postgres) await RecentIndex.RenewAsync(db, RecentIndex.Documents, CancellationToken.None);
        }
        foreach (var text in warmUp) await SearchAsync(services, text);

        // CPU and wall time per stage of ArticleSearch (its activities), per query.
        var current = new Dictionary<string, (double CpuMs, double WallMs)>();
        var tags = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source == ArticleSearch.Stages,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = activity => activity.SetCustomProperty("cpu", Environment.CpuUsage.TotalTime),
            ActivityStopped = activity =>
            {
                var cpu = (Environment.CpuUsage.TotalTime - (TimeSpan)activity.GetCustomProperty("cpu")!).TotalMilliseconds;
                var (cpuSoFar, wallSoFar) = current.GetValueOrDefault(activity.OperationName);
                current[activity.OperationName] = (cpuSoFar + cpu, wallSoFar + activity.Duration.TotalMilliseconds);
                tags.AddRange(activity.TagObjects.Select(t => $"{activity.OperationName}.{t.Key}={t.Value}"));
            },
        };
        ActivitySource.AddActivityListener(listener);

        var profiles = new List<QueryProfile>(queries);
        foreach (var text in texts)
        {
            current.Clear();
            tags.Clear();
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var watch = Stopwatch.StartNew();
            var total = await SearchAsync(services, text);
            profiles.Add(new QueryProfile(text, watch.Elapsed.TotalMilliseconds, (Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds,
                total, new(current), string.Join(' ', tags)));
        }
        WriteTail(profiles, output, byWall: postgres);
        var times = profiles.Select(p => p.WallMs).Order().ToList();
        var cpu = profiles.Select(p => p.CpuMs).Order().ToList();
        static double At(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        var stages = profiles.SelectMany(p => p.Stages.Keys).Distinct().Select(name =>
            (Name: name, CpuMs: profiles.Sum(p => p.Stages.GetValueOrDefault(name).CpuMs), Queries: profiles.Count(p => p.Stages.ContainsKey(name))));
        output.WriteLine("CPU time per stage, mean over all queries (queries that ran it): " + string.Join(", ", stages.Select(s =>
            string.Create(CultureInfo.InvariantCulture, $"{s.Name} {s.CpuMs / texts.Count:F2} ms ({s.Queries})"))));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU time per query: p50 {At(cpu, 0.50):F1} ms, p95 {At(cpu, 0.95):F1} ms, p99 {At(cpu, 0.99):F1} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{texts.Count} distinct queries of 1-3 words: p50 {At(times, 0.50):F1} ms, p95 {At(times, 0.95):F1} ms, p99 {At(times, 0.99):F1} ms, max {times[^1]:F1} ms; mean hits {profiles.Average(p => p.Total):F0}"));
        return 0;
    }

    private sealed record QueryProfile(string Text, double WallMs, double CpuMs, int Total, Dictionary<string, (double CpuMs, double WallMs)> Stages, string Tags)
    {
        public int Words => Text.Split(' ').Length;
    }

    /// <summary>
    /// The costliest 5% of the queries (by CPU time: the wall time of a loaded machine mostly measures the neighbours;
    /// by wall time when the database is another process, whose work this one's CPU time does not see), one line each
    /// with its stages' CPU/wall time and tags, then what they have in common against the rest: words per query,
    /// matches, and each stage's mean CPU time.
    /// </summary>
    private static void WriteTail(List<QueryProfile> profiles, TextWriter output, bool byWall)
    {
        var ordered = profiles.OrderByDescending(p => byWall ? p.WallMs : p.CpuMs).ToList();
        var slow = ordered.Take(Math.Max(1, profiles.Count / 20)).ToList();
        var rest = ordered.Skip(slow.Count).ToList();
        output.WriteLine($"costliest {slow.Count} queries by {(byWall ? "wall" : "CPU")} time (CPU ms, wall ms; stages' CPU/wall ms; tags):");
        foreach (var p in slow)
        {
            var stages = string.Join(' ', p.Stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value.CpuMs:F1}/{s.Value.WallMs:F1}")));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {p.CpuMs,6:F1} wall {p.WallMs,6:F1} words {p.Words} hits {p.Total,5} | {stages} | {p.Tags} | {p.Text}"));
        }
        static string Summary(List<QueryProfile> group)
        {
            var words = string.Join('/', Enumerable.Range(1, 3).Select(w => group.Count(p => p.Words == w)));
            var stages = string.Join(", ", group.SelectMany(p => p.Stages.Keys).Distinct().Order().Select(n =>
                string.Create(CultureInfo.InvariantCulture, $"{n} {group.Sum(p => p.Stages.GetValueOrDefault(n).CpuMs) / group.Count:F1}")));
            return string.Create(CultureInfo.InvariantCulture,
                $"n {group.Count}, words 1/2/3: {words}, mean hits {group.Average(p => p.Total):F0}, over 1000: {group.Count(p => p.Total > ArticleSearch.MaxCounted)}, mean CPU {group.Average(p => p.CpuMs):F1} ms (wall {group.Average(p => p.WallMs):F1}): {stages}");
        }
        if (rest.Count > 0) output.WriteLine("costliest 5%: " + Summary(slow) + "\nthe rest:      " + Summary(rest));
    }

    private static async Task<int> SearchAsync(IServiceProvider services, string text)
    {
        await using var scope = services.CreateAsyncScope();
        var results = await scope.ServiceProvider.GetRequiredService<ArticleSearch>().SearchAsync(new SearchRequest(text), CancellationToken.None);
        return results.Total;
    }
}
