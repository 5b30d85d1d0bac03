using Microsoft.EntityFrameworkCore;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Features.Articles;

/// <summary>Reads of one article on one day of the site's time zone, written by ReadCounter's flush.</summary>
public sealed class DailyRead
{
    public int ArticleId { get; set; }
    public DateOnly Day { get; set; }
    public long Reads { get; set; }

    /// <summary>
    /// Adds reads to a day's row in one statement, creating it if needed. INSERT … ON CONFLICT is the
    /// same in SQLite and PostgreSQL, and it makes concurrent flushes of several nodes safe.
    /// </summary>
    public static Task AddAsync(NashirDb db, int articleId, DateOnly day, long reads, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "DailyReads" ("ArticleId", "Day", "Reads") VALUES ({articleId}, {day}, {reads})
            ON CONFLICT ("Day", "ArticleId") DO UPDATE SET "Reads" = "DailyReads"."Reads" + excluded."Reads"
            """, cancellationToken);
}

public sealed record MostReadItem(int Id, string Headline, string Slug, long Reads);

public sealed record MostReadLists(IReadOnlyList<MostReadItem> Today, IReadOnlyList<MostReadItem> Week);

/// <summary>
/// "الأكثر قراءة" — today and the last seven days. Reads the small per-day table (rows only for
/// articles read in the period, found through its (Day, ArticleId) key), never all articles, and
/// computes at most once a minute however many pages ask: one query in flight, all callers share it.
/// </summary>
public sealed class MostRead(IServiceScopeFactory scopes, SiteClock siteClock, TimeProvider clock)
{
    public const int Count = 5;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private Task<MostReadLists>? current;
    private DateTimeOffset computedAt;

    public Task<MostReadLists> GetAsync()
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (current is null || current.IsFaulted || now - computedAt >= Lifetime)
            {
                current = ComputeAsync();
                computedAt = now;
            }
            return current;
        }
    }

    private async Task<MostReadLists> ComputeAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var today = DateOnly.FromDateTime(siteClock.LocalNow);
        var now = clock.GetUtcNow().UtcDateTime;
        return new MostReadLists(await TopAsync(db, today, now), await TopAsync(db, today.AddDays(-6), now));
    }

    private static async Task<IReadOnlyList<MostReadItem>> TopAsync(NashirDb db, DateOnly from, DateTime now)
    {
        // A few spare rows: some of the most read may have been unpublished since.
        var top = await db.DailyReads.Where(d => d.Day >= from)
            .GroupBy(d => d.ArticleId)
            .Select(g => new { ArticleId = g.Key, Reads = g.Sum(d => d.Reads) })
            .OrderByDescending(x => x.Reads).ThenByDescending(x => x.ArticleId)
            .Take(Count * 2).ToListAsync();
        var ids = top.Select(t => t.ArticleId).ToList();
        var live = await db.Articles.Where(PublicArticles.LiveAt(now)).Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Headline, a.Slug }).ToDictionaryAsync(a => a.Id);
        return top.Where(t => live.ContainsKey(t.ArticleId))
            .Select(t => new MostReadItem(t.ArticleId, live[t.ArticleId].Headline, live[t.ArticleId].Slug, t.Reads))
            .Take(Count).ToList();
    }
}
