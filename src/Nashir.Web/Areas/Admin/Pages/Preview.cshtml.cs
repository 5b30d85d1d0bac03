using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Pages;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Areas.Admin.Pages;

/// <summary>The article exactly as readers will see it, whatever its status. Not counted as a read.</summary>
public sealed class PreviewModel(NashirDb db, PublicArticles articles) : PageModel
{
    public ArticleDisplay Display { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var stored = await db.Articles.Include(a => a.Authors).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (stored is null) return NotFound();
        if (!ArticlePermissions.CanEdit(Actor.From(User)!, stored) && !Actor.From(User)!.IsEditor) return Forbid();
        var article = (await articles.FindAsync(id, includeUnpublished: true, cancellationToken))!;
        Display = new ArticleDisplay(article, article.ReadCount, IsPreview: true);
        return Page();
    }
}
