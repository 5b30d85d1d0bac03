using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Web.Features.Accounts;

namespace Nashir.Web.Areas.Admin.Pages.Users;

/// <summary>
/// The newsroom's people (admins only; the policy is checked before any handler runs): the list, invitations (sent,
/// resent, revoked; imported authors invited onto their accounts), roles, disabling and enabling.
/// </summary>
[Authorize(Policy = AccountsSetup.AdminPolicy)]
public sealed class IndexModel(StaffRoster roster, Invitations invitations) : PageModel
{
    public sealed class InviteInput
    {
        public string Email { get; set; } = "";
        public string Role { get; set; } = Roles.Author;

        /// <summary>An imported author's account that accepting completes.</summary>
        public int? UserId { get; set; }
    }

    [BindProperty] public InviteInput Invite { get; set; } = new();

    public IReadOnlyList<StaffRow> Rows { get; private set; } = [];

    /// <summary>A link just made: shown once, on this answer only.</summary>
    public InvitationSent? Sent { get; private set; }

    /// <summary>Why a change was refused (nothing changed).</summary>
    public string? Refusal { get; private set; }

    /// <summary>The imported author the invite form is for (?invite=id), if any.</summary>
    public StaffRow? Inviting { get; private set; }

    public int Me => Actor.From(User)!.UserId;

    public async Task OnGetAsync(int? invite, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (invite is { } id && Rows.FirstOrDefault(r => r.UserId == id && r.Standing != StaffStanding.Active && r.Standing != StaffStanding.Disabled) is { } row)
        {
            Inviting = row;
            Invite = new InviteInput
            {
                UserId = id,
                Email = row.Email.EndsWith(".invalid", StringComparison.Ordinal) ? "" : row.Email,
                Role = row.Role.Length > 0 ? row.Role : Roles.Author,
            };
        }
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        var result = await invitations.InviteAsync(Invite.Email, Invite.Role, Invite.UserId, Actor.From(User), null, cancellationToken);
        if (result.Sent is null)
        {
            ModelState.AddModelError(result.Field == "role" ? "Invite.Role" : "Invite.Email", result.Error!);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        else
        {
            Sent = result.Sent;
            Invite = new InviteInput();
        }
        await LoadAsync(cancellationToken);
        if (result.Sent is null && Invite.UserId is { } id) Inviting = Rows.FirstOrDefault(r => r.UserId == id);
        return Page();
    }

    public async Task<IActionResult> OnPostResendAsync(int id, CancellationToken cancellationToken)
    {
        Sent = await invitations.ResendAsync(id, Actor.From(User), null, cancellationToken);
        if (Sent is null) return await RefusedAsync("الدعوة غير موجودة، أو قُبلت أو أُلغيت من قبل.", StatusCodes.Status404NotFound, cancellationToken);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken cancellationToken)
    {
        if (!await invitations.RevokeAsync(id, Actor.From(User), null, cancellationToken))
            return await RefusedAsync("الدعوة غير موجودة، أو قُبلت أو أُلغيت من قبل.", StatusCodes.Status404NotFound, cancellationToken);
        TempData["Flash"] = "أُلغيت الدعوة: رابطها لم يعد يعمل.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRoleAsync(int id, string? role, CancellationToken cancellationToken) =>
        await ApplyAsync(await roster.ChangeRoleAsync(id, role, Actor.From(User), null, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostDisableAsync(int id, CancellationToken cancellationToken) =>
        await ApplyAsync(await roster.DisableAsync(id, Actor.From(User), null, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostEnableAsync(int id, CancellationToken cancellationToken) =>
        await ApplyAsync(await roster.EnableAsync(id, Actor.From(User), null, cancellationToken), cancellationToken);

    public static string MailNote(InvitationMailResult mail) => mail switch
    {
        InvitationMailResult.Sent => "وأُرسل إلى بريده.",
        InvitationMailResult.Failed => "تعذّر إرساله بالبريد: أرسله إليه بنفسك.",
        _ => "البريد غير مُعدّ في هذا الموقع: أرسله إليه بنفسك.",
    };

    private async Task<IActionResult> ApplyAsync(StaffResult result, CancellationToken cancellationToken)
    {
        if (!result.Succeeded) return await RefusedAsync(result.Message, StatusCodes.Status409Conflict, cancellationToken);
        TempData["Flash"] = result.Message;
        return RedirectToPage();
    }

    private async Task<IActionResult> RefusedAsync(string message, int status, CancellationToken cancellationToken)
    {
        Refusal = message;
        Response.StatusCode = status;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) => Rows = await roster.ListAsync(cancellationToken);
}
