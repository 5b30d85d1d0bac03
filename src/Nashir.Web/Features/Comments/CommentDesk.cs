using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Comments;

public abstract record CommentOutcome
{
    public sealed record Accepted(Comment Comment) : CommentOutcome;

    /// <summary>The same person already sent the same words here (double click, replayed form): stored once, this is it.</summary>
    public sealed record Duplicate(Comment Comment) : CommentOutcome;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : CommentOutcome;

    public sealed record Closed : CommentOutcome;

    public sealed record ArticleNotFound : CommentOutcome;

    public sealed record RateLimited(string Message) : CommentOutcome;
}

/// <summary>Where a submission came from: what rate limits and the privacy log need.</summary>
public sealed record CommentSource(string? Ip, Actor? Staff = null);

/// <summary>
/// The one writer of comments: the form, the API and the editors' area all go through it, so every
/// rule (closing, threading, moderation, duplicates, the approved count) holds on every path.
/// </summary>
public sealed class CommentDesk(
    NashirDb db, TimeProvider clock, IOptionsMonitor<CommentOptions> options, CommentRateLimits limits,
    CommentThreads threads, CommentNotifications notifications, SqliteWriteGate writeGate)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<CommentOutcome> SubmitAsync(int articleId, CommentSubmission input, CommentSource source, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var article = await db.Articles.Where(a => a.Id == articleId).Where(PublicArticles.LiveAt(Now))
            .Select(a => new { a.Id, a.PublishAt, a.CommentsClosed }).FirstOrDefaultAsync(cancellationToken);
        if (article is null) return new CommentOutcome.ArticleNotFound();
        if (source.Staff is null && IsClosed(article.CommentsClosed, article.PublishAt, settings, Now)) return new CommentOutcome.Closed();

        var clean = CleanComment.Validate(input, out var errors);
        if (clean is null) return new CommentOutcome.Invalid(errors);

        var depth = 0;
        if (clean.ParentId is { } parentId)
        {
            var parent = await db.Comments.Where(c => c.Id == parentId).Select(c => new { c.ArticleId, c.Status, c.Depth }).FirstOrDefaultAsync(cancellationToken);
            if (parent is null || parent.Status != CommentStatus.Approved)
                return Invalid("parentId", "التعليق الذي تردّ عليه غير موجود أو لم يُنشر.");
            if (parent.ArticleId != articleId)
                return Invalid("parentId", "التعليق الذي تردّ عليه يتبع مقالًا آخر.");
            if (parent.Depth + 1 >= settings.MaxDepth)
                return Invalid("parentId", "وصلت سلسلة الردود إلى أقصى عمق؛ ردّ على تعليق أعلى منها.");
            depth = parent.Depth + 1;
        }

        var hash = clean.Hash(articleId);
        if (await FindByHashAsync(hash, cancellationToken) is { } earlier) return new CommentOutcome.Duplicate(earlier);
        if (source.Staff is null && settings.RateLimitsEnabled && limits.Refuse(source.Ip, clean.Email) is { } refusal)
            return new CommentOutcome.RateLimited(refusal);

        var status = source.Staff is not null ? CommentStatus.Approved
            : CommentRules.Classify(clean, settings, await db.Comments.AnyAsync(c => c.AuthorEmail == clean.Email && c.Status == CommentStatus.Approved, cancellationToken));
        var comment = new Comment
        {
            ArticleId = articleId, ParentId = clean.ParentId, Depth = depth,
            AuthorName = clean.Name, AuthorEmail = clean.Email, AuthorWebsite = clean.Website, AuthorIp = source.Ip,
            UserId = source.Staff?.UserId, Text = clean.Text, Status = status, CreatedAt = Now, StatusChangedAt = Now, ContentHash = hash,
        };

        using (await writeGate.EnterAsync(db, cancellationToken))
        {
            var stored = await StoreAsync(comment, cancellationToken);
            if (stored is not null) return stored;
        }
        if (status == CommentStatus.Approved) await threads.EvictAsync(articleId);
        notifications.CommentReceived(comment.Id);
        return new CommentOutcome.Accepted(comment);
    }

    /// <summary>Inserts the comment (and counts it when approved) in one transaction; null when stored, else the earlier identical comment.</summary>
    private async Task<CommentOutcome?> StoreAsync(Comment comment, CancellationToken cancellationToken)
    {
        var (articleId, status, hash) = (comment.ArticleId, comment.Status, comment.ContentHash);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            db.Comments.Add(comment);
            await db.SaveChangesAsync(cancellationToken);
            if (status == CommentStatus.Approved) await AdjustCountAsync(articleId, +1, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            // Two identical POSTs raced past the check above: the unique hash kept one; answer with it.
            if (await FindByHashAsync(hash, cancellationToken) is { } winner) return new CommentOutcome.Duplicate(winner);
            throw;
        }
        return null;
    }

    /// <summary>Moves comments to a status; the article counts change in the same transaction. Returns how many changed.</summary>
    public async Task<int> ModerateAsync(Actor actor, IReadOnlyCollection<int> ids, CommentStatus target, CancellationToken cancellationToken)
    {
        var comments = await db.Comments.AsTracking().Where(c => ids.Contains(c.Id) && c.Status != target).ToListAsync(cancellationToken);
        comments = await AllowedAsync(actor, comments, cancellationToken);
        if (comments.Count == 0) return 0;
        var deltas = comments.GroupBy(c => c.ArticleId).ToDictionary(g => g.Key,
            g => g.Sum(c => (target == CommentStatus.Approved ? 1 : 0) - (c.Status == CommentStatus.Approved ? 1 : 0)));
        var newlyApproved = comments.Where(c => target == CommentStatus.Approved && c.Status != CommentStatus.Approved).Select(c => c.Id).ToList();
        foreach (var comment in comments)
        {
            comment.Status = target;
            comment.StatusChangedAt = Now;
        }
        using (await writeGate.EnterAsync(db, cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var (articleId, delta) in deltas.Where(d => d.Value != 0)) await AdjustCountAsync(articleId, delta, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        foreach (var articleId in deltas.Keys) await threads.EvictAsync(articleId);
        foreach (var id in newlyApproved) notifications.CommentApproved(id);
        return comments.Count;
    }

    public async Task<CommentOutcome> EditAsync(Actor actor, int id, CommentSubmission input, CancellationToken cancellationToken)
    {
        var comment = await db.Comments.AsTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (comment is null || (await AllowedAsync(actor, [comment], cancellationToken)).Count == 0) return new CommentOutcome.ArticleNotFound();
        var clean = CleanComment.Validate(input with { ParentId = comment.ParentId }, out var errors);
        if (clean is null) return new CommentOutcome.Invalid(errors);
        (comment.AuthorName, comment.AuthorEmail, comment.AuthorWebsite, comment.Text) = (clean.Name, clean.Email, clean.Website, clean.Text);
        comment.ContentHash = clean.Hash(comment.ArticleId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Invalid("text", "يوجد تعليق مطابق تمامًا من الكاتب نفسه على هذا المقال.");
        }
        await threads.EvictAsync(comment.ArticleId);
        return new CommentOutcome.Accepted(comment);
    }

    /// <summary>A reply as the site: by a moderator, under their display name, published at once.</summary>
    public async Task<CommentOutcome> ReplyAsSiteAsync(Actor actor, int parentId, string text, CancellationToken cancellationToken)
    {
        var parent = await db.Comments.Where(c => c.Id == parentId).Select(c => new { c.Id, c.ArticleId }).FirstOrDefaultAsync(cancellationToken);
        if (parent is null) return new CommentOutcome.ArticleNotFound();
        var authors = await db.Set<ArticleAuthor>().Where(a => a.ArticleId == parent.ArticleId).Select(a => a.UserId).ToListAsync(cancellationToken);
        if (!CommentRules.CanModerate(actor, authors)) return new CommentOutcome.ArticleNotFound();
        var email = await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.Email).FirstAsync(cancellationToken);
        return await SubmitAsync(parent.ArticleId, new CommentSubmission(actor.DisplayName, email, null, text, parent.Id), new CommentSource(null, actor), cancellationToken);
    }

    public static bool IsClosed(bool closedByEditor, DateTime? publishedAt, CommentOptions settings, DateTime now) =>
        closedByEditor || (settings.CloseAfterDays > 0 && publishedAt is { } published && published.AddDays(settings.CloseAfterDays) < now);

    private async Task<List<Comment>> AllowedAsync(Actor actor, List<Comment> comments, CancellationToken cancellationToken)
    {
        if (actor.IsEditor) return comments;
        if (!CommentRules.CanModerateAny(actor)) return [];
        var articleIds = comments.Select(c => c.ArticleId).Distinct().ToList();
        var own = await db.Set<ArticleAuthor>().Where(a => articleIds.Contains(a.ArticleId) && a.UserId == actor.UserId)
            .Select(a => a.ArticleId).ToListAsync(cancellationToken);
        return comments.Where(c => own.Contains(c.ArticleId)).ToList();
    }

    private Task<int> AdjustCountAsync(int articleId, int delta, CancellationToken cancellationToken) =>
        db.Articles.Where(a => a.Id == articleId).ExecuteUpdateAsync(a => a.SetProperty(x => x.CommentCount, x => x.CommentCount + delta), cancellationToken);

    private Task<Comment?> FindByHashAsync(string hash, CancellationToken cancellationToken) =>
        db.Comments.AsNoTracking().FirstOrDefaultAsync(c => c.ContentHash == hash, cancellationToken);

    private static CommentOutcome.Invalid Invalid(string field, string message) => new(new() { [field] = [message] });
}
