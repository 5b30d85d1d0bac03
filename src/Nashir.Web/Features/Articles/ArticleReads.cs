using Nashir.Web.Platform.Caching;

namespace Nashir.Web.Features.Articles;

/// <summary>
/// Counts a read for every article page a reader gets, whether rendered or served from the output
/// cache: it runs before the cache and counts once the answer is known to be the page itself (200),
/// not a redirect to the current slug or a 404.
/// </summary>
public sealed class ArticleReadsMiddleware(RequestDelegate next, ReadCounter counter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || ArticleIdOf(context.Request.Path) is not { } id)
        {
            await next(context);
            return;
        }
        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status200OK && ReadCounter.IsReader(context.Request.Headers.UserAgent))
            counter.Count(id);
    }

    /// <summary>The id of an article URL, /news/{id}/{slug}; null for anything else.</summary>
    public static int? ArticleIdOf(PathString path)
    {
        var value = path.Value;
        if (value is null || !value.StartsWith("/news/", StringComparison.Ordinal)) return null;
        var rest = value.AsSpan("/news/".Length);
        var end = rest.IndexOf('/');
        if (end < 0 || rest[(end + 1)..].Contains('/')) return null;
        return int.TryParse(rest[..end], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}

/// <summary>
/// What the public site's caches must forget when articles change, on every node. Any change to a live
/// article (or one that just left the site) evicts every listing — home, archives, feeds, sitemaps —
/// because an article may appear in or drop out of any of them; they are cheap to render again.
/// </summary>
public sealed class PublicPageEviction(CacheEviction eviction)
{
    public static string ArticleTag(int id) => $"article:{id}";

    /// <param name="memoryKeys">Other cached data of the article to forget with it (its comment thread).</param>
    public Task ArticleChangedAsync(int articleId, params string[] memoryKeys) =>
        eviction.EvictAsync(new Eviction([CachingSetup.ListingsTag, ArticleTag(articleId)], [PublicArticles.CacheKey(articleId), .. memoryKeys]));

    public Task ListingsChangedAsync() => eviction.EvictAsync(new Eviction([CachingSetup.ListingsTag], []));
}

public static class ArticleReadsSetup
{
    /// <summary>First in the pipeline, so no cached answer can pass without being counted.</summary>
    public static IApplicationBuilder UseArticleReads(this IApplicationBuilder app) => app.UseMiddleware<ArticleReadsMiddleware>();
}
