using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.SignIn;

namespace Nashir.Web.Areas.Admin.Pages.Account;

/// <summary>Every staff member changes their own password (the folder's staff policy is checked before this runs).</summary>
public sealed class PasswordModel(UserManager<NashirUser> users, AccountSecurity security) : PageModel
{
    [BindProperty, Required(ErrorMessage = "اكتب كلمة المرور الحالية.")]
    [StringLength(1000, ErrorMessage = "كلمة المرور أطول من المسموح.")]
    public string CurrentPassword { get; set; } = "";

    [BindProperty]
    public NewPasswordInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Invalid();
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        var result = await security.ChangePasswordAsync(user, CurrentPassword, Input.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var field = error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? nameof(CurrentPassword) : "Input.NewPassword";
                ModelState.AddModelError(field, ArabicPasswordErrors.Describe(error));
            }
            return Invalid();
        }
        TempData["Flash"] = "تغيّرت كلمة المرور، وانتهت جلساتك على الأجهزة الأخرى.";
        return RedirectToPage("/Account/Index");
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
