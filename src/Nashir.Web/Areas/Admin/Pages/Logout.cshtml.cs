using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Web.Features.SignIn;

namespace Nashir.Web.Areas.Admin.Pages;

public sealed class LogoutModel(StaffSignIn signIn) : PageModel
{
    public IActionResult OnGet() => Redirect("/admin");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await signIn.SignOutAsync(cancellationToken);
        return Redirect("/admin/login");
    }
}
