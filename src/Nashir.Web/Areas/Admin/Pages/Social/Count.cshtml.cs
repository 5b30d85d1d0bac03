using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Web.Features.Social;

namespace Nashir.Web.Areas.Admin.Pages.Social;

/// <summary>
/// The editor's live character count for a custom social text, by the network's own rules (the server's
/// SocialLength, so the browser never re-implements them). Staff only (admin area) and anti-forgery protected (POST).
/// </summary>
public sealed class CountModel : PageModel
{
    public IActionResult OnGet() => NotFound();

    public IActionResult OnPost(string? network, string? text, string? title, string? permalink)
    {
        if (network is null || !SocialNetworks.All.Contains(network))
            return BadRequest(new { error = $"شبكة غير معروفة. الشبكات: {string.Join("، ", SocialNetworks.All)}." });
        var (count, limit, preview) = SocialLength.Count(network, text ?? "", title ?? "", permalink ?? "");
        return new JsonResult(new { count, limit, over = count > limit, preview, error = SocialTemplate.Validate(text ?? "") is { } e && (text ?? "").Length > 0 ? e : null });
    }
}
