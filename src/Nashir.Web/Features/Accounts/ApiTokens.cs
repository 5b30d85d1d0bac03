using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Nashir.Web.Platform.Caching;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Accounts;

/// <summary>Issues and checks API bearer tokens. A token is shown once; only its hash is kept.</summary>
public sealed class ApiTokens(NashirDb db, TimeProvider clock, CacheEviction eviction)
{
    public const string Prefix = "nsr_";

    public async Task<(ApiToken Token, string Secret)> CreateAsync(int userId, string name, CancellationToken cancellationToken = default)
    {
        var secret = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = await AddAsync(userId, name, secret, cancellationToken);
        return (token, secret);
    }

    internal async Task<ApiToken> AddAsync(int userId, string name, string secret, CancellationToken cancellationToken)
    {
        var token = new ApiToken { Name = name, TokenHash = Hash(secret), UserId = userId, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    public Task<bool> ExistsAsync(string secret, CancellationToken cancellationToken) =>
        db.ApiTokens.AnyAsync(t => t.TokenHash == Hash(secret), cancellationToken);

    /// <summary>Revokes at once on every node: the cached look-up of the token is evicted everywhere.</summary>
    public async Task<bool> RevokeAsync(int id, CancellationToken cancellationToken = default)
    {
        var hash = await db.ApiTokens.Where(t => t.Id == id && t.RevokedAt == null).Select(t => t.TokenHash).FirstOrDefaultAsync(cancellationToken);
        if (hash is null) return false;
        var revoked = await db.ApiTokens.Where(t => t.Id == id && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, clock.GetUtcNow().UtcDateTime), cancellationToken) > 0;
        await eviction.EvictAsync(new Eviction([], [CacheKey(hash)]));
        return revoked;
    }

    internal static string CacheKey(string hash) => "api-token:" + hash;

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>"Authorization: Bearer nsr_…" for the JSON API. Lookups are cached briefly: one query per token per minute, not
/// per request; revoking, or disabling the owner (StaffStatus), evicts the cached look-up (on every node with Redis).</summary>
public sealed class ApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    NashirDb db, IMemoryCache cache) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var secret = header["Bearer ".Length..].Trim();
        if (secret.Length is 0 or > 200) return AuthenticateResult.Fail("Malformed bearer token.");

        var hash = ApiTokens.Hash(secret);
        var principal = await cache.GetOrCreateAsync(ApiTokens.CacheKey(hash), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            var owner = await db.ApiTokens.Where(t => t.TokenHash == hash && t.RevokedAt == null && t.User.DisabledAt == null)
                .Select(t => new { t.User.Id, t.User.DisplayName, t.User.UserName, Roles = db.UserRoles.Where(r => r.UserId == t.UserId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToList() })
                .FirstOrDefaultAsync(Context.RequestAborted);
            if (owner is null) return null;
            var claims = new List<Claim>
            {
                new(ClaimTypes.NameIdentifier, owner.Id.ToString()),
                new(ClaimTypes.Name, owner.UserName ?? ""),
                new(NashirClaims.DisplayName, owner.DisplayName),
            };
            claims.AddRange(owner.Roles.Where(r => r is not null).Select(r => new Claim(ClaimTypes.Role, r!)));
            return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        });
        return principal is null
            ? AuthenticateResult.Fail("Unknown or revoked API token.")
            : AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
