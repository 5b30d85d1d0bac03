using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Web.Features.SignIn;

namespace Nashir.Web.Areas.Admin.Pages;

/// <summary>The page a reset link opens (?user=…&amp;token=…): a new password, once, while the link is valid.</summary>
public sealed class ResetPasswordModel(PasswordResets resets) : PageModel
{
    [BindProperty]
    public NewPasswordInput Input { get; set; } = new();

    public int UserId { get; private set; }
    public string Token { get; private set; } = "";
    public bool LinkWorks { get; private set; }

    public async Task<IActionResult> OnGetAsync(int user, string? token)
    {
        (UserId, Token) = (user, token ?? "");
        LinkWorks = await resets.FindValidAsync(user, token) is not null;
        if (!LinkWorks) Response.StatusCode = StatusCodes.Status410Gone;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int user, string? token)
    {
        (UserId, Token) = (user, token ?? "");
        var person = await resets.FindValidAsync(user, token);
        LinkWorks = person is not null;
        if (person is null)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
            return Page();
        }
        if (!ModelState.IsValid) return Page();
        var result = await resets.ResetAsync(person, Token, Input.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) ModelState.AddModelError("Input.NewPassword", ArabicPasswordErrors.Describe(error));
            return Page();
        }
        TempData["Flash"] = "حُفظت كلمة المرور الجديدة. سجّل الدخول بها.";
        return RedirectToPage("/Login");
    }
}
