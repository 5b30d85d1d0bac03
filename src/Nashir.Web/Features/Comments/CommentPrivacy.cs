using Microsoft.EntityFrameworkCore;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Comments;

public sealed record ExportedComment(int Id, int ArticleId, string ArticleHeadline, int? ParentId, string Name, string Email, string? Website, string? Ip,
    string Text, string Status, DateTime CreatedAt);

/// <summary>A person's right to see and to remove what they wrote (GDPR articles 15 and 17), by email address.</summary>
public sealed class CommentPrivacy(NashirDb db, CommentThreads threads)
{
    public Task<List<ExportedComment>> ExportAsync(string email, CancellationToken cancellationToken)
    {
        var normalized = email.Trim().ToLowerInvariant();
        return db.Comments.Where(c => c.AuthorEmail == normalized).OrderBy(c => c.CreatedAt)
            .Join(db.Articles, c => c.ArticleId, a => a.Id, (c, a) => new { c, a.Headline })
            .Select(x => new ExportedComment(x.c.Id, x.c.ArticleId, x.Headline, x.c.ParentId, x.c.AuthorName, x.c.AuthorEmail, x.c.AuthorWebsite, x.c.AuthorIp,
                x.c.Text, x.c.Status.ToString(), x.c.CreatedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Erases every comment of the address. Replies by others stay: comments with replies are kept as
    /// "deleted comment" shells without any personal data, the rest are deleted. Counts follow in the same transaction.
    /// </summary>
    public async Task<int> EraseAsync(string email, CancellationToken cancellationToken)
    {
        var normalized = email.Trim().ToLowerInvariant();
        var comments = await db.Comments.AsTracking().Where(c => c.AuthorEmail == normalized).ToListAsync(cancellationToken);
        if (comments.Count == 0) return 0;
        var ids = comments.Select(c => c.Id).ToList();
        var withReplies = await db.Comments.Where(r => r.ParentId != null && ids.Contains(r.ParentId.Value) && r.AuthorEmail != normalized)
            .Select(r => r.ParentId!.Value).Distinct().ToListAsync(cancellationToken);
        var approvedLost = comments.Where(c => c.Status == CommentStatus.Approved && !withReplies.Contains(c.Id)).GroupBy(c => c.ArticleId)
            .ToDictionary(g => g.Key, g => g.Count());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var comment in comments)
        {
            if (withReplies.Contains(comment.Id))
            {
                comment.AuthorName = "محذوف";
                comment.AuthorEmail = $"erased-{comment.Id}@invalid";
                comment.AuthorWebsite = null;
                comment.AuthorIp = null;
                comment.Text = "حُذف هذا التعليق بطلب كاتبه.";
                comment.ContentHash = $"erased-{comment.Id}";
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        // Own replies first (deepest first), so the parent key never blocks.
        foreach (var comment in comments.Where(c => !withReplies.Contains(c.Id)).OrderByDescending(c => c.Depth))
            await db.Comments.Where(c => c.Id == comment.Id).ExecuteDeleteAsync(cancellationToken);
        foreach (var (articleId, lost) in approvedLost)
            await db.Articles.Where(a => a.Id == articleId).ExecuteUpdateAsync(a => a.SetProperty(x => x.CommentCount, x => x.CommentCount - lost), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var articleId in comments.Select(c => c.ArticleId).Distinct()) await threads.EvictAsync(articleId);
        return comments.Count;
    }
}
