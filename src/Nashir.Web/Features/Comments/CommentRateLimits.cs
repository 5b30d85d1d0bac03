using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Nashir.Web.Features.Comments;

/// <summary>
/// Per-IP and per-email limits: fixed windows counted in memory on <see cref="TimeProvider"/>, so tests move
/// time instead of waiting. Not System.Threading.RateLimiting: its windows run on the real clock and its own
/// timers (TimeProvider support is still only proposed, dotnet/runtime#106447). Checked in the desk rather than
/// by the rate-limiting middleware: the email is in the body, which the middleware cannot read, and the refusal
/// must be explained in the form's own words, not a bare 429.
/// </summary>
public sealed class CommentRateLimits(IOptionsMonitor<CommentOptions> options, TimeProvider clock)
{
    /// <summary>Above this many remembered senders, finished windows are swept (a flood of distinct IPs cannot grow memory for long).</summary>
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<string, Window> windows = new(StringComparer.Ordinal);

    private sealed class Window(DateTimeOffset end)
    {
        public DateTimeOffset End = end;
        public int Count;
    }

    /// <summary>Null when the comment may go on; otherwise why not, in Arabic.</summary>
    public string? Refuse(string? ip, string email)
    {
        var settings = options.CurrentValue;
        if (!Take("ip\n" + (ip ?? "unknown"), settings.PerIpPerMinute, TimeSpan.FromMinutes(1)))
            return "أرسلت تعليقات كثيرة في وقت قصير؛ انتظر دقيقة ثم أعد المحاولة.";
        if (!Take("email\n" + email, settings.PerEmailPerHour, TimeSpan.FromHours(1)))
            return "بلغت الحد الأقصى من التعليقات بهذا البريد في الساعة؛ حاول لاحقًا.";
        return null;
    }

    private bool Take(string sender, int limit, TimeSpan length)
    {
        var now = clock.GetUtcNow();
        if (windows.Count > SweepAbove)
            foreach (var (key, old) in windows)
                if (old.End <= now) windows.TryRemove(key, out _);
        var window = windows.GetOrAdd(sender, _ => new Window(now + length));
        lock (window)
        {
            if (window.End <= now) (window.End, window.Count) = (now + length, 0);
            if (window.Count >= limit) return false;
            window.Count++;
            return true;
        }
    }
}
