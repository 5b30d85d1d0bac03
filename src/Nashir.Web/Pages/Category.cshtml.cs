using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Feeds;
using Microsoft.AspNetCore.OutputCaching;
using Nashir.Web.Platform.Caching;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Pages;

[OutputCache(PolicyName = CachingSetup.ListingPages)]
public sealed class CategoryModel(PublicArticles articles, IOptions<NashirOptions> options) : PageModel
{
    public ArchiveView Archive { get; private set; } = null!;
    public FeedScope Feed { get; private set; } = FeedScope.Site;
    public string CanonicalUrl => options.Value.Site.Url.TrimEnd('/') + Archive.PageUrl(Archive.Articles.Page);

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken, int page = 1)
    {
        var term = await articles.CategoryAsync(slug, cancellationToken);
        if (term is null || page < 1) return NotFound();
        Feed = new FeedScope(FeedScopeKind.Category, term.Slug, term.Name);
        Archive = new ArchiveView("قسم", term.Name, ArticleUrls.Category(term.Slug), await articles.InCategoryAsync(slug, page, cancellationToken));
        return Archive.IsOutOfRange ? NotFound() : Page();
    }
}
