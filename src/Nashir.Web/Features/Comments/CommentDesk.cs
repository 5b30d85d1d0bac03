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
    NashirDb db, TimeProvider clock, IOptionsMonitor<CommentOptions> options, CommentRateLimits limits, PublicArticles articles,
    CommentThreads threads, CommentNotifications notifications, SqliteWriteGate writeGate, CommentsToStore queue)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<CommentOutcome> SubmitAsync(int articleId, CommentSubmission input, CommentSource source, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        // From memory like the article page: closing comments or unpublishing evicts it (PublicPageEviction).
        var article = (await articles.LiveArticleAsync(articleId, cancellationToken))?.View;
        if (article is null) return new CommentOutcome.ArticleNotFound();
        if (source.Staff is null && IsClosed(article.CommentsClosed, article.PublishedAt, settings, Now)) return new CommentOutcome.Closed();

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
        if (source.Staff is null && settings.RateLimitsEnabled && limits.Refuse(source.Ip, clean.Email) is { } refusal)
            // A replay (double click, resent form) is told it was stored before, not to wait: it stores nothing either way.
            return await FindByHashAsync(hash, cancellationToken) is { } earlier ? new CommentOutcome.Duplicate(earlier) : new CommentOutcome.RateLimited(refusal);

        var status = source.Staff is not null ? CommentStatus.Approved : CommentRules.Classify(clean, settings, authorHasApprovedComment: false);
        var comment = new Comment
        {
            ArticleId = articleId, ParentId = clean.ParentId, Depth = depth,
            AuthorName = clean.Name, AuthorEmail = clean.Email, AuthorWebsite = clean.Website, AuthorIp = source.Ip,
            UserId = source.Staff?.UserId, Text = clean.Text, Status = status, CreatedAt = Now, StatusChangedAt = Now, ContentHash = hash,
        };
        // Held only for being a first comment: published if the author has an approved one (looked up per batch).
        var heldAsFirst = status == CommentStatus.Pending && settings.HoldFirstComment && CommentRules.Classify(clean, settings, true) == CommentStatus.Approved;

        if (await StoreAsync(new QueuedComment(comment, heldAsFirst)) is { } winner) return new CommentOutcome.Duplicate(winner);
        // A held comment changes no public page: only a published one evicts the thread and the cached pages.
        if (comment.Status == CommentStatus.Approved) await threads.EvictAsync(articleId);
        notifications.CommentReceived(comment.Id);
        return new CommentOutcome.Accepted(comment);
    }

    /// <summary>
    /// Group commit: the comment joins the queue, and whoever holds the write gate next stores everything
    /// queued in one transaction (SQLite syncs its log once per commit, which is what bounded the rate at
    /// one comment per commit). Each request still gets its own answer: null when its comment is stored
    /// (Id set), else the earlier identical comment. Not cancellable once queued: another request may be
    /// writing it. On PostgreSQL there is no gate; concurrent writers each take what they find. A request
    /// therefore runs no query of its own: the duplicate check and the author's history are one query per batch.
    /// </summary>
    private async Task<Comment?> StoreAsync(QueuedComment write)
    {
        queue.Enqueue(write);
        using (await writeGate.EnterAsync(db, CancellationToken.None))
        {
            // Under the gate our comment is either written already or still queued: the loop ends with it written.
            while (!write.Stored.Task.IsCompleted && queue.Take(MaxBatch) is { Count: > 0 } batch)
            {
                try
                {
                    await WriteBatchAsync(batch);
                }
                catch (Exception e)
                {
                    // Every request in the batch gets the failure: none is left waiting, none is told "stored".
                    db.ChangeTracker.Clear();
                    foreach (var queued in batch) queued.Stored.TrySetException(e);
                }
            }
        }
        return await write.Stored.Task;
    }

    /// <summary>At most this many comments per transaction (a few hundred rows: milliseconds of work).</summary>
    private const int MaxBatch = 256;

    private async Task WriteBatchAsync(List<QueuedComment> batch)
    {
        try
        {
            var winners = new Dictionary<string, Comment>(StringComparer.Ordinal);
            var repeats = new HashSet<QueuedComment>();
            await using (var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None))
            {
                var hashes = batch.Select(w => w.Comment.ContentHash).Distinct().ToList();
                foreach (var earlier in await db.Comments.Where(c => hashes.Contains(c.ContentHash)).ToListAsync(CancellationToken.None))
                    winners[earlier.ContentHash] = earlier;
                var firstTimers = batch.Where(w => w.HeldAsFirst).Select(w => w.Comment.AuthorEmail).Distinct().ToList();
                if (firstTimers.Count > 0)
                {
                    var known = (await db.Comments.Where(c => c.Status == CommentStatus.Approved && firstTimers.Contains(c.AuthorEmail))
                        .Select(c => c.AuthorEmail).Distinct().ToListAsync(CancellationToken.None)).ToHashSet(StringComparer.Ordinal);
                    foreach (var write in batch.Where(w => w.HeldAsFirst && known.Contains(w.Comment.AuthorEmail))) write.Comment.Status = CommentStatus.Approved;
                }
                foreach (var write in batch)
                {
                    if (winners.ContainsKey(write.Comment.ContentHash)) repeats.Add(write);
                    else
                    {
                        winners[write.Comment.ContentHash] = write.Comment;
                        db.Comments.Add(write.Comment);
                    }
                }
                await db.SaveChangesAsync(CancellationToken.None);
                foreach (var counted in batch.Except(repeats).Where(w => w.Comment.Status == CommentStatus.Approved).GroupBy(w => w.Comment.ArticleId))
                    await AdjustCountAsync(counted.Key, counted.Count(), CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
            }
            db.ChangeTracker.Clear();
            foreach (var write in batch) write.Stored.TrySetResult(repeats.Contains(write) ? winners[write.Comment.ContentHash] : null);
        }
        catch (DbUpdateException) when (batch.Count > 1)
        {
            // Another node stored one of these meanwhile (PostgreSQL): one at a time, so only that one is a duplicate.
            db.ChangeTracker.Clear();
            foreach (var write in batch) await WriteBatchAsync([write]);
        }
        catch (DbUpdateException e)
        {
            db.ChangeTracker.Clear();
            var winner = await FindByHashAsync(batch[0].Comment.ContentHash, CancellationToken.None);
            if (winner is null) batch[0].Stored.TrySetException(e);
            else batch[0].Stored.TrySetResult(winner);
        }
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

/// <summary>New comments waiting for the next group commit (CommentDesk.StoreAsync); one per process.</summary>
public sealed class CommentsToStore
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<QueuedComment> waiting = new();

    internal void Enqueue(QueuedComment comment) => waiting.Enqueue(comment);

    internal List<QueuedComment> Take(int max)
    {
        var batch = new List<QueuedComment>();
        while (batch.Count < max && waiting.TryDequeue(out var comment)) batch.Add(comment);
        return batch;
    }
}

/// <summary>A comment in the queue, and its writer's answer: null when stored, else the earlier identical comment.</summary>
internal sealed class QueuedComment(Comment comment, bool heldAsFirst)
{
    public Comment Comment { get; } = comment;

    /// <summary>Pending only because its author may have no approved comment yet: the writer looks that up.</summary>
    public bool HeldAsFirst { get; } = heldAsFirst;
    public TaskCompletionSource<Comment?> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
