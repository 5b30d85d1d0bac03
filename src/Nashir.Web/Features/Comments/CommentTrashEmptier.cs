using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Comments;

/// <summary>Deletes spam and trash older than EmptyTrashAfterDays (WordPress: 30), hourly, on the site's clock.</summary>
public sealed class CommentTrashEmptier(IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<CommentOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            await EmptyAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> EmptyAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-options.CurrentValue.EmptyTrashAfterDays);
        // Replies keep their parent (the foreign key restricts): a trashed comment with live replies waits.
        return await db.Comments
            .Where(c => (c.Status == CommentStatus.Trash || c.Status == CommentStatus.Spam) && c.StatusChangedAt < before
                && !db.Comments.Any(r => r.ParentId == c.Id))
            .ExecuteDeleteAsync(cancellationToken);
    }
}
