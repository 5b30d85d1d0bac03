using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Comments;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Areas.Admin.Pages.Comments;

/// <summary>Admins export or erase every comment of one email address.</summary>
[Authorize(Policy = AccountsSetup.AdminPolicy)]
public sealed class CommentPrivacyModel(CommentPrivacy privacy) : PageModel
{
    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    [BindProperty]
    public string? Email { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostExportAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Email)) return Invalid();
        var comments = await privacy.ExportAsync(Email, cancellationToken);
        return File(JsonSerializer.SerializeToUtf8Bytes(comments, ExportJson),
            "application/json", "comments-export.json");
    }

    public async Task<IActionResult> OnPostEraseAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Email)) return Invalid();
        var erased = await privacy.EraseAsync(Email, cancellationToken);
        TempData["Flash"] = erased == 0
            ? "لا تعليقات لهذا البريد."
            : $"مُحي {ArabicPlural.Count(erased, ArabicPlural.Comments)} لهذا البريد.";
        return LocalRedirect("/admin/comments/privacy");
    }

    private PageResult Invalid()
    {
        ModelState.AddModelError(nameof(Email), "اكتب عنوان البريد.");
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
