using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.FrontPage;
using Microsoft.AspNetCore.OutputCaching;
using Nashir.Web.Platform.Caching;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Pages;

[OutputCache(PolicyName = CachingSetup.ListingPages)]
public sealed class IndexModel(PublicArticles articles, FrontPageSlots frontPage, IOptions<NashirOptions> options) : PageModel
{
    /// <summary>The pinned lead (else the newest), the featured slots, then the newest of the rest.</summary>
    public IReadOnlyList<ArticleCard> Latest { get; private set; } = [];
    public IReadOnlyList<HomeSection> Sections { get; private set; } = [];
    public string SiteName => options.Value.Site.Name;
    public string SiteUrl => options.Value.Site.Url.TrimEnd('/');

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Latest = await frontPage.HomeAsync(11, cancellationToken);
        Sections = await articles.SectionsAsync(4, cancellationToken);
    }
}
