using Microsoft.EntityFrameworkCore;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Features.Audit;

/// <summary>
/// What the audit screen filters by. Dates are the site's local days, both included. Target matches a target's id
/// exactly or its label in part ("15", or a word of a headline).
/// </summary>
public sealed record AuditFilter(int? UserId, string? Action, string? TargetType, string? Target, DateOnly? From,
    DateOnly? To);

/// <summary>One screen of the log and where the next (older) one starts.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? Before, long? OlderFrom);

/// <summary>
/// Reads the audit log newest first. Pages are keyset ("entries older than id N"), not OFFSET: page 500 of a log
/// with millions of rows costs the same as page 1, and a row written meanwhile does not shift the pages.
/// </summary>
public sealed class AuditQuery(NashirDb db, SiteClock siteClock)
{
    public const int PageSize = 50;

    public async Task<AuditPage> PageAsync(AuditFilter filter, long? before, CancellationToken cancellationToken)
    {
        var entries = Filtered(filter);
        if (before is { } id) entries = entries.Where(e => e.Id < id);
        var rows = await entries.OrderByDescending(e => e.Id).Take(PageSize + 1).ToListAsync(cancellationToken);
        var older = rows.Count > PageSize ? rows[PageSize - 1].Id : (long?)null;
        return new AuditPage(rows.Take(PageSize).ToList(), before, older);
    }

    /// <summary>Every entry of the filter, newest first, streamed: the export never holds the log in memory.</summary>
    public IAsyncEnumerable<AuditEntry> StreamAsync(AuditFilter filter) =>
        Filtered(filter).OrderByDescending(e => e.Id).AsAsyncEnumerable();

    private IQueryable<AuditEntry> Filtered(AuditFilter filter)
    {
        var entries = db.AuditLog.AsNoTracking();
        if (filter.UserId is { } userId) entries = entries.Where(e => e.UserId == userId);
        if (!string.IsNullOrEmpty(filter.Action)) entries = entries.Where(e => e.Action == filter.Action);
        if (!string.IsNullOrEmpty(filter.TargetType)) entries = entries.Where(e => e.TargetType == filter.TargetType);
        if (!string.IsNullOrEmpty(filter.Target))
            entries = entries.Where(e => e.TargetId == filter.Target || (e.TargetLabel != null
                && e.TargetLabel.Contains(filter.Target)));
        if (filter.From is { } from)
        {
            var start = siteClock.ToUtc(from.ToDateTime(TimeOnly.MinValue));
            entries = entries.Where(e => e.At >= start);
        }
        if (filter.To is { } to && to < DateOnly.MaxValue)
        {
            var end = siteClock.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue));
            entries = entries.Where(e => e.At < end);
        }
        return entries;
    }
}
