using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Comments;

/// <summary>A comment as readers see it: no email, no IP — this type is the privacy boundary of every public output.</summary>
public sealed record CommentView(int Id, int? ParentId, int Depth, string AuthorName, string? AuthorWebsite, string Text, DateTime CreatedAt, bool ByStaff, bool Pending = false)
{
    /// <summary>The text as HTML, made once when the thread is cached rather than on every page view.</summary>
    public Microsoft.AspNetCore.Html.IHtmlContent Html { get; } = CommentText.ToHtml(Text);
}

/// <summary>A page of threads: top-level comments with all their replies, in reading order.</summary>
public sealed record CommentPage(IReadOnlyList<CommentView> Comments, int Page, int PageCount, int Total);

/// <summary>What readers see of the discussion: approved comments, from memory like the article itself.</summary>
public sealed class CommentThreads(NashirDb db, IMemoryCache cache, IOptionsMonitor<CommentOptions> options, Articles.PublicPageEviction pageEviction)
{
    /// <summary>As long as the article's own memory cache (PublicArticles); moderation evicts at once (on every node with Redis).</summary>
    private static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(10);

    private static string CacheKey(int articleId) => "comments:" + articleId;

    /// <summary>
    /// Called after every committed change readers can see (approval, unapproval, edit, erasure, closing):
    /// drops the cached thread, the article's data (it carries the comment count), its page and the listings.
    /// </summary>
    public Task EvictAsync(int articleId) => pageEviction.ArticleChangedAsync(articleId, CacheKey(articleId));

    public async Task<CommentPage> PageAsync(int articleId, int page, CancellationToken cancellationToken)
    {
        var all = await ApprovedAsync(articleId, cancellationToken);
        var settings = options.CurrentValue;
        var roots = all.Where(c => c.ParentId is null).ToList();
        if (settings.NewestFirst) roots.Reverse();
        var pageCount = Math.Max(1, (roots.Count + settings.PageSize - 1) / settings.PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var children = all.Where(c => c.ParentId is not null).ToLookup(c => c.ParentId!.Value);
        var ordered = new List<CommentView>();
        foreach (var root in roots.Skip((page - 1) * settings.PageSize).Take(settings.PageSize)) AddThread(root);
        return new CommentPage(ordered, page, pageCount, all.Count);

        void AddThread(CommentView comment)
        {
            ordered.Add(comment);
            foreach (var reply in children[comment.Id]) AddThread(reply);
        }
    }

    public async Task<CommentView?> FindApprovedAsync(int articleId, int id, CancellationToken cancellationToken) =>
        (await ApprovedAsync(articleId, cancellationToken)).Find(c => c.Id == id);

    /// <summary>The reader's own comments still held for moderation (ids from their signed cookie), for this article only.</summary>
    public Task<List<CommentView>> PendingAsync(int articleId, IReadOnlyCollection<int> ids, CancellationToken cancellationToken) =>
        ids.Count == 0 ? Task.FromResult(new List<CommentView>()) :
        db.Comments.Where(c => ids.Contains(c.Id) && c.ArticleId == articleId && c.Status == CommentStatus.Pending)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new CommentView(c.Id, c.ParentId, c.Depth, c.AuthorName, c.AuthorWebsite, c.Text, c.CreatedAt, c.UserId != null, true))
            .ToListAsync(cancellationToken);

    private async Task<List<CommentView>> ApprovedAsync(int articleId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(CacheKey(articleId), out List<CommentView>? cached)) return cached!;
        var comments = await db.Comments.Where(c => c.ArticleId == articleId && c.Status == CommentStatus.Approved)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new CommentView(c.Id, c.ParentId, c.Depth, c.AuthorName, c.AuthorWebsite, c.Text, c.CreatedAt, c.UserId != null, false))
            .ToListAsync(cancellationToken);
        // A reply whose parent left the approved set (spam, trash) is not shown orphaned at the top.
        var ids = comments.Select(c => c.Id).ToHashSet();
        comments = comments.Where(c => c.ParentId is null || ids.Contains(c.ParentId.Value)).ToList();
        cache.Set(CacheKey(articleId), comments, CacheDuration);
        return comments;
    }
}
