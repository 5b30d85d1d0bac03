using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Audit;

/// <summary>Settings under "Nashir:Audit" (env: Nashir__Audit__RetentionDays).</summary>
public sealed class AuditOptions
{
    public const string Section = "Nashir:Audit";

    /// <summary>Entries older than this many days are deleted, daily (a year by default: long enough to look back on an
    /// incident).</summary>
    [Range(1, 36500)]
    public int RetentionDays { get; set; } = 365;
}

/// <summary>Deletes audit entries past the retention period once a day, on the site's clock. The only delete of the
/// log.</summary>
public sealed partial class AuditRetention(IServiceScopeFactory scopes, TimeProvider clock,
    IOptionsMonitor<AuditOptions> options,
    ILogger<AuditRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromDays(1), clock);
        do
        {
            var deleted = await DeleteExpiredAsync(stoppingToken);
            if (deleted > 0) Deleted(deleted, options.CurrentValue.RetentionDays);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-options.CurrentValue.RetentionDays);
        return await db.AuditLog.Where(e => e.At < before).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} audit entries older than {Days} days.")]
    private partial void Deleted(int count, int days);
}
