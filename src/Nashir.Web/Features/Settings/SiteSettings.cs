using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Nashir.Web.Features.Audit;
using Nashir.Web.Platform.Caching;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Settings;

/// <summary>The keys admins can change, each with its meaning to the newsroom.</summary>
public static class SettingKeys
{
    /// <summary>"true": editors and admins must sign in with an authenticator code.</summary>
    public const string RequireTwoFactorForEditors = "security.require-two-factor-for-editors";
}

/// <summary>
/// Reads and changes <see cref="SiteSetting"/>s. All settings are one cached dictionary per node (one small query
/// per <see cref="Lifetime"/>); a change is committed with its audit line, then evicted on every node
/// (<see cref="CacheEviction"/>, Redis), so the next request anywhere sees it.
/// </summary>
public sealed class SiteSettings(NashirDb db, IMemoryCache cache, CacheEviction eviction, AuditLog audit, TimeProvider clock)
{
    /// <summary>The most a node without Redis lags behind a change.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private const string CacheKey = "site-settings";

    public async Task<bool> GetFlagAsync(string key, CancellationToken cancellationToken) =>
        (await AllAsync(cancellationToken)).TryGetValue(key, out var value) && value == "true";

    /// <summary>Saves a yes/no setting with its audit line; false when it already had that value (nothing written).</summary>
    public async Task<bool> SetFlagAsync(string key, bool on, string label, CancellationToken cancellationToken)
    {
        var value = on ? "true" : "false";
        var row = await db.Set<SiteSetting>().FirstOrDefaultAsync(s => s.Key == key, cancellationToken);
        if ((row?.Value ?? "false") == value) return false;
        if (row is null) db.Add(row = new SiteSetting { Key = key, Value = value });
        row.Value = value;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(AuditActions.SettingChanged, new AuditTarget("setting", key, label), on ? "تشغيل" : "إيقاف");
        await db.SaveChangesAsync(cancellationToken);
        await eviction.EvictAsync(new Eviction([], [CacheKey]));
        return true;
    }

    private async Task<IReadOnlyDictionary<string, string>> AllAsync(CancellationToken cancellationToken) =>
        (await cache.GetOrCreateAsync(CacheKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            return (IReadOnlyDictionary<string, string>)await db.Set<SiteSetting>().AsNoTracking()
                .ToDictionaryAsync(s => s.Key, s => s.Value, StringComparer.Ordinal, cancellationToken);
        }))!;
}
