using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Nashir.Web.Features.Comments;

/// <summary>
/// Per-IP and per-email limits (System.Threading.RateLimiting, ASP.NET Core's limiter). Checked in the
/// desk rather than by the rate-limiting middleware: the email is in the body, which the middleware
/// cannot read, and the refusal must be explained in the form's own words, not a bare 429.
/// </summary>
public sealed class CommentRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> perIp;
    private readonly PartitionedRateLimiter<string> perEmail;

    public CommentRateLimits(IOptions<CommentOptions> options)
    {
        var settings = options.Value;
        perIp = PartitionedRateLimiter.Create<string, string>(ip => RateLimitPartition.GetFixedWindowLimiter(ip,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.PerIpPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        perEmail = PartitionedRateLimiter.Create<string, string>(email => RateLimitPartition.GetFixedWindowLimiter(email,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.PerEmailPerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 }));
    }

    /// <summary>Null when the comment may go on; otherwise why not, in Arabic.</summary>
    public string? Refuse(string? ip, string email)
    {
        using (var lease = perIp.AttemptAcquire(ip ?? "unknown"))
            if (!lease.IsAcquired) return "أرسلت تعليقات كثيرة في وقت قصير؛ انتظر دقيقة ثم أعد المحاولة.";
        using (var lease = perEmail.AttemptAcquire(email))
            if (!lease.IsAcquired) return "بلغت الحد الأقصى من التعليقات بهذا البريد في الساعة؛ حاول لاحقًا.";
        return null;
    }

    public void Dispose()
    {
        perIp.Dispose();
        perEmail.Dispose();
    }
}
