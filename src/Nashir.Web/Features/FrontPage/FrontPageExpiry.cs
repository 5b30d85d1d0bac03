using Nashir.Web.Platform.Caching;

namespace Nashir.Web.Features.FrontPage;

/// <summary>
/// Forgets this node's cached pages when a pin or an alert it has shown expires. Which pins and alert are current is
/// decided when a page is read, so this is not needed for correctness of a fresh render; it only keeps a cached page
/// (60 s) from showing an expired alert or pin after its time. Each node arms its own timer for what it has loaded,
/// so nothing has to travel between nodes. Runs on <see cref="TimeProvider"/>, so tests move it with the clock.
/// </summary>
public sealed class FrontPageExpiry(TimeProvider clock, CacheEviction eviction, ILogger<FrontPageExpiry> logger)
    : IDisposable
{
    private readonly Lock gate = new();
    private readonly List<(DateTime At, Eviction Eviction)> due = [];
    private ITimer? timer;
    private DateTime armedFor = DateTime.MaxValue;

    /// <summary>At <paramref name="at"/> (UTC), evict what <paramref name="what"/> names on this node.</summary>
    public void Watch(DateTime at, Eviction what)
    {
        if (at <= clock.GetUtcNow().UtcDateTime) return;
        lock (gate)
        {
            if (due.Any(d => d.At == at && d.Eviction.Tags.SequenceEqual(what.Tags))) return;
            due.Add((at, what));
            if (at < armedFor) Arm(at);
        }
    }

    private void Arm(DateTime at)
    {
        armedFor = at;
        var wait = at - clock.GetUtcNow().UtcDateTime;
        if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
        timer?.Dispose();
        timer = clock.CreateTimer(_ => _ = FireAsync(), null, wait, Timeout.InfiniteTimeSpan);
    }

    private async Task FireAsync()
    {
        List<Eviction> now;
        lock (gate)
        {
            var time = clock.GetUtcNow().UtcDateTime;
            now = due.Where(d => d.At <= time).Select(d => d.Eviction).ToList();
            due.RemoveAll(d => d.At <= time);
            armedFor = DateTime.MaxValue;
            if (due.Count > 0) Arm(due.Min(d => d.At));
        }
        var tags = now.SelectMany(e => e.Tags).Distinct().ToArray();
        var keys = now.SelectMany(e => e.MemoryKeys).Distinct().ToArray();
        try
        {
            await eviction.ApplyLocallyAsync(new Eviction(tags, keys));
        }
        catch (Exception exception)
        {
            // The entries still expire with their lifetime; nothing else is lost.
            FrontPageLog.ExpiryFailed(logger, exception);
        }
    }

    public void Dispose()
    {
        lock (gate) timer?.Dispose();
    }
}

internal static partial class FrontPageLog
{
    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Could not evict the pages of an expired pin or alert; they expire with their cache lifetime.")]
    public static partial void ExpiryFailed(ILogger logger, Exception exception);
}
