using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Web.Features.SignIn;

namespace Nashir.Web.Areas.Admin.Pages;

/// <summary>The first step: e-mail and password. With two-factor on, the code is asked next at /admin/login/two-factor.</summary>
public sealed class LoginModel(StaffSignIn signIn) : PageModel
{
    /// <summary>One answer for an unknown e-mail, a wrong password and a locked account: nobody learns which it was.</summary>
    public const string Refusal = "لم ينجح الدخول: البريد الإلكتروني أو كلمة المرور غير صحيحة. " +
        "بعد خمس محاولات خاطئة يُقفل الحساب 15 دقيقة.";

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    public string? ReturnUrl { get; private set; }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "أدخل البريد الإلكتروني."), EmailAddress(ErrorMessage = "البريد الإلكتروني غير صالح.")]
        [StringLength(256, ErrorMessage = "البريد الإلكتروني أطول من المسموح.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "أدخل كلمة المرور.")]
        [StringLength(1000, ErrorMessage = "كلمة المرور أطول من المسموح.")]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? returnUrl, CancellationToken cancellationToken)
    {
        ReturnUrl = returnUrl;
        if (!ModelState.IsValid) return Page();
        switch (await signIn.PasswordAsync(Input.Email.Trim(), Input.Password, Input.RememberMe, cancellationToken))
        {
            case SignInOutcome.SignedIn:
                return LocalRedirect(AdminReturnUrl(Url, returnUrl));
            case SignInOutcome.NeedsCode:
                return RedirectToPage("/Login/TwoFactor", new { returnUrl, rememberMe = Input.RememberMe });
            default:
                ModelState.AddModelError("", Refusal);
                return Page();
        }
    }

    /// <summary>Only a local /admin address: the sign-in form is never an open redirect.</summary>
    internal static string AdminReturnUrl(IUrlHelper url, string? returnUrl) =>
        url.IsLocalUrl(returnUrl) && returnUrl!.StartsWith("/admin", StringComparison.Ordinal) ? returnUrl : "/admin";
}
