using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.StaticPages;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Areas.Admin.Pages.StaticPages;

/// <summary>Writes one static page (/admin/pages/new, /admin/pages/{id}) with the articles' body editor and
/// sanitizer.</summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Editor}")]
public sealed class EditModel(NashirDb db, PageEditor editor) : PageModel
{
    public sealed class PageForm
    {
        public string? Title { get; set; }
        public string? Slug { get; set; }
        public string? Body { get; set; }
        public bool Published { get; set; }
        public int MenuOrder { get; set; }
    }

    [BindProperty] public PageForm Input { get; set; } = new();
    public int? Id { get; private set; }
    public bool IsPublished { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken cancellationToken)
    {
        Id = id;
        if (id is null) return Page();
        var page = await db.StaticPages.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (page is null) return NotFound();
        IsPublished = page.Published;
        Input = new PageForm { Title = page.Title, Slug = page.Slug, Body = page.Body, Published = page.Published,
            MenuOrder = page.MenuOrder };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken cancellationToken)
    {
        var (savedId, errors) = await editor.SaveAsync(id, new PageInput(Input.Title, Input.Slug, Input.Body,
            Input.Published, Input.MenuOrder), cancellationToken);
        if (errors.Count == 0)
        {
            TempData["Flash"] = Input.Published ? "حُفظت الصفحة وهي منشورة." : "حُفظت الصفحة مسودةً.";
            return Redirect($"/admin/pages/{savedId}");
        }
        foreach (var (field, message) in errors) ModelState.AddModelError(field == "Id" ? "" : $"Input.{field}",
            message);
        Id = id;
        IsPublished = id is not null && await db.StaticPages.AnyAsync(p => p.Id == id && p.Published,
            cancellationToken);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
