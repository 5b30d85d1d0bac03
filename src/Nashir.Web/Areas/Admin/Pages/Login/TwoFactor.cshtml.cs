using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Web.Features.SignIn;

namespace Nashir.Web.Areas.Admin.Pages.Login;

/// <summary>The second step: a code from the authenticator app, each code accepted once.</summary>
public sealed class TwoFactorLoginModel(StaffSignIn signIn) : PageModel
{
    [BindProperty, Required(ErrorMessage = "اكتب الرمز المكوّن من 6 أرقام.")]
    [StringLength(20, ErrorMessage = "الرمز 6 أرقام.")]
    public string Code { get; set; } = "";

    public string? ReturnUrl { get; private set; }
    public bool RememberMe { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl, bool rememberMe)
    {
        if (await signIn.PendingAsync() is null) return RedirectToPage("/Login");
        (ReturnUrl, RememberMe) = (returnUrl, rememberMe);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl, bool rememberMe, CancellationToken cancellationToken)
    {
        (ReturnUrl, RememberMe) = (returnUrl, rememberMe);
        if (!ModelState.IsValid) return Page();
        switch (await signIn.AuthenticatorCodeAsync(Code, rememberMe, cancellationToken))
        {
            case SignInOutcome.SignedIn:
                return LocalRedirect(LoginModel.AdminReturnUrl(Url, returnUrl));
            case SignInOutcome.NoPendingSignIn:
                TempData["Flash"] = "انتهت مهلة خطوة الرمز؛ سجّل الدخول من جديد.";
                return RedirectToPage("/Login");
            default:
                ModelState.AddModelError(nameof(Code), "الرمز غير صحيح أو استُعمل من قبل. انتظر الرمز التالي في التطبيق وأعد المحاولة.");
                Code = "";
                return Page();
        }
    }
}
