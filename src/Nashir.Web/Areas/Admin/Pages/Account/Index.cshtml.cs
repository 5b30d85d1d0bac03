using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.SignIn;

namespace Nashir.Web.Areas.Admin.Pages.Account;

/// <summary>The signed-in person's sign-in security at a glance: password and two-factor status.</summary>
public sealed class AccountModel(UserManager<NashirUser> users, AccountSecurity security) : PageModel
{
    public string Email { get; private set; } = "";
    public bool TwoFactorEnabled { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public bool Required { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        Email = user.Email ?? "";
        TwoFactorEnabled = user.TwoFactorEnabled;
        if (TwoFactorEnabled) RecoveryCodesLeft = await security.RecoveryCodesLeftAsync(user);
        Required = await security.IsRequiredForAsync(user, cancellationToken);
        return Page();
    }
}
