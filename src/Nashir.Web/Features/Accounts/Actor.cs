using System.Security.Claims;

namespace Nashir.Web.Features.Accounts;

/// <summary>The signed-in person (or API token owner) behind a change, with their strongest role.</summary>
public sealed record Actor(int UserId, string DisplayName, string Role)
{
    public bool IsEditor => Role is Roles.Admin or Roles.Editor;
    public bool IsAdmin => Role == Roles.Admin;
    public bool CanPublish => Role is Roles.Admin or Roles.Editor or Roles.Author;

    public static Actor? From(ClaimsPrincipal principal)
    {
        if (!int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) return null;
        var role = Roles.All.FirstOrDefault(principal.IsInRole);
        if (role is null) return null;
        return new Actor(id, principal.FindFirstValue(NashirClaims.DisplayName) ?? principal.Identity?.Name ?? "", role);
    }
}

public static class NashirClaims
{
    public const string DisplayName = "nashir:display_name";
}
