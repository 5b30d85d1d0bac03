using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Articles;

public sealed record ArticleCard(
    int Id, string Headline, string? Kicker, string Slug, string Excerpt,
    string? ImageUrl, string? ImageAlt, DateTime PublishedAt, TermLink? Category);

public sealed record TermLink(string Name, string Slug);

public sealed record Byline(int Id, string Name, string Slug);

public sealed record ArticleView(
    int Id, string Headline, string? Kicker, string? Subtitle, string Slug, string Body, string Excerpt,
    string? ImageUrl, string? ImageCaption, string? ImageAlt, ArticleStatus Status,
    DateTime PublishedAt, DateTime UpdatedAt, long ReadCount,
    IReadOnlyList<Byline> Authors, IReadOnlyList<TermLink> Categories, IReadOnlyList<TermLink> Tags);

public sealed record ArticleFilter(string? Category, string? Tag, string? Author);

public sealed record HomeSection(string Name, string Slug, IReadOnlyList<ArticleCard> Articles);

public sealed record ArchivePage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// What readers can see: only live articles (published, or scheduled and past their time, so a
/// schedule takes effect at its second even before the publisher job runs). Each page is a fixed
/// number of queries, never one per article.
/// </summary>
public sealed class PublicArticles(NashirDb db, TimeProvider clock)
{
    public const int PageSize = 20;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public static Expression<Func<Article, bool>> LiveAt(DateTime now) =>
        a => (a.Status == ArticleStatus.Published || a.Status == ArticleStatus.Scheduled) && a.PublishAt <= now;

    private static readonly Expression<Func<Article, ArticleCard>> ToCard = a => new ArticleCard(
        a.Id, a.Headline, a.Kicker, a.Slug, a.Excerpt, a.FeaturedImageUrl, a.FeaturedImageAlt, a.PublishAt!.Value,
        a.Categories.OrderBy(c => c.SortOrder).ThenBy(c => c.Id).Select(c => new TermLink(c.Name, c.Slug)).FirstOrDefault());

    private IQueryable<Article> Live => db.Articles.Where(LiveAt(Now));

    public Task<ArticleView?> FindAsync(int id, bool includeUnpublished, CancellationToken cancellationToken)
    {
        var articles = includeUnpublished ? db.Articles : Live;
        return articles.Where(a => a.Id == id).Select(a => new ArticleView(
            a.Id, a.Headline, a.Kicker, a.Subtitle, a.Slug, a.Body, a.Excerpt,
            a.FeaturedImageUrl, a.FeaturedImageCaption, a.FeaturedImageAlt, a.Status,
            a.PublishAt ?? a.UpdatedAt, a.UpdatedAt, a.ReadCount,
            a.Authors.OrderBy(x => x.Position).Select(x => new Byline(x.User.Id, x.User.DisplayName, x.User.Slug)).ToList(),
            a.Categories.OrderBy(c => c.SortOrder).ThenBy(c => c.Id).Select(c => new TermLink(c.Name, c.Slug)).ToList(),
            a.Tags.OrderBy(t => t.Name).Select(t => new TermLink(t.Name, t.Slug)).ToList()))
            .AsSplitQuery()
            .FirstOrDefaultAsync(cancellationToken);
    }

    public Task<List<ArticleCard>> LatestAsync(int count, CancellationToken cancellationToken) =>
        Live.OrderByDescending(a => a.PublishAt).ThenByDescending(a => a.Id).Take(count).Select(ToCard).ToListAsync(cancellationToken);

    /// <summary>The newest articles of each category, in one query.</summary>
    public async Task<List<HomeSection>> SectionsAsync(int perSection, CancellationToken cancellationToken)
    {
        var now = Now;
        var sections = await db.Categories.Where(c => c.ParentId == null).OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new
            {
                c.Name,
                c.Slug,
                Articles = c.Articles.AsQueryable().Where(LiveAt(now))
                    .OrderByDescending(a => a.PublishAt).ThenByDescending(a => a.Id).Take(perSection).Select(ToCard).ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return sections.Where(s => s.Articles.Count > 0).Select(s => new HomeSection(s.Name, s.Slug, s.Articles)).ToList();
    }

    public Task<List<ArticleCard>> RelatedAsync(int articleId, IReadOnlyList<string> categorySlugs, int count, CancellationToken cancellationToken) =>
        Live.Where(a => a.Id != articleId && a.Categories.Any(c => categorySlugs.Contains(c.Slug)))
            .OrderByDescending(a => a.PublishAt).ThenByDescending(a => a.Id).Take(count).Select(ToCard).ToListAsync(cancellationToken);

    public Task<ArchivePage<ArticleCard>> InCategoryAsync(string slug, int page, CancellationToken cancellationToken) =>
        PageAsync(Live.Where(a => a.Categories.Any(c => c.Slug == slug)), page, cancellationToken);

    public Task<ArchivePage<ArticleCard>> TaggedAsync(string slug, int page, CancellationToken cancellationToken) =>
        PageAsync(Live.Where(a => a.Tags.Any(t => t.Slug == slug)), page, cancellationToken);

    public Task<ArchivePage<ArticleCard>> ByAuthorAsync(int userId, int page, CancellationToken cancellationToken) =>
        PageAsync(Live.Where(a => a.Authors.Any(x => x.UserId == userId)), page, cancellationToken);

    public Task<ArchivePage<ArticleCard>> ListAsync(ArticleFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        var articles = Live;
        if (filter.Category is { } category) articles = articles.Where(a => a.Categories.Any(c => c.Slug == category));
        if (filter.Tag is { } tag) articles = articles.Where(a => a.Tags.Any(t => t.Slug == tag));
        if (filter.Author is { } author) articles = articles.Where(a => a.Authors.Any(x => x.User.Slug == author));
        return PageAsync(articles, page, cancellationToken, pageSize);
    }

    private static async Task<ArchivePage<ArticleCard>> PageAsync(IQueryable<Article> articles, int page, CancellationToken cancellationToken, int pageSize = PageSize)
    {
        page = Math.Max(1, page);
        var total = await articles.CountAsync(cancellationToken);
        var items = await articles.OrderByDescending(a => a.PublishAt).ThenByDescending(a => a.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).Select(ToCard).ToListAsync(cancellationToken);
        return new ArchivePage<ArticleCard>(items, page, pageSize, total);
    }

    public Task<TermLink?> CategoryAsync(string slug, CancellationToken cancellationToken) =>
        db.Categories.Where(c => c.Slug == slug).Select(c => new TermLink(c.Name, c.Slug)).FirstOrDefaultAsync(cancellationToken);

    public Task<TermLink?> TagAsync(string slug, CancellationToken cancellationToken) =>
        db.Tags.Where(t => t.Slug == slug).Select(t => new TermLink(t.Name, t.Slug)).FirstOrDefaultAsync(cancellationToken);

    public Task<Byline?> AuthorAsync(string slug, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Slug == slug).Select(u => new Byline(u.Id, u.DisplayName, u.Slug)).FirstOrDefaultAsync(cancellationToken);
}

public static class ArticleUrls
{
    /// <summary>The id makes the permalink stable; the slug is only for people and may change (→ 301).</summary>
    public static string Path(int id, string slug) => $"/news/{id}/{Uri.EscapeDataString(slug)}";

    public static string Category(string slug) => $"/category/{Uri.EscapeDataString(slug)}";
    public static string Tag(string slug) => $"/tag/{Uri.EscapeDataString(slug)}";
    public static string Author(string slug) => $"/author/{Uri.EscapeDataString(slug)}";
}
