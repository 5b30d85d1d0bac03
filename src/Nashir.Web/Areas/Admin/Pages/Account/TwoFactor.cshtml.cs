using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.SignIn;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Areas.Admin.Pages.Account;

/// <summary>
/// Sets up the authenticator app (QR code and key, then a first code turns two-factor on and shows the ten
/// recovery codes once), makes new recovery codes, turns it off. Every change asks for a current code.
/// </summary>
public sealed class TwoFactorModel(UserManager<NashirUser> users, AccountSecurity security, IOptions<NashirOptions> site) : PageModel
{
    [BindProperty, Required(ErrorMessage = "اكتب الرمز المكوّن من 6 أرقام.")]
    [StringLength(20, ErrorMessage = "الرمز 6 أرقام.")]
    public string Code { get; set; } = "";

    public bool Enabled { get; private set; }
    public bool Required { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public string FormattedKey { get; private set; } = "";
    public string QrDataUri { get; private set; } = "";
    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }

    /// <summary>Which of the two forms of an enabled account the error belongs to.</summary>
    public string? FailedForm { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await users.GetUserAsync(User) is { } user ? await ShowAsync(user, cancellationToken) : Challenge();

    public async Task<IActionResult> OnPostEnableAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (user.TwoFactorEnabled) return RedirectToPage();
        if (ModelState.IsValid)
        {
            NewRecoveryCodes = await security.EnableTwoFactorAsync(user, Code);
            if (NewRecoveryCodes is not null) return await ShowAsync(user, cancellationToken);
            ModelState.AddModelError(nameof(Code), WrongCode);
        }
        return await InvalidAsync(user, null, cancellationToken);
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (ModelState.IsValid)
        {
            NewRecoveryCodes = await security.NewRecoveryCodesAsync(user, Code);
            if (NewRecoveryCodes is not null) return await ShowAsync(user, cancellationToken);
            ModelState.AddModelError(nameof(Code), WrongCode);
        }
        return await InvalidAsync(user, "RecoveryCodes", cancellationToken);
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (await security.IsRequiredForAsync(user, cancellationToken))
        {
            ModelState.AddModelError(nameof(Code), "لا يمكن إيقافه: يشترطه الموقع للمحررين والمديرين.");
            return await InvalidAsync(user, "Disable", cancellationToken);
        }
        if (ModelState.IsValid)
        {
            if (await security.DisableTwoFactorAsync(user, Code, cancellationToken))
            {
                TempData["Flash"] = "أُوقف الدخول بخطوتين.";
                return RedirectToPage("/Account/Index");
            }
            ModelState.AddModelError(nameof(Code), WrongCode);
        }
        return await InvalidAsync(user, "Disable", cancellationToken);
    }

    private const string WrongCode = "الرمز غير صحيح أو استُعمل من قبل. انتظر الرمز التالي في التطبيق وأعد المحاولة.";

    private async Task<IActionResult> InvalidAsync(NashirUser user, string? form, CancellationToken cancellationToken)
    {
        FailedForm = form;
        Code = "";
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await ShowAsync(user, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(NashirUser user, CancellationToken cancellationToken)
    {
        Enabled = user.TwoFactorEnabled;
        Required = await security.IsRequiredForAsync(user, cancellationToken);
        if (Enabled)
        {
            RecoveryCodesLeft = await security.RecoveryCodesLeftAsync(user);
            return Page();
        }
        var key = await security.PendingKeyAsync(user);
        FormattedKey = AccountSecurity.FormatKey(key);
        QrDataUri = AuthenticatorQr.SvgDataUri(AuthenticatorQr.Uri(site.Value.Site.Name, user.Email ?? user.UserName ?? "", key));
        return Page();
    }
}
