using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Nashir.Web.Features.StaticPages;
using Nashir.Web.Platform.Caching;

namespace Nashir.Web.Pages;

[OutputCache(PolicyName = CachingSetup.Pages)]
public sealed class StaticPageModel(PageDirectory pages) : PageModel
{
    public StaticPage Shown { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var page = await pages.FindAsync(slug, cancellationToken);
        if (page is null) return NotFound();
        Shown = page;
        return Page();
    }
}
