using System.Diagnostics;
using System.Net.Http.Headers;
using Nashir.Tests.Support;
using Nashir.Tests.Support.SocialEmulators;
using Xunit;

namespace Nashir.Tests.Bench;

/// <summary>
/// Figures for bench/social.sh (explicit: never part of a test run, asserts nothing about time). The site runs as
/// its own process on SQLite; the emulated Mastodon is in this process. Prints: publish → first request at the
/// emulator (p50/p95, no delay configured) and how fast 1,000 queued jobs drain.
/// </summary>
public sealed class SocialBench
{
    private static int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var n) ? n : fallback;

    [Fact(Explicit = true)]
    public async Task Publish_latency_and_drain_rate()
    {
        var cancel = TestContext.Current.CancellationToken;
        var publishes = Setting("LATENCY_PUBLISHES", 60);
        var jobs = Setting("DRAIN_JOBS", 1000);
        const int accounts = 4;
        await using var mastodon = await NetworkEmulator.StartAsync<MastodonEmulator>();
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < accounts; i++)
        {
            settings[$"Nashir:Social:Accounts:m{i}:Network"] = "mastodon";
            settings[$"Nashir:Social:Accounts:m{i}:BaseUrl"] = mastodon.BaseUrl.ToString();
            settings[$"Nashir:Social:Accounts:m{i}:AccessToken"] = MastodonEmulator.Token;
            // The latency part posts to one account only.
            settings[$"Nashir:Social:Accounts:m{i}:Categories"] = i == 0 ? "-drain" : "drain";
        }
        await using var site = new ChildSite(settings);
        using var api = new HttpClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NashirApp.BootstrapToken);

        // 1. Publish -> first request at the emulator, one article at a time.
        await site.StartAsync(cancellationToken: cancel);
        api.BaseAddress = site.BaseUrl;
        var latencies = new List<double>();
        for (var i = 0; i < publishes; i++)
        {
            var before = mastodon.PostArrivals.Count;
            var sentAt = DateTimeOffset.UtcNow;
            await api.CreateArticleAsync(ArticleInput.Story());
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (mastodon.PostArrivals.Count == before && DateTime.UtcNow < deadline) await Task.Delay(2, cancel);
            var arrival = mastodon.PostArrivals.ElementAt(before);
            latencies.Add((arrival - sentAt).TotalMilliseconds);
        }
        latencies.Sort();
        double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
        Report($"publish -> first emulator request ({publishes} publishes, no delay): p50 {Percentile(0.5):F0} ms, p95 {Percentile(0.95):F0} ms, max {latencies[^1]:F0} ms");
        await site.KillAsync();

        // 2. 1,000 queued jobs: published with the dispatcher off, then drained by one node.
        await site.StartAsync(new Dictionary<string, string?> { ["Nashir:Social:DispatchInBackground"] = "false" }, cancel);
        var articles = (jobs + accounts - 2) / (accounts - 1);
        for (var i = 0; i < articles; i++)
            await api.CreateArticleAsync(ArticleInput.Story() with { Categories = ["drain"] });
        await site.KillAsync();
        var queued = articles * (accounts - 1);
        var first = mastodon.PostArrivals.Count;
        var clock = Stopwatch.StartNew();
        await site.StartAsync(cancellationToken: cancel);
        var startup = clock.Elapsed;
        var drainDeadline = DateTime.UtcNow.AddMinutes(5);
        while (mastodon.PostArrivals.Count - first < queued && DateTime.UtcNow < drainDeadline) await Task.Delay(20, cancel);
        var arrivals = mastodon.PostArrivals.Skip(first).ToList();
        await site.KillAsync();
        var total = arrivals.Count;
        var seconds = (arrivals[^1] - arrivals[0]).TotalSeconds;
        Report($"drain: {total} queued jobs sent in {seconds:F2} s after the first request = {total / seconds:F0} jobs/s (process start to ready: {startup.TotalSeconds:F1} s)");
    }

    private static void Report(string line)
    {
        Console.WriteLine("BENCH " + line);
        TestContext.Current.SendDiagnosticMessage("BENCH " + line);
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "nashir-social-bench.txt"), line + Environment.NewLine);
    }
}
