using System.IO.Compression;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;

namespace Nashir.Web.Platform.Caching;

/// <summary>
/// Named output-cache policies and response compression. The cache store is the default in-memory
/// one, per process; evictions reach the other nodes through Redis when it is configured
/// (<see cref="CacheEviction"/>), otherwise they catch up when their entry expires, so every
/// policy's lifetime is also the worst-case staleness between nodes without Redis.
/// </summary>
public static class CachingSetup
{
    /// <summary>Article pages: a minute at most, so the read count on a cached page lags by at most that.
    /// Evicted by their own tag when the article is saved.</summary>
    public const string Pages = "pages";

    /// <summary>Home and archive pages: as short-lived as articles, and evicted with every listing.</summary>
    public const string ListingPages = "listing-pages";

    /// <summary>Feeds, sitemaps and robots.txt: evicted on every publish, so they may live longer.</summary>
    public const string Feeds = "feeds";

    /// <summary>How long an article or listing page is cached: the most its read count and what it shows of other
    /// articles (authors, sections) may lag.</summary>
    public static readonly TimeSpan PageLifetime = TimeSpan.FromSeconds(60);

    /// <summary>The tag every listing (home, archives, feeds, sitemaps) carries: one eviction refreshes them all.</summary>
    public const string ListingsTag = "listings";

    /// <summary>The tag every cached HTML page carries: evicted when something every page shows changes (the breaking-news
    /// bar, menus, sections), which is rare enough that re-rendering the hot pages once beats a per-request part.</summary>
    public const string LayoutTag = "layout";

    public static IServiceCollection AddNashirCaching(this IServiceCollection services)
    {
        services.AddOutputCache(cache =>
        {
            // 64 MB (the default 100 MB is sized for bigger machines); least recently used entries go first.
            cache.SizeLimit = 64 * 1024 * 1024;
            // Case-insensitive keys upper-case the path through ICU on every lookup (Arabic slugs are not ASCII):
            // 3% of a cached page's CPU, profiled. Our URLs are lower-case; another casing only gets its own entry.
            cache.UseCaseSensitivePaths = true;
            cache.AddPolicy(Pages, new PublicCachePolicy(PageLifetime, LayoutTag));
            cache.AddPolicy(ListingPages, new PublicCachePolicy(PageLifetime, ListingsTag, LayoutTag));
            cache.AddPolicy(Feeds, new PublicCachePolicy(TimeSpan.FromMinutes(10), ListingsTag));
        });
        services.AddSingleton<ClusterChannel>();
        services.AddSingleton<CacheEviction>();
        services.AddHostedService<ClusterEvictionListener>();
        services.AddResponseCompression(compression =>
        {
            // Our pages carry no secrets next to attacker-controlled text (BREACH needs both), and TLS is the proxy's job.
            compression.EnableForHttps = true;
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();
            compression.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(
                ["application/rss+xml", "application/atom+xml", "application/feed+json", "application/ld+json", "image/svg+xml"]);
        });
        // Fastest: compression happens once per cache entry, but an uncached spike must not spend its CPU here.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>After routing (policies come from endpoint metadata); compression inside the cache so compressed bytes are stored.</summary>
    public static IApplicationBuilder UseNashirCaching(this IApplicationBuilder app) =>
        app.UseOutputCache().UseResponseCompression();
}
