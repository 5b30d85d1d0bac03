using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Nashir.Web.Platform.Caching;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Accounts;

/// <summary>What every signed-in request checks about its person: may they still act, and as what.</summary>
public sealed record StaffState(bool Active, string Roles, string DisplayName)
{
    public static string RolesOf(IEnumerable<string?> roles) => string.Join(',', roles.OfType<string>().Order(StringComparer.Ordinal));
}

/// <summary>
/// A staff member's current state, cached per node and evicted on every node (Redis) when an admin changes it, so a
/// disabled user's cookie and API tokens stop on their very next request anywhere, and a new role applies at once.
/// One small query per person per <see cref="Lifetime"/>, not per request; without Redis the other nodes catch up
/// within that lifetime. Identity's own security-stamp check (every 30 minutes) stays behind it.
/// </summary>
public sealed class StaffStatus(IMemoryCache cache, IServiceScopeFactory scopes, CacheEviction eviction)
{
    /// <summary>The most a node without Redis lags behind a change.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static string CacheKey(int userId) => "staff-status:" + userId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<StaffState?> GetAsync(int userId, CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync(CacheKey(userId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
            var user = await db.Users.Where(u => u.Id == userId)
                .Select(u => new
                {
                    u.DisabledAt,
                    u.DisplayName,
                    Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToList(),
                })
                .FirstOrDefaultAsync(cancellationToken);
            return user is null ? null : new StaffState(user.DisabledAt is null, StaffState.RolesOf(user.Roles), user.DisplayName);
        });

    /// <summary>After a committed change to a person: forget their state and their API tokens' look-ups everywhere.</summary>
    public async Task ChangedAsync(NashirDb db, int userId, CancellationToken cancellationToken)
    {
        var tokens = await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null).Select(t => t.TokenHash)
            .ToListAsync(cancellationToken);
        await eviction.EvictAsync(new Eviction([], [CacheKey(userId), .. tokens.Select(ApiTokens.CacheKey)]));
    }

    /// <summary>
    /// Runs before Identity's own cookie check: a disabled (or deleted) person is signed out; a changed role or
    /// name is put into a renewed cookie, keeping how they signed in (the "amr" claims of two-factor sign-in).
    /// </summary>
    internal static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal is null || !int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)) return;
        var services = context.HttpContext.RequestServices;
        var state = await services.GetRequiredService<StaffStatus>().GetAsync(userId, context.HttpContext.RequestAborted);
        if (state is not { Active: true })
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        var roles = StaffState.RolesOf(principal.FindAll(ClaimTypes.Role).Select(c => c.Value));
        if (roles == state.Roles && principal.FindFirstValue(NashirClaims.DisplayName) == state.DisplayName) return;

        var users = services.GetRequiredService<UserManager<NashirUser>>();
        if (await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not { } user)
        {
            context.RejectPrincipal();
            return;
        }
        var renewed = await services.GetRequiredService<IUserClaimsPrincipalFactory<NashirUser>>().CreateAsync(user);
        if (renewed.Identity is ClaimsIdentity identity)
        {
            foreach (var method in principal.FindAll("amr")) identity.AddClaim(new Claim(method.Type, method.Value));
        }
        context.ReplacePrincipal(renewed);
        context.ShouldRenew = true;
    }
}
