using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Feeds;

public enum FeedFormat { Rss, Atom, Json }

public enum FeedScopeKind { Site, Category, Tag, Author }

/// <summary>What a feed covers: the whole site, or one category, tag or author (Name is theirs, Id an author's).</summary>
public sealed record FeedScope(FeedScopeKind Kind, string Slug, string Name, int AuthorId = 0)
{
    public static readonly FeedScope Site = new(FeedScopeKind.Site, "", "");

    /// <summary>The HTML page the feed mirrors.</summary>
    public string PagePath => Kind switch
    {
        FeedScopeKind.Category => ArticleUrls.Category(Slug),
        FeedScopeKind.Tag => ArticleUrls.Tag(Slug),
        FeedScopeKind.Author => ArticleUrls.Author(Slug),
        _ => "/",
    };

    /// <summary>/feed, /feed/atom, /feed/json — after the page's path for a category, tag or author (WordPress's URLs).</summary>
    public string FeedPath(FeedFormat format) => (Kind == FeedScopeKind.Site ? "" : PagePath) + format switch
    {
        FeedFormat.Atom => "/feed/atom",
        FeedFormat.Json => "/feed/json",
        _ => "/feed",
    };
}

public sealed record FeedHead(int Id, DateTime UpdatedAt, int Version);

public sealed record FeedEntry(
    int Id, string Headline, string Slug, string Excerpt, string Body, string? ImageUrl, string? ImageAlt,
    DateTime PublishedAt, DateTime UpdatedAt);

public sealed record FeedEntryTerms(IReadOnlyList<Byline> Authors, IReadOnlyList<string> Categories, IReadOnlyList<string> Tags);

/// <summary>
/// The articles of a feed page, read in three steps so the full texts never sit in memory together:
/// ids and dates first (for the ETag, and to answer 304 without touching a body), then the bylines and
/// terms of those few ids, then the bodies streamed one at a time while the response is written.
/// </summary>
public sealed class FeedArticles(NashirDb db, TimeProvider clock)
{
    /// <summary>WordPress shows 10; aggregators poll rarely and a busy news site publishes 50 stories in hours.</summary>
    public const int PerPage = 50;

    private IQueryable<Article> Live => db.Articles.Where(PublicArticles.LiveAt(clock.GetUtcNow().UtcDateTime));

    public async Task<FeedScope?> ScopeAsync(FeedScopeKind kind, string slug, CancellationToken cancellationToken) => kind switch
    {
        FeedScopeKind.Site => FeedScope.Site,
        FeedScopeKind.Category => await db.Categories.Where(c => c.Slug == slug)
            .Select(c => new FeedScope(kind, c.Slug, c.Name, 0)).FirstOrDefaultAsync(cancellationToken),
        FeedScopeKind.Tag => await db.Tags.Where(t => t.Slug == slug)
            .Select(t => new FeedScope(kind, t.Slug, t.Name, 0)).FirstOrDefaultAsync(cancellationToken),
        _ => await db.Users.Where(u => u.Slug == slug)
            .Select(u => new FeedScope(kind, u.Slug, u.DisplayName, u.Id)).FirstOrDefaultAsync(cancellationToken),
    };

    private IQueryable<Article> InScope(FeedScope scope) => scope.Kind switch
    {
        FeedScopeKind.Category => Live.Where(a => a.Categories.Any(c => c.Slug == scope.Slug)),
        FeedScopeKind.Tag => Live.Where(a => a.Tags.Any(t => t.Slug == scope.Slug)),
        FeedScopeKind.Author => Live.Where(a => a.Authors.Any(x => x.UserId == scope.AuthorId)),
        _ => Live,
    };

    /// <summary>One more than a page, so the caller knows whether a next page exists.</summary>
    public Task<List<FeedHead>> HeadsAsync(FeedScope scope, int page, CancellationToken cancellationToken) =>
        InScope(scope).OrderByDescending(a => a.PublishAt).ThenByDescending(a => a.Id)
            .Skip((page - 1) * PerPage).Take(PerPage + 1)
            .Select(a => new FeedHead(a.Id, a.UpdatedAt, a.Version)).ToListAsync(cancellationToken);

    public async Task<Dictionary<int, FeedEntryTerms>> TermsAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken)
    {
        var rows = await db.Articles.Where(a => ids.Contains(a.Id)).Select(a => new
        {
            a.Id,
            Authors = a.Authors.OrderBy(x => x.Position).Select(x => new Byline(x.User.Id, x.User.DisplayName, x.User.Slug)).ToList(),
            Categories = a.Categories.OrderBy(c => c.SortOrder).ThenBy(c => c.Id).Select(c => c.Name).ToList(),
            Tags = a.Tags.OrderBy(t => t.Name).Select(t => t.Name).ToList(),
        }).AsSplitQuery().ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => new FeedEntryTerms(r.Authors, r.Categories, r.Tags));
    }

    public IAsyncEnumerable<FeedEntry> EntriesAsync(IReadOnlyCollection<int> ids) =>
        Live.Where(a => ids.Contains(a.Id)).OrderByDescending(a => a.PublishAt).ThenByDescending(a => a.Id)
            .Select(a => new FeedEntry(a.Id, a.Headline, a.Slug, a.Excerpt, a.Body, a.FeaturedImageUrl, a.FeaturedImageAlt, a.PublishAt!.Value, a.UpdatedAt))
            .AsAsyncEnumerable();
}
