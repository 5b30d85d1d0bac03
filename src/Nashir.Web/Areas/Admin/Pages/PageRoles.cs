using Nashir.Web.Features.Accounts;

namespace Nashir.Web.Areas.Admin.Pages;

/// <summary>
/// Role lists for <c>[Authorize(Roles = …)]</c> on the editors' screens. The authorization filter runs before model
/// binding and before any handler, so a refused person reaches no code that could change something.
/// </summary>
public static class PageRoles
{
    /// <summary>Authors and up: who may publish, moderate comments and send articles to the social accounts.</summary>
    public const string Publishers = Roles.Admin + "," + Roles.Editor + "," + Roles.Author;
}
