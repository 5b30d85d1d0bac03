using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Web.Features.Accounts;

namespace Nashir.Web.Areas.Admin.Pages;

public sealed class LoginModel(SignInManager<NashirUser> signIn) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    public string? ReturnUrl { get; private set; }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "أدخل البريد الإلكتروني."), EmailAddress(ErrorMessage = "البريد الإلكتروني غير صالح.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "أدخل كلمة المرور.")]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        if (!ModelState.IsValid) return Page();
        var result = await signIn.PasswordSignInAsync(Input.Email, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
            return LocalRedirect(Url.IsLocalUrl(returnUrl) && returnUrl!.StartsWith("/admin", StringComparison.Ordinal) ? returnUrl : "/admin");
        ModelState.AddModelError("", result.IsLockedOut
            ? "أُغلق الحساب مؤقتًا بعد محاولات دخول فاشلة متكررة. حاول مجددًا بعد 15 دقيقة."
            : "البريد الإلكتروني أو كلمة المرور غير صحيحة.");
        return Page();
    }
}
