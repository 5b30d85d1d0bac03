using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Areas.Admin.Pages.Users;

/// <summary>An author's profile: /admin/profile is one's own (any staff member); /admin/profile/{id} another's
/// (admins only, checked before anything is read or saved).</summary>
public sealed class ProfileModel(AuthorProfiles profiles, NashirDb db) : PageModel
{
    [BindProperty] public ProfileInput Input { get; set; } = new();

    public int UserId { get; private set; }
    public bool IsOwn { get; private set; }
    public string? Slug { get; private set; }
    public string? Email { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken cancellationToken)
    {
        if (Target(id) is not { } userId) return Forbid();
        if (await profiles.GetAsync(userId, cancellationToken) is not { } profile) return NotFound();
        Input = profile;
        await LoadAsync(userId, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken cancellationToken)
    {
        if (Target(id) is not { } userId) return Forbid();
        var errors = await profiles.SaveAsync(userId, Input, Actor.From(User)!, cancellationToken);
        if (errors is null) return NotFound();
        if (errors.Count > 0)
        {
            foreach (var (field, message) in errors) ModelState.AddModelError($"Input.{field}", message);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(userId, cancellationToken);
            return Page();
        }
        TempData["Flash"] = "حُفظ الملف الشخصي.";
        return Redirect(id is null ? "/admin/profile" : $"/admin/profile/{userId}");
    }

    /// <summary>Whose profile this request may touch: one's own, or anyone's for an admin; null when refused.</summary>
    private int? Target(int? id)
    {
        var actor = Actor.From(User)!;
        IsOwn = id is null || id == actor.UserId;
        UserId = id ?? actor.UserId;
        return IsOwn || actor.IsAdmin ? UserId : null;
    }

    private async Task LoadAsync(int userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.Where(u => u.Id == userId).Select(u => new { u.Slug, u.Email }).FirstAsync(cancellationToken);
        (Slug, Email) = (user.Slug, user.Email);
    }
}
