using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.StaticPages;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Areas.Admin.Pages.StaticPages;

/// <summary>Static pages (editors and admins): the list, with publish, unpublish and delete.</summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Editor}")]
public sealed class IndexModel(NashirDb db, PageEditor editor) : PageModel
{
    public sealed record PageRow(int Id, string Title, string Slug, bool Published, int MenuOrder, DateTime UpdatedAt);

    public IReadOnlyList<PageRow> StaticPages { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        StaticPages = await db.StaticPages.OrderBy(p => p.MenuOrder).ThenBy(p => p.Id)
            .Select(p => new PageRow(p.Id, p.Title, p.Slug, p.Published, p.MenuOrder, p.UpdatedAt))
                .ToListAsync(cancellationToken);

    public async Task<IActionResult> OnPostPublishAsync(int id, bool published, CancellationToken cancellationToken)
    {
        if (await editor.PublishAsync(id, published, cancellationToken)) TempData["Flash"] =
            published ? "نُشرت الصفحة." : "أُلغي نشر الصفحة.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken)
    {
        TempData["Flash"] = await editor.DeleteAsync(id, cancellationToken) ? "حُذفت الصفحة." : "الصفحة غير موجودة.";
        return RedirectToPage();
    }
}
