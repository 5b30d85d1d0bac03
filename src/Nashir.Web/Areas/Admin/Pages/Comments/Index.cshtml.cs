using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Comments;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Areas.Admin.Pages.Comments;

/// <summary>The moderation queue: counts per status, filters, search, bulk approve/spam/trash, closing an article's comments.</summary>
[Authorize(Roles = PageRoles.Publishers)]
public sealed class ModerationModel(NashirDb db, CommentDesk desk, CommentThreads threads) : PageModel
{
    private const int PageSize = 50;

    public sealed record Row(Comment Comment, string Headline, string ArticleSlug);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyDictionary<CommentStatus, int> Counts { get; private set; } = new Dictionary<CommentStatus, int>();
    public CommentStatus Status { get; private set; }
    public string? Query { get; private set; }
    public int? ArticleId { get; private set; }
    public bool? ArticleClosed { get; private set; }
    public int PageNumber { get; private set; }
    public int PageCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(CommentStatus? status, string? q, int? article, CancellationToken cancellationToken, int page = 1)
    {
        var actor = Actor.From(User)!;
        if (!CommentRules.CanModerateAny(actor)) return Forbid();
        (Status, Query, ArticleId, PageNumber) = (status ?? CommentStatus.Pending, q?.Trim(), article, Math.Max(1, page));
        var visible = ModeratedComments.Visible(db, actor);
        if (article is { } articleId)
        {
            visible = visible.Where(c => c.ArticleId == articleId);
            ArticleClosed = await db.Articles.Where(a => a.Id == articleId).Select(a => (bool?)a.CommentsClosed).FirstOrDefaultAsync(cancellationToken);
        }
        Counts = await visible.GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var comments = visible.Where(c => c.Status == Status);
        if (Query is { Length: > 0 } text)
            comments = comments.Where(c => c.Text.Contains(text) || c.AuthorName.Contains(text) || c.AuthorEmail.Contains(text));
        var total = await comments.CountAsync(cancellationToken);
        PageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        var rows = await comments.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Join(db.Articles, c => c.ArticleId, a => a.Id, (c, a) => new { Comment = c, a.Headline, a.Slug })
            .ToListAsync(cancellationToken);
        Rows = rows.Select(r => new Row(r.Comment, r.Headline, r.Slug)).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string action, List<int> ids, string? returnUrl, CancellationToken cancellationToken)
    {
        var actor = Actor.From(User)!;
        // All or nothing, decided first: a request naming a comment this moderator may not touch changes none.
        var allowed = await ModeratedComments.Visible(db, actor).CountAsync(c => ids.Contains(c.Id), cancellationToken);
        if (ids.Count > 0 && allowed < await db.Comments.CountAsync(c => ids.Contains(c.Id), cancellationToken))
            return Forbid();
        CommentStatus? target = action switch
        {
            "approve" => CommentStatus.Approved, "spam" => CommentStatus.Spam, "trash" => CommentStatus.Trash, "pending" => CommentStatus.Pending, _ => null,
        };
        if (target is null || ids.Count == 0)
        {
            TempData["Flash"] = "اختر تعليقًا واحدًا على الأقل وإجراءً.";
        }
        else
        {
            var changed = await desk.ModerateAsync(actor, ids, target.Value, cancellationToken);
            var comments = ArabicPlural.Count(changed, ArabicPlural.Comments);
            TempData["Flash"] = changed == 0 ? "لم تتغير حالة أي تعليق."
                : $"تغيّرت حالة {comments} إلى «{CommentRules.ArabicName(target.Value)}».";
        }
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/admin/comments");
    }

    /// <summary>The per-article switch: editors and the article's authors close or reopen its discussion.</summary>
    public async Task<IActionResult> OnPostCloseAsync(int article, bool closed, CancellationToken cancellationToken)
    {
        var actor = Actor.From(User)!;
        var authors = await db.Set<Features.Articles.ArticleAuthor>().Where(a => a.ArticleId == article).Select(a => a.UserId).ToListAsync(cancellationToken);
        if (!CommentRules.CanModerate(actor, authors)) return Forbid();
        await db.Articles.Where(a => a.Id == article).ExecuteUpdateAsync(a => a.SetProperty(x => x.CommentsClosed, closed), cancellationToken);
        await threads.EvictAsync(article);
        TempData["Flash"] = closed ? "أُغلقت التعليقات على هذا المقال." : "فُتحت التعليقات على هذا المقال.";
        return LocalRedirect($"/admin/comments?article={article}");
    }

    public string Link(CommentStatus status) =>
        "/admin/comments" + QueryString.Create(new Dictionary<string, string?> { ["status"] = status.ToString(), ["q"] = Query, ["article"] = ArticleId?.ToString() }
            .Where(p => !string.IsNullOrEmpty(p.Value)));
}
