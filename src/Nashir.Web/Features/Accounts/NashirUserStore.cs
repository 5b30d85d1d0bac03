using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Accounts;

/// <summary>
/// Identity's EF store, fixed for a context that does not track queries by default (NashirDb reads without
/// tracking): Identity updates an existing user token (authenticator key, recovery codes) by changing the entity
/// it found, so that entity must be tracked, or the change is silently lost (a used recovery code would keep
/// working, a new authenticator key would never be stored).
/// </summary>
public sealed class NashirUserStore(NashirDb context, IdentityErrorDescriber? describer = null)
    : UserStore<NashirUser, IdentityRole<int>, NashirDb, int>(context, describer)
{
    protected override Task<IdentityUserToken<int>?> FindTokenAsync(NashirUser user, string loginProvider, string name,
        CancellationToken cancellationToken) =>
        Context.UserTokens.AsTracking()
            .SingleOrDefaultAsync(t => t.UserId == user.Id && t.LoginProvider == loginProvider && t.Name == name, cancellationToken);
}
