using Microsoft.AspNetCore.OutputCaching;

namespace Nashir.Web.Platform.Caching;

/// <summary>
/// Output caching for what every visitor sees the same: only anonymous GET/HEAD requests, only
/// 200 answers that set no cookie. A request carrying one of the site's own cookies (signed-in staff,
/// anti-forgery, later a commenter) may see per-visitor content, so it is neither served from nor
/// stored into the cache. Third-party cookies (analytics) do not opt out: they would defeat the
/// cache for every returning reader.
/// </summary>
public sealed class PublicCachePolicy(TimeSpan duration, params string[] tags) : IOutputCachePolicy
{
    /// <summary>Every cookie the site itself sets starts with this (nashir.auth, nashir.af).</summary>
    public const string SiteCookiePrefix = "nashir.";

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var cacheable = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && !request.Headers.ContainsKey("Authorization")
            && !HasSiteCookie(request);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        // One render per key under a spike; the other requests wait for it instead of stampeding the database.
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = duration;
        context.CacheVaryByRules.QueryKeys = "*";
        // Compression runs inside the cache, so the stored bytes differ by what the client accepts. Keyed by the
        // encodings we can produce rather than the raw header, which differs between every browser version.
        context.CacheVaryByRules.VaryByValues["encoding"] = AcceptedEncodings(request);
        foreach (var tag in tags) context.Tags.Add(tag);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
        {
            context.AllowCacheStorage = false;
            return ValueTask.CompletedTask;
        }
        foreach (var tag in CacheTags.Of(context.HttpContext)) context.Tags.Add(tag);
        return ValueTask.CompletedTask;
    }

    /// <summary>"br=1,gzip=0.5": the encodings we compress with that the client accepts (q &gt; 0), with their weights.</summary>
    private static string AcceptedEncodings(HttpRequest request)
    {
        var header = request.Headers.AcceptEncoding;
        if (header.Count == 0) return "";
        if (!Microsoft.Net.Http.Headers.StringWithQualityHeaderValue.TryParseList(header, out var values)) return "?" + header;
        var accepted = values
            .Where(v => v.Quality is null or > 0 && (v.Value.Equals("br", StringComparison.OrdinalIgnoreCase)
                || v.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) || v.Value.Equals("*", StringComparison.Ordinal)))
            .Select(v => $"{v.Value.Value!.ToUpperInvariant()}={v.Quality ?? 1}")
            .Order(StringComparer.Ordinal);
        return string.Join(',', accepted);
    }

    private static bool HasSiteCookie(HttpRequest request)
    {
        foreach (var name in request.Cookies.Keys)
        {
            if (name.StartsWith(SiteCookiePrefix, StringComparison.OrdinalIgnoreCase)
                || name.StartsWith(".AspNetCore.", StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }
}

/// <summary>Tags a handler attaches to its response once it knows what it rendered (an article's id, a category).</summary>
public static class CacheTags
{
    private static readonly object Key = new();

    public static void Add(HttpContext context, string tag)
    {
        if (context.Items[Key] is not List<string> tags) context.Items[Key] = tags = [];
        tags.Add(tag);
    }

    public static IEnumerable<string> Of(HttpContext context) => context.Items[Key] as List<string> ?? [];
}
