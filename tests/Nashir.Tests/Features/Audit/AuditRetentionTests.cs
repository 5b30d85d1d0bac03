using Microsoft.EntityFrameworkCore;
using Nashir.Tests.Support;
using Xunit;

namespace Nashir.Tests.Features.Audit;

/// <summary>Entries past Nashir:Audit:RetentionDays are deleted by a daily job; a nonsensical setting stops the
/// start.</summary>
public sealed class AuditRetentionTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_daily_retention_job_deletes_only_entries_older_than_the_retention_period()
    {
        // Two days' retention: the fake clock fires every timer of the site for each period it passes (the read
        // counter's every 5 s), so a test of the default 365 days would spin through millions of ticks.
        await using var site = new NashirApp(NashirStorage.Sqlite(), demoContent: false,
            new Dictionary<string, string?> { ["Nashir:Audit:RetentionDays"] = "2" });
        using (var admin = await site.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword))
            await admin.CreateSectionAsync(site, "قديم", "old");
        site.Clock.Advance(TimeSpan.FromHours(36));
        using (var admin = await site.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword)) // the session expired meanwhile
            await admin.CreateSectionAsync(site, "حديث", "recent");
        // Sign-ins are logged too; the sections' two entries are the ones this test ages.
        Assert.Equal(2, (await EventuallyAsync(site, rows => true, TimeSpan.Zero)).Count);

        // The runs of day 1 and 2 keep both; day 3's (72 h after the first entry, 36 h after the second) removes the
        // first.
        site.Clock.Advance(TimeSpan.FromHours(12));
        Assert.Equal(2, (await EventuallyAsync(site, rows => false, TimeSpan.FromMilliseconds(300))).Count);
        site.Clock.Advance(TimeSpan.FromHours(26));
        var labels = await EventuallyAsync(site, rows => rows.Count == 1, TimeSpan.FromSeconds(10));

        Assert.Equal(["حديث"], labels);
    }

    [Fact]
    public async Task A_retention_of_zero_days_stops_the_site_at_start()
    {
        await using var site = new NashirApp(NashirStorage.Sqlite(), demoContent: false,
            new Dictionary<string, string?> { ["Nashir:Audit:RetentionDays"] = "0" });

        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await site.CreateClient().GetAsync(new Uri("/", UriKind.Relative), Cancel));

        Assert.Contains("RetentionDays", failure.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The job runs on its own timer once the clock passes; waits (bounded) for its result.</summary>
    private static async Task<List<string?>> EventuallyAsync(NashirApp site, Func<List<string?>, bool> done,
        TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var labels = await site.QueryDbAsync(db => db.AuditLog.Where(e => e.TargetType == "section").OrderBy(e => e.Id).Select(e => e.TargetLabel)
                .ToListAsync(Cancel));
            if (done(labels) || DateTime.UtcNow > deadline) return labels;
            await Task.Delay(20, Cancel);
        }
    }
}
