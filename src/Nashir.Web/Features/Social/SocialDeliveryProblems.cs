using Microsoft.EntityFrameworkCore;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Social;

/// <summary>
/// The deliveries a person should look at: failed, unknown, or queued again after a failed attempt
/// («فشل — ستُعاد المحاولة»). Counted for the badge in the editors' navigation (one indexed count per page view).
/// </summary>
public sealed class SocialDeliveryProblems(NashirDb db, TimeProvider clock)
{
    /// <summary>A failure nobody retried for a week is history, not an alarm (else the badge never goes out).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    public IQueryable<SocialDelivery> Failing() => Failing(db.SocialDeliveries, clock.GetUtcNow().UtcDateTime - Window);

    public static IQueryable<SocialDelivery> Failing(IQueryable<SocialDelivery> deliveries, DateTime since) =>
        deliveries.Where(d => d.CreatedAt >= since
            && (d.Status == DeliveryStatus.Failed || d.Status == DeliveryStatus.Unknown
                || (d.Status == DeliveryStatus.Queued && d.Attempts > 0 && d.LastError != null)));

    public Task<int> CountAsync(CancellationToken cancellationToken = default) =>
        Failing().CountAsync(cancellationToken);
}
