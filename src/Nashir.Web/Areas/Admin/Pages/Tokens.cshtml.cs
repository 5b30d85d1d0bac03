using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Areas.Admin.Pages;

/// <summary>API tokens for automation. Admins only: a token acts with its owner's rights.</summary>
[Authorize(Policy = AccountsSetup.AdminPolicy)]
public sealed class TokensModel(NashirDb db, ApiTokens tokens) : PageModel
{
    public sealed record TokenRow(int Id, string Name, string Owner, DateTime CreatedAt, DateTime? RevokedAt);

    public IReadOnlyList<TokenRow> Tokens { get; private set; } = [];
    public string? NewSecret { get; private set; }
    public string? Name { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(string? name, CancellationToken cancellationToken)
    {
        var clean = UserText.CleanLine(name);
        if (clean.Length is 0 or > 100)
        {
            ModelState.AddModelError(nameof(Name), "اكتب اسمًا للمفتاح (حتى 100 حرف).");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        else
        {
            (_, NewSecret) = await tokens.CreateAsync(Actor.From(User)!.UserId, clean, cancellationToken);
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken cancellationToken)
    {
        TempData["Flash"] = await tokens.RevokeAsync(id, cancellationToken) ? "أُلغي المفتاح." : "المفتاح غير موجود أو ملغى من قبل.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Tokens = await db.ApiTokens.OrderByDescending(t => t.CreatedAt)
            .Select(t => new TokenRow(t.Id, t.Name, t.User.DisplayName, t.CreatedAt, t.RevokedAt)).ToListAsync(cancellationToken);
}
