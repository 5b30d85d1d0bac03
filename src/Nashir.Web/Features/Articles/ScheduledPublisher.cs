using Microsoft.EntityFrameworkCore;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Articles;

/// <summary>
/// Moves scheduled articles whose time has come to Published. Readers see them from the exact
/// second anyway (PublicArticles.LiveAt); this job makes the state true in the database, also for
/// schedules that fell due while the site was down.
/// </summary>
public sealed class ScheduledPublisher(IServiceScopeFactory scopes, TimeProvider clock, PublicPageEviction eviction, ILogger<ScheduledPublisher> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    public async Task<int> PublishDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var published = await db.Articles.Where(a => a.Status == ArticleStatus.Scheduled && a.PublishAt <= now)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Status, ArticleStatus.Published), cancellationToken);
        // Cached listings were rendered before these went live.
        if (published > 0) await eviction.ListingsChangedAsync();
        return published;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var published = await PublishDueAsync(stoppingToken);
                if (published > 0) logger.LogInformation("Published {Count} scheduled articles", published);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Scheduled publishing failed; retrying in {Interval}", Interval);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try { return await timer.WaitForNextTickAsync(stoppingToken); }
        catch (OperationCanceledException) { return false; }
    }
}
