using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Web.Features.Accounts;

namespace Nashir.Web.Areas.Admin.Pages;

/// <summary>
/// An invitation link, opened by the invitee (anonymous): they choose the name readers see and a password, then are
/// signed in. A dead link (expired, used, revoked, forged) gets a page saying so, and changes nothing.
/// </summary>
[AllowAnonymous]
public sealed class InvitationModel(Invitations invitations, SignInManager<NashirUser> signIn) : PageModel
{
    public sealed class AcceptInput
    {
        public string DisplayName { get; set; } = "";
        public string Password { get; set; } = "";
        public string PasswordConfirmation { get; set; } = "";
    }

    [BindProperty] public AcceptInput Input { get; set; } = new();

    public Invitation? Invitation { get; private set; }
    public InvitationProblem? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? token, CancellationToken cancellationToken)
    {
        KeepTokenPrivate();
        var check = await invitations.CheckAsync(token, cancellationToken);
        if (check.Problem is { } problem) return Dead(problem);
        Invitation = check.Invitation;
        Input.DisplayName = check.SuggestedName ?? "";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? token, CancellationToken cancellationToken)
    {
        KeepTokenPrivate();
        var result = await invitations.AcceptAsync(token, Input.DisplayName, Input.Password, Input.PasswordConfirmation, cancellationToken);
        if (result.Problem is { } problem) return Dead(problem);
        if (result.User is { } user)
        {
            await signIn.SignInAsync(user, isPersistent: false);
            TempData["Flash"] = $"أهلًا بك يا {user.DisplayName}: انضممت إلى غرفة التحرير.";
            return LocalRedirect("/admin");
        }
        foreach (var (field, message) in result.Errors) ModelState.AddModelError($"Input.{field}", message);
        Invitation = (await invitations.CheckAsync(token, cancellationToken)).Invitation;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public static string ProblemText(InvitationProblem problem) => problem switch
    {
        InvitationProblem.Expired => "انتهت صلاحية رابط الدعوة هذا. اطلب من مدير الموقع أن يعيد إرسال الدعوة.",
        InvitationProblem.Used => "استُخدم رابط الدعوة هذا من قبل: يعمل الرابط مرة واحدة. إن كان لك حساب فسجّل الدخول.",
        InvitationProblem.Revoked => "أُلغيت هذه الدعوة أو استُبدلت بدعوة أحدث. اطلب من مدير الموقع دعوة جديدة.",
        _ => "رابط الدعوة هذا غير صحيح. تأكد من نسخه كاملًا، أو اطلب من مدير الموقع دعوة جديدة.",
    };

    private PageResult Dead(InvitationProblem problem)
    {
        Problem = problem;
        Response.StatusCode = problem == InvitationProblem.Unknown ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
        return Page();
    }

    /// <summary>The token is in the address: no other site may see it in a Referer header.</summary>
    private void KeepTokenPrivate() => Response.Headers["Referrer-Policy"] = "no-referrer";
}
