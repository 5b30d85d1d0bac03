using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Articles;

public sealed record ArticleCard(
    int Id, string Headline, string? Kicker, string Slug, string Excerpt,
    string? ImageUrl, string? ImageAlt, DateTime PublishedAt, TermLink? Category, int CommentCount = 0, bool Developing = false);

public sealed record TermLink(string Name, string Slug);

/// <summary>A section or tag as its archive page shows it: with the editors' description.</summary>
public sealed record ArchiveTerm(string Name, string Slug, string? Description);

public sealed record Byline(int Id, string Name, string Slug);

public sealed record ArticleView(
    int Id, string Headline, string? Kicker, string? Subtitle, string Slug, string Body, string Excerpt,
    string? ImageUrl, string? ImageCaption, string? ImageAlt, ArticleStatus Status,
    DateTime PublishedAt, DateTime UpdatedAt, long ReadCount, int Version,
    IReadOnlyList<Byline> Authors, IReadOnlyList<TermLink> Categories, IReadOnlyList<TermLink> Tags,
    int CommentCount = 0, bool CommentsClosed = false, bool Developing = false);

public sealed record ArticleFilter(string? Category, string? Tag, string? Author);

/// <summary>An article page's data as cached: the view, its related articles, and the read tally at load time.</summary>
public sealed record LiveArticle(ArticleView View, IReadOnlyList<ArticleCard> Related, ReadTally Reads);

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
public sealed class PublicArticles(NashirDb db, TimeProvider clock, IMemoryCache cache, ReadCounter readCounter)
{
    public const int PageSize = 20;

    /// <summary>
    /// How long a node serves an article page from memory. Saves on this node evict at once; other
    /// nodes of a multi-node site see an edit within this time. It is what lets one node serve
    /// thousands of article views a second without a query each.
    /// </summary>
    public static readonly TimeSpan ArticleCacheDuration = TimeSpan.FromSeconds(10);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public static Expression<Func<Article, bool>> LiveAt(DateTime now) =>
        a => (a.Status == ArticleStatus.Published || a.Status == ArticleStatus.Scheduled) && a.PublishAt <= now;

    private sealed record CardRow(int Id, string Headline, string? Kicker, string Slug, string Excerpt, string? ImageUrl, string? ImageAlt, DateTime PublishedAt, int CommentCount,
        bool Developing);

    private static readonly Expression<Func<Article, CardRow>> ToCardRow = a => new CardRow(
        a.Id, a.Headline, a.Kicker, a.Slug, a.Excerpt, a.FeaturedImageUrl, a.FeaturedImageAlt, a.PublishAt!.Value, a.CommentCount, a.IsDeveloping);

    private IQueryable<Article> Live => db.Articles.Where(LiveAt(Now));

    internal static string CacheKey(int id) => "article:" + id;

    /// <summary>The memory-cache key of <see cref="TopSectionsAsync"/>, forgotten when sections change.</summary>
    public const string SectionsCacheKey = "sections";

    /// <summary>A live article with what its page shows, from memory when recently served.</summary>
    public async Task<LiveArticle?> LiveArticleAsync(int id, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(CacheKey(id), out LiveArticle? cached)) return cached;
        var view = await FindAsync(id, includeUnpublished: false, cancellationToken);
        if (view is null) return null;
        var related = await RelatedAsync(id, view.Categories.Select(c => c.Slug).ToList(), 4, cancellationToken);
        var live = new LiveArticle(view, related, readCounter.Tally(id, view.ReadCount));
        cache.Set(CacheKey(id), live, ArticleCacheDuration);
        return live;
    }

    public Task<ArticleView?> FindAsync(int id, bool includeUnpublished, CancellationToken cancellationToken)
    {
        var articles = includeUnpublished ? db.Articles : Live;
        return articles.Where(a => a.Id == id).Select(a => new ArticleView(
            a.Id, a.Headline, a.Kicker, a.Subtitle, a.Slug, a.Body, a.Excerpt,
            a.FeaturedImageUrl, a.FeaturedImageCaption, a.FeaturedImageAlt, a.Status,
            a.PublishAt ?? a.UpdatedAt, a.UpdatedAt, a.ReadCount, a.Version,
            a.Authors.OrderBy(x => x.Position).Select(x => new Byline(x.User.Id, x.User.DisplayName, x.User.Slug)).ToList(),
            a.Categories.OrderBy(c => c.SortOrder).ThenBy(c => c.Id).Select(c => new TermLink(c.Name, c.Slug)).ToList(),
            a.Tags.OrderBy(t => t.Name).Select(t => new TermLink(t.Name, t.Slug)).ToList(),
            a.CommentCount, a.CommentsClosed, a.IsDeveloping))
            .AsSplitQuery()
            .FirstOrDefaultAsync(cancellationToken);
    }

    public Task<List<ArticleCard>> LatestAsync(int count, CancellationToken cancellationToken) =>
        CardsAsync(Newest(Live).Take(count), cancellationToken);

    /// <summary>The live ones among the given articles (pinned slots), newest first: one query, whatever the count.</summary>
    public Task<List<ArticleCard>> LiveCardsAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken) =>
        ids.Count == 0 ? Task.FromResult(new List<ArticleCard>()) : CardsAsync(Newest(Live.Where(a => ids.Contains(a.Id))), cancellationToken);

    /// <summary>
    /// The top-level sections in menu order: the header of every page and the home page's blocks.
    /// Sections change rarely, so one query a minute serves every page.
    /// </summary>
    public async Task<IReadOnlyList<TermLink>> TopSectionsAsync(CancellationToken cancellationToken = default) =>
        await cache.GetOrCreateAsync(SectionsCacheKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            return await db.Categories.Where(c => c.ParentId == null).OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
                .Select(c => new TermLink(c.Name, c.Slug)).Take(12).ToListAsync(cancellationToken);
        }) ?? [];

    /// <summary>The newest articles of each top-level section: one small indexed query per section (a dozen at most).</summary>
    public async Task<List<HomeSection>> SectionsAsync(int perSection, CancellationToken cancellationToken)
    {
        var sections = await TopSectionsAsync(cancellationToken);
        var result = new List<HomeSection>(sections.Count);
        foreach (var section in sections)
        {
            var rows = await Newest(Live.Where(a => a.Categories.Any(c => c.Slug == section.Slug))).Take(perSection)
                .Select(ToCardRow).ToListAsync(cancellationToken);
            if (rows.Count > 0) result.Add(new HomeSection(section.Name, section.Slug, rows.Select(r => Card(r, section)).ToList()));
        }
        return result;
    }

    public Task<List<ArticleCard>> RelatedAsync(int articleId, IReadOnlyList<string> categorySlugs, int count, CancellationToken cancellationToken) =>
        CardsAsync(Newest(Live.Where(a => a.Id != articleId && a.Categories.Any(c => categorySlugs.Contains(c.Slug)))).Take(count), cancellationToken);

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

    private async Task<ArchivePage<ArticleCard>> PageAsync(IQueryable<Article> articles, int page, CancellationToken cancellationToken, int pageSize = PageSize)
    {
        page = Math.Max(1, page);
        var total = await articles.CountAsync(cancellationToken);
        var items = await CardsAsync(Newest(articles).Skip((page - 1) * pageSize).Take(pageSize), cancellationToken);
        return new ArchivePage<ArticleCard>(items, page, pageSize, total);
    }

    private static IQueryable<Article> Newest(IQueryable<Article> articles) =>
        articles.OrderByDescending(a => a.PublishAt).ThenByDescending(a => a.Id);

    /// <summary>
    /// Cards with their first section, in two queries. Asking for "first category" inside the card
    /// query makes SQLite window over the whole article×category join (20 ms at 10k articles).
    /// </summary>
    private async Task<List<ArticleCard>> CardsAsync(IQueryable<Article> articles, CancellationToken cancellationToken)
    {
        var rows = await articles.Select(ToCardRow).ToListAsync(cancellationToken);
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.Id).ToList();
        var sections = await db.Categories
            .SelectMany(c => c.Articles.Where(a => ids.Contains(a.Id)), (c, a) => new { ArticleId = a.Id, c.Id, c.SortOrder, c.Name, c.Slug })
            .ToListAsync(cancellationToken);
        var first = sections.GroupBy(s => s.ArticleId)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.SortOrder).ThenBy(s => s.Id).Select(s => new TermLink(s.Name, s.Slug)).First());
        return rows.Select(r => Card(r, first.GetValueOrDefault(r.Id))).ToList();
    }

    private static ArticleCard Card(CardRow r, TermLink? section) =>
        new(r.Id, r.Headline, r.Kicker, r.Slug, r.Excerpt, r.ImageUrl, r.ImageAlt, r.PublishedAt, section, r.CommentCount, r.Developing);

    public Task<ArchiveTerm?> CategoryAsync(string slug, CancellationToken cancellationToken) =>
        db.Categories.Where(c => c.Slug == slug).Select(c => new ArchiveTerm(c.Name, c.Slug, c.Description)).FirstOrDefaultAsync(cancellationToken);

    public Task<ArchiveTerm?> TagAsync(string slug, CancellationToken cancellationToken) =>
        db.Tags.Where(t => t.Slug == slug).Select(t => new ArchiveTerm(t.Name, t.Slug, t.Description)).FirstOrDefaultAsync(cancellationToken);

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
