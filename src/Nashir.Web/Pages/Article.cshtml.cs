using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Articles;
using Microsoft.AspNetCore.OutputCaching;
using Nashir.Web.Platform.Caching;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Pages;

[OutputCache(PolicyName = CachingSetup.Pages)]
public sealed class ArticleModel(PublicArticles articles, ReadCounter readCounter, IOptions<NashirOptions> options) : PageModel
{
    public ArticleView Article { get; private set; } = null!;
    public ArticleDisplay Display { get; private set; } = null!;
    public IReadOnlyList<ArticleCard> Related { get; private set; } = [];
    public string CanonicalUrl => options.Value.Site.Url.TrimEnd('/') + ArticleUrls.Path(Article.Id, Article.Slug);

    public async Task<IActionResult> OnGetAsync(int id, string? slug, CancellationToken cancellationToken)
    {
        var live = await articles.LiveArticleAsync(id, cancellationToken);
        if (live is null) return NotFound();
        // The id finds the article; a missing, old or mistyped slug is sent to the current URL.
        if (slug != live.View.Slug) return RedirectPermanent(ArticleUrls.Path(id, live.View.Slug));

        // Counted by ArticleReadsMiddleware, before the output cache, so cached views count too.
        CacheTags.Add(HttpContext, PublicPageEviction.ArticleTag(id));
        Article = live.View;
        Display = new ArticleDisplay(live.View, readCounter.Current(live.Reads), IsPreview: false);
        Related = live.Related;
        return Page();
    }
}
