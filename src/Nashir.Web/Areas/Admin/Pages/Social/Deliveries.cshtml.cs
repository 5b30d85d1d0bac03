using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Social;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Areas.Admin.Pages.Social;

/// <summary>The delivery log across articles (filterable), and the editor's actions on one job: retry, cancel, post again.</summary>
public sealed class DeliveriesModel(NashirDb db, SocialOutbox outbox) : PageModel
{
    public sealed record Row(long Id, int ArticleId, string Headline, int AccountId, string Account, string Network, DeliveryStatus Status,
        int Attempts, DateTime NotBefore, string? LastError, string? RemoteUrl, DateTime? SentAt);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    [FromQuery] public DeliveryStatus? Status { get; set; }
    [FromQuery] public int? Account { get; set; }
    [FromQuery] public int? Article { get; set; }
    public IReadOnlyList<SocialAccount> Accounts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Accounts = await db.SocialAccounts.OrderBy(a => a.Name).ToListAsync(cancellationToken);
        Rows = await Query(db, Status, Account, Article).Take(200).ToListAsync(cancellationToken);
    }

    /// <summary>The article's jobs, for the editor's page.</summary>
    public static async Task<IReadOnlyList<Row>> ForArticleAsync(NashirDb db, int articleId) => await Query(db, null, null, articleId).ToListAsync();

    internal static IQueryable<Row> Query(NashirDb db, DeliveryStatus? status, int? account, int? article) =>
        db.SocialDeliveries
            .Where(d => (status == null || d.Status == status) && (account == null || d.AccountId == account) && (article == null || d.ArticleId == article))
            .OrderByDescending(d => d.Id)
            .Select(d => new Row(d.Id, d.ArticleId, d.Article.Headline, d.AccountId, d.Account.Name, d.Account.Network, d.Status, d.Attempts, d.NotBefore, d.LastError, d.RemoteUrl, d.SentAt));

    public async Task<IActionResult> OnPostRetryAsync(long id, string? returnUrl, CancellationToken cancellationToken) =>
        await ActAsync(returnUrl, await outbox.RetryAsync(id, cancellationToken) ? "سيُعاد الإرسال الآن." : "لا يُعاد إلا إرسال فشل أو نتيجته غير معروفة.");

    public async Task<IActionResult> OnPostCancelAsync(long id, string? returnUrl, CancellationToken cancellationToken) =>
        await ActAsync(returnUrl, await outbox.CancelAsync(id, cancellationToken) ? "أُلغي الإرسال." : "لا يُلغى إلا إرسال ينتظر دوره.");

    public async Task<IActionResult> OnPostAgainAsync(int articleId, int accountId, string? returnUrl, CancellationToken cancellationToken) =>
        await ActAsync(returnUrl, await outbox.PostAgainAsync(articleId, accountId, cancellationToken) ?? "سيُنشر المقال مرة أخرى على هذا الحساب.");

    private Task<IActionResult> ActAsync(string? returnUrl, string message)
    {
        // Publishing decides what goes out on the site's accounts: the same right as publishing.
        if (Actor.From(User) is not { } actor || !ArticlePermissions.CanSetStatus(actor, ArticleStatus.Published))
            return Task.FromResult<IActionResult>(Forbid());
        TempData["Flash"] = message;
        return Task.FromResult<IActionResult>(Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToPage());
    }
}
