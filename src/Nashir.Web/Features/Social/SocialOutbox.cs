using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Social;

/// <summary>
/// Writes delivery jobs in the article's own transaction (transactional outbox): the first time an editor
/// publishes or schedules an article, one job per enabled account whose categories match. Unpublishing
/// cancels what has not been sent. Demo content and imports never post; updates never post again by themselves.
/// </summary>
public sealed class SocialOutbox(NashirDb db, TimeProvider clock, SocialDispatcher dispatcher)
{
    /// <summary>Called by ArticleEditor inside its transaction, after the article has its id.</summary>
    public async Task TrackAsync(Article article, ArticleStatus? previousStatus, ArticleOrigin origin, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var isOn = article.Status is ArticleStatus.Published or ArticleStatus.Scheduled;
        var wasOn = previousStatus is ArticleStatus.Published or ArticleStatus.Scheduled;
        if (!isOn)
        {
            if (wasOn) await CancelOpenAsync(article.Id, "أُلغي: سُحب المقال من النشر قبل إرساله.", cancellationToken);
            return;
        }
        if (wasOn)
        {
            // A new schedule moves the jobs that have not been tried yet.
            var waiting = await db.SocialDeliveries.AsTracking().Include(d => d.Account)
                .Where(d => d.ArticleId == article.Id && d.Status == DeliveryStatus.Queued && d.Attempts == 0).ToListAsync(cancellationToken);
            foreach (var delivery in waiting) delivery.NotBefore = NotBefore(article, delivery.Account, now);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        if (origin != ArticleOrigin.Editor) return;

        var choice = Choice(article);
        var accounts = await db.SocialAccounts.Where(a => a.Enabled).ToListAsync(cancellationToken);
        var taken = await db.SocialDeliveries.Where(d => d.ArticleId == article.Id && d.Status != DeliveryStatus.Cancelled)
            .Select(d => d.AccountId).ToListAsync(cancellationToken);
        var terms = article.Categories.SelectMany(c => new[] { c.Slug, c.Name }).ToHashSet();
        foreach (var account in accounts)
        {
            if (taken.Contains(account.Id)) continue;
            if (choice?.Accounts is { } chosen ? !chosen.Contains(account.Id) : !CategoriesMatch(account.Categories, terms)) continue;
            db.SocialDeliveries.Add(new SocialDelivery
            {
                ArticleId = article.Id,
                AccountId = account.Id,
                CreatedAt = now,
                NotBefore = NotBefore(article, account, now),
                CustomText = choice?.Texts?.GetValueOrDefault(account.Network) is { Length: > 0 } custom ? custom : null,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Keeps a save's social choice on the article (a draft saved today, published tomorrow, still posts as chosen);
    /// a save that carries none (an API update without `social`) leaves the earlier choice as it was.
    /// </summary>
    public static void Remember(Article article, ArticleChanges changes)
    {
        if (changes.SocialAccountIds is null && changes.SocialTexts is null) return;
        article.SocialChoiceJson = JsonSerializer.Serialize(new SocialChoice(changes.SocialAccountIds?.ToArray(), changes.SocialTexts?.ToDictionary()));
    }

    /// <summary>The remembered choice; null: the accounts' own category rules and templates.</summary>
    public static SocialChoice? Choice(Article article) =>
        article.SocialChoiceJson is { } json ? JsonSerializer.Deserialize<SocialChoice>(json) : null;

    /// <summary>After the article's commit: let this node's dispatcher look now rather than at its next poll.</summary>
    public void Committed() => dispatcher.Wake();

    /// <summary>"Post again": a new job for an account that already has the article (sent, failed or cancelled).</summary>
    public async Task<string?> PostAgainAsync(int articleId, int accountId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var article = await db.Articles.SingleOrDefaultAsync(a => a.Id == articleId, cancellationToken);
        if (article is null || !article.IsLiveAt(now)) return "لا يُنشر على الشبكات إلا مقال منشور.";
        if (!await db.SocialAccounts.AnyAsync(a => a.Id == accountId, cancellationToken)) return "الحساب غير موجود.";
        if (await db.SocialDeliveries.AnyAsync(d => d.ArticleId == articleId && d.AccountId == accountId && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Sending), cancellationToken))
            return "هناك إرسال لهذا الحساب في الطريق بالفعل.";
        db.SocialDeliveries.Add(new SocialDelivery { ArticleId = articleId, AccountId = accountId, CreatedAt = now, NotBefore = now });
        await db.SaveChangesAsync(cancellationToken);
        dispatcher.Wake();
        return null;
    }

    /// <summary>
    /// Retry a failed job, or one a person checked ("unknown") and found missing, or one waiting for its next attempt
    /// after a failure ("retry now"): send it now. A waiting job keeps its attempts, so its backoff goes on growing.
    /// </summary>
    public async Task<bool> RetryAsync(long deliveryId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.SocialDeliveries.Where(d => d.Id == deliveryId && (d.Status == DeliveryStatus.Failed || d.Status == DeliveryStatus.Unknown))
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DeliveryStatus.Queued).SetProperty(d => d.NotBefore, now)
                .SetProperty(d => d.Uncertain, false).SetProperty(d => d.Attempts, 0), cancellationToken);
        changed += await db.SocialDeliveries
            .Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Queued && d.Attempts > 0 && d.NotBefore > now)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.NotBefore, now), cancellationToken);
        if (changed > 0) dispatcher.Wake();
        return changed > 0;
    }

    public async Task<bool> CancelAsync(long deliveryId, CancellationToken cancellationToken) =>
        await db.SocialDeliveries.Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Queued)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DeliveryStatus.Cancelled).SetProperty(d => d.LastError, "أُلغي يدويًا."), cancellationToken) > 0;

    private Task<int> CancelOpenAsync(int articleId, string reason, CancellationToken cancellationToken) =>
        db.SocialDeliveries.Where(d => d.ArticleId == articleId && d.Status == DeliveryStatus.Queued)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DeliveryStatus.Cancelled).SetProperty(d => d.LastError, reason), cancellationToken);

    private static DateTime NotBefore(Article article, SocialAccount account, DateTime now) =>
        (article.PublishAt > now ? article.PublishAt.Value : now).AddSeconds(account.DelaySeconds);

    /// <summary>"a, b, -c": the article needs one of a or b (if any are listed) and must not be in c.</summary>
    internal static bool CategoriesMatch(string filter, IReadOnlySet<string> articleTerms)
    {
        var entries = filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var excluded = entries.Where(e => e.StartsWith('-')).Select(e => e[1..].Trim());
        var included = entries.Where(e => !e.StartsWith('-')).ToList();
        return !excluded.Any(articleTerms.Contains) && (included.Count == 0 || included.Any(articleTerms.Contains));
    }
}
