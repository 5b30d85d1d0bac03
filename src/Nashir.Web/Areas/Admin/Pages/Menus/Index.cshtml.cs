using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Menus;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Areas.Admin.Pages.Menus;

/// <summary>The header and footer menus (editors and admins): entries in order, broken ones marked, a form to
/// add.</summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Editor}")]
public sealed class IndexModel(NashirDb db, SiteNavigation navigation, MenuDesk desk) : PageModel
{
    public sealed class ItemForm
    {
        public string? Menu { get; set; } = Features.Menus.Menus.Header;
        public string? Kind { get; set; } = MenuKinds.Section;
        public int? SectionId { get; set; }
        public int? PageId { get; set; }
        public string? Url { get; set; }
        public string? Label { get; set; }
    }

    public sealed record Choice(int Id, string Name);

    [BindProperty] public ItemForm Input { get; set; } = new();
    public IReadOnlyDictionary<string, IReadOnlyList<MenuEntry>> Entries { get; private set; } = new Dictionary<string,
        IReadOnlyList<MenuEntry>>();
    public IReadOnlyList<Choice> SectionChoices { get; private set; } = [];
    public IReadOnlyList<Choice> PageChoices { get; private set; } = [];

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var errors = await desk.AddAsync(new MenuItemInput(Input.Menu, Input.Kind, Input.SectionId, Input.PageId,
            Input.Url, Input.Label), cancellationToken);
        if (errors.Count == 0)
        {
            TempData["Flash"] = "أُضيف العنصر إلى القائمة.";
            return RedirectToPage();
        }
        foreach (var (field, message) in errors) ModelState.AddModelError($"Input.{field}", message);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostMoveAsync(int id, int direction, CancellationToken cancellationToken)
    {
        await desk.MoveAsync(id, direction, cancellationToken);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, CancellationToken cancellationToken)
    {
        TempData["Flash"] = await desk.RemoveAsync(id,
            cancellationToken) ? "حُذف العنصر من القائمة." : "العنصر غير موجود.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, IReadOnlyList<MenuEntry>>();
        foreach (var menu in Features.Menus.Menus.All) entries[menu] = await navigation.EntriesAsync(menu,
            cancellationToken);
        Entries = entries;
        SectionChoices = await db.Categories.OrderBy(c => c.ParentId != null).ThenBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new Choice(c.Id, c.Name)).ToListAsync(cancellationToken);
        PageChoices = await db.StaticPages.Where(p => p.Published).OrderBy(p => p.MenuOrder).ThenBy(p => p.Id)
            .Select(p => new Choice(p.Id, p.Title)).ToListAsync(cancellationToken);
    }
}
