using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Nashir.Web.Platform.Caching;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.SignIn;

/// <summary>
/// Ends a person's other sessions at once when their password, reset or two-factor settings change. Identity
/// stamps each sign-in cookie with the user's security stamp but compares it only every 30 minutes (one user query
/// and a new cookie each time, too costly per request). Here every cookie request compares it with the stamp cached
/// per node, and a change evicts that cache on every node (<see cref="CacheEviction"/>, Redis), so the very next
/// request of an old session, anywhere, is signed out. A cookie whose stamp differs from the cached one is checked
/// against the database before it is refused: a stale cache costs a query, never a wrong sign-out.
/// </summary>
public sealed class SessionStamps(IMemoryCache cache, IServiceScopeFactory scopes, CacheEviction eviction)
{
    /// <summary>The most a node without Redis lags behind a change.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static string CacheKey(int userId) => "session-stamp:" + userId.ToString(CultureInfo.InvariantCulture);

    /// <summary>After a committed change of the person's security stamp.</summary>
    public Task ChangedAsync(int userId) => eviction.EvictAsync(new Eviction([], [CacheKey(userId)]));

    private async Task<string?> CurrentAsync(int userId, bool fresh, CancellationToken cancellationToken)
    {
        if (!fresh && cache.TryGetValue(CacheKey(userId), out string? cached)) return cached;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var stamp = await db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).FirstOrDefaultAsync(cancellationToken);
        cache.Set(CacheKey(userId), stamp, Lifetime);
        return stamp;
    }

    /// <summary>Runs before Identity's own (30-minute) cookie check.</summary>
    internal static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal is null || !int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)) return;
        var services = context.HttpContext.RequestServices;
        var claimType = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        if (principal.FindFirstValue(claimType) is not { } stamp) return;
        var stamps = services.GetRequiredService<SessionStamps>();
        var cancel = context.HttpContext.RequestAborted;
        if (await stamps.CurrentAsync(userId, fresh: false, cancel) == stamp) return;
        if (await stamps.CurrentAsync(userId, fresh: true, cancel) == stamp) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    internal static void WrapCookieCheck(CookieAuthenticationOptions cookie)
    {
        var next = cookie.Events.OnValidatePrincipal;
        cookie.Events.OnValidatePrincipal = async context =>
        {
            await ValidatePrincipalAsync(context);
            if (context.Principal is not null) await next(context);
        };
    }
}
