using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Settings;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Areas.Admin.Pages;

/// <summary>Site-wide sign-in rules. Admins only (checked by the policy before any handler runs); changes are audited.</summary>
[Authorize(Policy = AccountsSetup.AdminPolicy)]
public sealed class SecuritySettingsModel(SiteSettings settings, NashirDb db) : PageModel
{
    public sealed record Person(string DisplayName, string? Email, string Role);

    [BindProperty]
    public bool RequireTwoFactor { get; set; }

    public IReadOnlyList<Person> WithoutTwoFactor { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        RequireTwoFactor = await settings.GetFlagAsync(SettingKeys.RequireTwoFactorForEditors, cancellationToken);
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var changed = await settings.SetFlagAsync(SettingKeys.RequireTwoFactorForEditors, RequireTwoFactor,
            "اشتراط الدخول بخطوتين للمحررين والمديرين", cancellationToken);
        TempData["Flash"] = !changed ? "لم يتغير شيء." : RequireTwoFactor
            ? "صار الدخول بخطوتين شرطًا للمحررين والمديرين."
            : "لم يعد الدخول بخطوتين شرطًا.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        string[] obliged = [Roles.Admin, Roles.Editor];
        var rows = await db.UserRoles
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, Role = r.Name! })
            .Where(x => obliged.Contains(x.Role))
            .Join(db.Users, x => x.UserId, u => u.Id, (x, u) => new { u.Id, u.DisplayName, u.Email, u.TwoFactorEnabled, x.Role })
            .Where(x => !x.TwoFactorEnabled)
            .OrderBy(x => x.DisplayName)
            .ToListAsync(cancellationToken);
        WithoutTwoFactor = rows.GroupBy(x => x.Id)
            .Select(g => new Person(g.First().DisplayName, g.First().Email, g.Any(x => x.Role == Roles.Admin) ? Roles.Admin : Roles.Editor))
            .ToList();
    }
}
