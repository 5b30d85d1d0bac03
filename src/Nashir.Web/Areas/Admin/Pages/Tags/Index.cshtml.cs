using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Sections;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Areas.Admin.Pages.Tags;

/// <summary>Tags (editors and admins): find one, rename or describe it, merge duplicates.</summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Editor}")]
public sealed class IndexModel(NashirDb db, TagDesk desk) : PageModel
{
    /// <summary>A site can have thousands of tags: the screen lists the most used, or those matching a
    /// search.</summary>
    public const int ListSize = 100;

    public sealed class TagInput
    {
        public string? Name { get; set; }
        public string? Slug { get; set; }
        public string? Description { get; set; }
    }

    public sealed record TagRow(int Id, string Name, string Slug, string? Description, int Articles);

    [BindProperty] public TagInput Input { get; set; } = new();
    public IReadOnlyList<TagRow> Tags { get; private set; } = [];
    public TagRow? Editing { get; private set; }
    public string? Query { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? edit, string? q, CancellationToken cancellationToken)
    {
        await LoadAsync(edit, q, cancellationToken);
        if (edit is not null && Editing is null) return NotFound();
        if (Editing is { } tag) Input = new TagInput { Name = tag.Name, Slug = tag.Slug, Description =
            tag.Description };
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken) =>
        await AnswerAsync(null, await desk.CreateAsync(Term(), cancellationToken), "أُنشئ الوسم.", cancellationToken);

    public async Task<IActionResult> OnPostUpdateAsync(int id, CancellationToken cancellationToken) =>
        await AnswerAsync(id, await desk.UpdateAsync(id, Term(), cancellationToken), "حُفظ الوسم.", cancellationToken);

    public async Task<IActionResult> OnPostMergeAsync(int id, int? targetId, CancellationToken cancellationToken) =>
        await AnswerAsync(id, await desk.MergeAsync(id, targetId, cancellationToken), "دُمج الوسم ونُقلت مقالاته.",
            cancellationToken);

    private TermInput Term() => new(Input.Name, Input.Slug, Input.Description);

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
        await LoadAsync(id, null, cancellationToken);
        return Page();
    }

    private async Task LoadAsync(int? edit, string? q, CancellationToken cancellationToken)
    {
        Query = Platform.Text.UserText.CleanLine(q);
        var tags = db.Tags.AsQueryable();
        if (Query.Length > 0) tags = tags.Where(t => t.Name.Contains(Query) || t.Slug.Contains(Query));
        var rows = await tags.OrderByDescending(t => t.Articles.Count).ThenBy(t => t.Name).Take(ListSize)
            .Select(t => new TagRow(t.Id, t.Name, t.Slug, t.Description, t.Articles.Count))
                .ToListAsync(cancellationToken);
        // The tag being edited is shown even when it is not among the most used.
        if (edit is not null && rows.All(r => r.Id != edit))
            rows.AddRange(await db.Tags.Where(t => t.Id == edit).Select(t => new TagRow(t.Id, t.Name, t.Slug,
                t.Description, t.Articles.Count)).ToListAsync(cancellationToken));
        Tags = rows;
        Editing = rows.FirstOrDefault(r => r.Id == edit);
    }
}
