using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Feeds;
using Nashir.Web.Features.FrontPage;
using Nashir.Web.Platform.Caching;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Pages;

/// <summary>The archive of one category, tag or author: /category/{slug}, /tag/{slug}, /author/{slug}.</summary>
[OutputCache(PolicyName = CachingSetup.ListingPages)]
public sealed class ArchiveModel(
    PublicArticles articles, FrontPageSlots frontPage, AuthorProfiles profiles, IOptions<NashirOptions> options) : PageModel
{
    public ArchiveView Archive { get; private set; } = null!;
    public FeedScope Feed { get; private set; } = FeedScope.Site;

    /// <summary>A section's pinned lead and featured stories, above page 1 of its archive.</summary>
    public SectionFront Pinned { get; private set; } = SectionFront.Empty;
    public string CanonicalUrl => options.Value.Site.Url.TrimEnd('/') + Archive.PageUrl(Archive.Articles.Page);

    // [FromQuery]: "page" is also Razor Pages' route value (the page's name), which model binding would read first.
    public async Task<IActionResult> OnGetAsync(string kind, string slug, CancellationToken cancellationToken, [FromQuery] int page = 1)
    {
        if (page < 1) return NotFound();
        switch (kind)
        {
            case "category" when await articles.CategoryAsync(slug, cancellationToken) is { } category:
                Feed = new FeedScope(FeedScopeKind.Category, category.Slug, category.Name);
                Archive = new ArchiveView("قسم", category.Name, ArticleUrls.Category(category.Slug), await articles.InCategoryAsync(slug, page, cancellationToken))
                {
                    Description = category.Description,
                };
                if (page == 1) Pinned = await frontPage.SectionAsync(category.Slug, cancellationToken);
                break;
            case "tag" when await articles.TagAsync(slug, cancellationToken) is { } tag:
                Feed = new FeedScope(FeedScopeKind.Tag, tag.Slug, tag.Name);
                Archive = new ArchiveView("وسم", tag.Name, ArticleUrls.Tag(tag.Slug), await articles.TaggedAsync(slug, page, cancellationToken))
                {
                    Description = tag.Description,
                };
                break;
            case "author" when await articles.AuthorAsync(slug, cancellationToken) is { } author:
                Feed = new FeedScope(FeedScopeKind.Author, author.Slug, author.Name);
                Archive = new ArchiveView("الكاتب", author.Name, ArticleUrls.Author(author.Slug), await articles.ByAuthorAsync(author.Id, page, cancellationToken))
                {
                    Author = await profiles.PublicAsync(author.Id, cancellationToken),
                };
                break;
            default:
                return NotFound();
        }
        return Archive.IsOutOfRange ? NotFound() : Page();
    }
}
