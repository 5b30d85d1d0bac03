using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Social;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Areas.Admin.Pages.Social;

/// <summary>
/// The delivery log across articles (filterable), and the editor's actions on one job: retry, cancel, post again.
/// Publishing decides what goes out on the site's accounts, so acting takes the right to publish the article:
/// authors and up (checked before the page runs at all), and an author only on their own articles (checked
/// before the action).
/// </summary>
[Authorize(Roles = PageRoles.Publishers)]
public sealed class DeliveriesModel(NashirDb db, SocialOutbox outbox, SocialDeliveryProblems problems) : PageModel
{
    public sealed record Row(long Id, int ArticleId, string Headline, int AccountId, string Account, string Network,
        DeliveryStatus Status, int Attempts, DateTime NotBefore, string? LastError, string? LastErrorDetail,
        string? RemoteUrl, DateTime? SentAt)
    {
        /// <summary>Still queued after a failed attempt: «فشل — ستُعاد المحاولة».</summary>
        public bool Retrying => Status == DeliveryStatus.Queued && Attempts > 0 && LastError is not null;
    }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    [FromQuery] public DeliveryStatus? Status { get; set; }
    [FromQuery] public int? Account { get; set; }
    [FromQuery] public int? Article { get; set; }

    /// <summary>Only the jobs that need a person's eye (the navigation badge's list).</summary>
    [FromQuery] public bool Problems { get; set; }
    public IReadOnlyList<SocialAccount> Accounts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Accounts = await db.SocialAccounts.OrderBy(a => a.Name).ToListAsync(cancellationToken);
        var deliveries = Problems ? problems.Failing() : db.SocialDeliveries;
        Rows = await Query(deliveries, Status, Account, Article).Take(200).ToListAsync(cancellationToken);
    }

    /// <summary>The article's jobs, for the editor's page.</summary>
    public static async Task<IReadOnlyList<Row>> ForArticleAsync(NashirDb db, int articleId) =>
        await Query(db.SocialDeliveries, null, null, articleId).ToListAsync();

    internal static IQueryable<Row> Query(
        IQueryable<SocialDelivery> deliveries, DeliveryStatus? status, int? account, int? article) =>
        deliveries
            .Where(d => (status == null || d.Status == status) && (account == null || d.AccountId == account)
                && (article == null || d.ArticleId == article))
            .OrderByDescending(d => d.Id)
            .Select(d => new Row(d.Id, d.ArticleId, d.Article.Headline, d.AccountId, d.Account.Name, d.Account.Network,
                d.Status, d.Attempts, d.NotBefore, d.LastError, d.LastErrorDetail, d.RemoteUrl, d.SentAt));

    public async Task<IActionResult> OnPostRetryAsync(long id, string? returnUrl, CancellationToken cancellationToken)
    {
        var articleId = await ArticleOfAsync(id, cancellationToken);
        if (await RefusalAsync(articleId, cancellationToken) is { } refused) return refused;
        return Done(returnUrl, await outbox.RetryAsync(id, cancellationToken)
            ? "سيُعاد الإرسال الآن."
            : "لا يُعاد إلا إرسال فشل أو ينتظر محاولة أخرى أو نتيجته غير معروفة.");
    }

    public async Task<IActionResult> OnPostCancelAsync(long id, string? returnUrl, CancellationToken cancellationToken)
    {
        var articleId = await ArticleOfAsync(id, cancellationToken);
        if (await RefusalAsync(articleId, cancellationToken) is { } refused) return refused;
        return Done(returnUrl, await outbox.CancelAsync(id, cancellationToken)
            ? "أُلغي الإرسال."
            : "لا يُلغى إلا إرسال ينتظر دوره.");
    }

    public async Task<IActionResult> OnPostAgainAsync(
        int articleId, int accountId, string? returnUrl, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(articleId, cancellationToken) is { } refused) return refused;
        return Done(returnUrl, await outbox.PostAgainAsync(articleId, accountId, cancellationToken)
            ?? "سيُنشر المقال مرة أخرى على هذا الحساب.");
    }

    private Task<int?> ArticleOfAsync(long deliveryId, CancellationToken cancellationToken) =>
        db.SocialDeliveries.Where(d => d.Id == deliveryId).Select(d => (int?)d.ArticleId)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Null when the signed-in person may send this article out; else the answer, before any change.</summary>
    private async Task<IActionResult?> RefusalAsync(int? articleId, CancellationToken cancellationToken)
    {
        if (Actor.From(User) is not { CanPublish: true } actor) return Forbid();
        var article = articleId is null ? null
            : await db.Articles.Include(a => a.Authors).SingleOrDefaultAsync(a => a.Id == articleId, cancellationToken);
        if (article is null) return NotFound();
        return ArticlePermissions.CanEdit(actor, article) ? null : Forbid();
    }

    private IActionResult Done(string? returnUrl, string message)
    {
        TempData["Flash"] = message;
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToPage();
    }
}
