using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Sections;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Areas.Admin.Pages.Sections;

/// <summary>Sections (editors and admins): the tree in menu order, a form to create or edit one, and merging.</summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Editor}")]
public sealed class IndexModel(NashirDb db, SectionDesk desk) : PageModel
{
    public sealed class SectionInput
    {
        public string? Name { get; set; }
        public string? Slug { get; set; }
        public string? Description { get; set; }
        public int? ParentId { get; set; }
        public int? SortOrder { get; set; }
    }

    /// <summary>A section in the tree: Depth 0 is in the header navigation.</summary>
    public sealed record SectionRow(int Id, string Name, string Slug, string? Description, int? ParentId,
        int SortOrder, int Depth, int Articles);

    [BindProperty] public SectionInput Input { get; set; } = new();
    public IReadOnlyList<SectionRow> Sections { get; private set; } = [];

    /// <summary>The section being edited (?edit=id), or null for the "new section" form.</summary>
    public SectionRow? Editing { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? edit, CancellationToken cancellationToken)
    {
        await LoadAsync(edit, cancellationToken);
        if (edit is not null && Editing is null) return NotFound();
        if (Editing is { } section)
            Input = new SectionInput { Name = section.Name, Slug = section.Slug, Description = section.Description,
                ParentId = section.ParentId, SortOrder = section.SortOrder };
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken) =>
        await AnswerAsync(null, await desk.CreateAsync(Term(), cancellationToken), "أُنشئ القسم.", cancellationToken);

    public async Task<IActionResult> OnPostUpdateAsync(int id, CancellationToken cancellationToken) =>
        await AnswerAsync(id, await desk.UpdateAsync(id, Term(), cancellationToken), "حُفظ القسم.", cancellationToken);

    public async Task<IActionResult> OnPostMergeAsync(int id, int? targetId, CancellationToken cancellationToken) =>
        await AnswerAsync(id, await desk.MergeAsync(id, targetId, cancellationToken), "دُمج القسم ونُقلت مقالاته.",
            cancellationToken);

    public async Task<IActionResult> OnPostMoveAsync(int id, int direction, CancellationToken cancellationToken)
    {
        await desk.MoveAsync(id, direction, cancellationToken);
        return RedirectToPage();
    }

    private TermInput Term() => new(Input.Name, Input.Slug, Input.Description, Input.ParentId, Input.SortOrder);

    private async Task<IActionResult> AnswerAsync(int? id, Dictionary<string, string> errors, string done,
        CancellationToken cancellationToken)
    {
        if (errors.Count == 0)
        {
            TempData["Flash"] = done;
            return RedirectToPage();
        }
        foreach (var (field, message) in errors) ModelState.AddModelError(field is "Id" or "TargetId" ? field : $"Input.{field}", message);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(id, cancellationToken);
        return Page();
    }

    private async Task LoadAsync(int? edit, CancellationToken cancellationToken)
    {
        var all = await db.Categories.OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.Name, c.Slug, c.Description, c.ParentId, c.SortOrder, Articles =
                c.Articles.Count })
            .ToListAsync(cancellationToken);
        var children = all.ToLookup(c => c.ParentId);
        var rows = new List<SectionRow>(all.Count);
        var seen = new HashSet<int>();
        void Add(int? parent, int depth)
        {
            foreach (var c in children[parent])
            {
                if (!seen.Add(c.Id)) continue;
                rows.Add(new SectionRow(c.Id, c.Name, c.Slug, c.Description, c.ParentId, c.SortOrder, depth,
                    c.Articles));
                Add(c.Id, depth + 1);
            }
        }
        Add(null, 0);
        Sections = rows;
        Editing = rows.FirstOrDefault(r => r.Id == edit);
    }
}
