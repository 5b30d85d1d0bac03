using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Search;

/// <summary>
/// After a start, indexes articles that have no search document yet — those saved before search existed
/// (a site upgraded to this version), or left behind by an interrupted rebuild — in the background, so
/// nobody has to remember `search rebuild`. Every later change is indexed by ArticleEditor itself.
/// </summary>
public sealed partial class SearchBackfill(IServiceProvider services, ILogger<SearchBackfill> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
                var documents = db.Set<SearchDocument>();
                var missing = await db.Articles.CountAsync(a => a.Status != ArticleStatus.Trashed && !documents.Any(d => d.ArticleId == a.Id), stoppingToken);
                if (missing == 0) return;
                LogBackfilling(missing);
            }
            await SearchRebuild.RunAsync(services, restart: false, TextWriter.Null);
            LogBackfilled();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogBackfillFailed(e);
        }
    }

    [LoggerMessage(LogLevel.Information, "Indexing {Count} articles that have no search document yet")]
    private partial void LogBackfilling(int count);

    [LoggerMessage(LogLevel.Information, "Search index complete")]
    private partial void LogBackfilled();

    [LoggerMessage(LogLevel.Warning, "Indexing articles without search documents failed; run `search rebuild`")]
    private partial void LogBackfillFailed(Exception exception);
}
