using Microsoft.AspNetCore.Html;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Features.Comments;

/// <summary>A comment as readers see it: no email, no IP — this type is the privacy boundary of every public output.</summary>
public sealed record CommentView(int Id, int? ParentId, int Depth, string AuthorName, string? AuthorWebsite, string Text, DateTime CreatedAt, bool ByStaff, bool Pending = false)
{
    /// <summary>The comment's HTML up to its relative time, and from there to its text's end (CommentText.Markup):
    /// made once when the thread is cached, so a page view only writes them around "منذ 3 دقائق".</summary>
    public IHtmlContent Opening { get; init; } = HtmlString.Empty;

    public IHtmlContent Closing { get; init; } = HtmlString.Empty;
}

/// <summary>A page of threads: top-level comments with all their replies, in reading order.</summary>
public sealed record CommentPage(IReadOnlyList<CommentView> Comments, int Page, int PageCount, int Total);

/// <summary>What readers see of the discussion: approved comments, from memory like the article itself.</summary>
public sealed class CommentThreads(
    NashirDb db, IMemoryCache cache, IOptionsMonitor<CommentOptions> options, Articles.PublicPageEviction pageEviction, SiteClock siteClock)
{
    /// <summary>As long as the article's own memory cache (PublicArticles); moderation evicts at once (on every node with Redis).</summary>
    private static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(10);

    private static string CacheKey(int articleId) => "comments:" + articleId;

    /// <summary>
    /// Called after every committed change readers can see (approval, unapproval, edit, erasure, closing):
    /// drops the cached thread, the article's data (it carries the comment count), its page and the listings.
    /// </summary>
    public Task EvictAsync(int articleId) => pageEviction.ArticleChangedAsync(articleId, CacheKey(articleId));

    /// <summary>A page of threads, as cached: a page view allocates nothing here.</summary>
    public async Task<CommentPage> PageAsync(int articleId, int page, CancellationToken cancellationToken)
    {
        var thread = await ThreadAsync(articleId, cancellationToken);
        return thread.Pages[Math.Clamp(page, 1, thread.Pages.Count) - 1];
    }

    public async Task<CommentView?> FindApprovedAsync(int articleId, int id, CancellationToken cancellationToken) =>
        (await ThreadAsync(articleId, cancellationToken)).Approved.GetValueOrDefault(id);

    /// <summary>The reader's own comments still held for moderation (ids from their signed cookie), for this article only.</summary>
    public async Task<IReadOnlyList<CommentView>> PendingAsync(int articleId, IReadOnlyCollection<int> ids, CancellationToken cancellationToken) =>
        ids.Count == 0 ? [] : (await db.Comments.Where(c => ids.Contains(c.Id) && c.ArticleId == articleId && c.Status == CommentStatus.Pending)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new CommentView(c.Id, c.ParentId, c.Depth, c.AuthorName, c.AuthorWebsite, c.Text, c.CreatedAt, c.UserId != null, true))
            .ToListAsync(cancellationToken)).Select(c => CommentText.WithMarkup(c, siteClock)).ToList();

    /// <summary>An article's approved comments, with their markup, cut into pages by the settings of when it was loaded.</summary>
    private sealed record CommentThread(IReadOnlyDictionary<int, CommentView> Approved, IReadOnlyList<CommentPage> Pages);

    private async Task<CommentThread> ThreadAsync(int articleId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(CacheKey(articleId), out CommentThread? cached)) return cached!;
        var comments = await db.Comments.Where(c => c.ArticleId == articleId && c.Status == CommentStatus.Approved)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new CommentView(c.Id, c.ParentId, c.Depth, c.AuthorName, c.AuthorWebsite, c.Text, c.CreatedAt, c.UserId != null, false))
            .ToListAsync(cancellationToken);
        // A reply whose parent left the approved set (spam, trash) is not shown orphaned at the top.
        var ids = comments.Select(c => c.Id).ToHashSet();
        comments = comments.Where(c => c.ParentId is null || ids.Contains(c.ParentId.Value)).Select(c => CommentText.WithMarkup(c, siteClock)).ToList();

        var settings = options.CurrentValue;
        var roots = comments.Where(c => c.ParentId is null).ToList();
        if (settings.NewestFirst) roots.Reverse();
        var children = comments.Where(c => c.ParentId is not null).ToLookup(c => c.ParentId!.Value);
        var pageCount = Math.Max(1, (roots.Count + settings.PageSize - 1) / settings.PageSize);
        var pages = new List<CommentPage>(pageCount);
        for (var page = 1; page <= pageCount; page++)
        {
            var ordered = new List<CommentView>();
            foreach (var root in roots.Skip((page - 1) * settings.PageSize).Take(settings.PageSize)) AddThread(ordered, root);
            pages.Add(new CommentPage(ordered, page, pageCount, comments.Count));
        }
        var thread = new CommentThread(comments.ToDictionary(c => c.Id), pages);
        cache.Set(CacheKey(articleId), thread, CacheDuration);
        return thread;

        void AddThread(List<CommentView> ordered, CommentView comment)
        {
            ordered.Add(comment);
            foreach (var reply in children[comment.Id]) AddThread(ordered, reply);
        }
    }
}
