using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Web.Features.SignIn;

namespace Nashir.Web.Areas.Admin.Pages.Login;

/// <summary>The second step without the phone: one of the ten recovery codes, each usable once.</summary>
public sealed class RecoveryCodeLoginModel(StaffSignIn signIn) : PageModel
{
    [BindProperty, Required(ErrorMessage = "اكتب رمز الاسترداد.")]
    [StringLength(40, ErrorMessage = "رمز الاسترداد أطول من المعتاد.")]
    public string RecoveryCode { get; set; } = "";

    public string? ReturnUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        if (await signIn.PendingAsync() is null) return RedirectToPage("/Login");
        ReturnUrl = returnUrl;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl, CancellationToken cancellationToken)
    {
        ReturnUrl = returnUrl;
        if (!ModelState.IsValid) return Page();
        switch (await signIn.RecoveryCodeAsync(RecoveryCode, cancellationToken))
        {
            case SignInOutcome.SignedIn:
                TempData["Flash"] = "دخلت برمز استرداد، ولن يعمل هذا الرمز مرة أخرى. راجع رموزك من «حسابي».";
                return LocalRedirect(LoginModel.AdminReturnUrl(Url, returnUrl));
            case SignInOutcome.NoPendingSignIn:
                TempData["Flash"] = "انتهت مهلة خطوة الرمز؛ سجّل الدخول من جديد.";
                return RedirectToPage("/Login");
            default:
                ModelState.AddModelError(nameof(RecoveryCode), "رمز الاسترداد غير صحيح أو استُعمل من قبل.");
                RecoveryCode = "";
                return Page();
        }
    }
}
