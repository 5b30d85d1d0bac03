using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Nashir.Web.Platform.Caching;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Features.Feeds;

/// <summary>Feeds of the site and of every category, tag and author, in RSS, Atom and JSON Feed; paged with ?paged=N (WordPress's parameter).</summary>
public static class FeedsApi
{
    /// <summary>Feeds and sitemaps answer HEAD too: validators and crawlers check for changes with it.</summary>
    public static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder app)
    {
        var feeds = app.MapGroup("").WithTags("Feeds").CacheOutput(CachingSetup.Feeds).ExcludeFromDescription();
        foreach (var (suffix, format) in new[] { ("/feed", FeedFormat.Rss), ("/feed/atom", FeedFormat.Atom), ("/feed/json", FeedFormat.Json) })
        {
            feeds.MapMethods(suffix, GetOrHead, (HttpContext http, FeedArticles articles, IOptions<NashirOptions> options, string? paged) =>
                FeedAsync(http, articles, options.Value.Site, FeedScopeKind.Site, "", format, paged));
            feeds.MapMethods("/category/{slug}" + suffix, GetOrHead, (string slug, HttpContext http, FeedArticles articles, IOptions<NashirOptions> options, string? paged) =>
                FeedAsync(http, articles, options.Value.Site, FeedScopeKind.Category, slug, format, paged));
            feeds.MapMethods("/tag/{slug}" + suffix, GetOrHead, (string slug, HttpContext http, FeedArticles articles, IOptions<NashirOptions> options, string? paged) =>
                FeedAsync(http, articles, options.Value.Site, FeedScopeKind.Tag, slug, format, paged));
            feeds.MapMethods("/author/{slug}" + suffix, GetOrHead, (string slug, HttpContext http, FeedArticles articles, IOptions<NashirOptions> options, string? paged) =>
                FeedAsync(http, articles, options.Value.Site, FeedScopeKind.Author, slug, format, paged));
        }
        return app;
    }

    private static async Task<IResult> FeedAsync(HttpContext http, FeedArticles articles, SiteOptions site, FeedScopeKind kind, string slug, FeedFormat format, string? paged)
    {
        var cancellationToken = http.RequestAborted;
        var page = 1;
        if (paged is not null && (!int.TryParse(paged, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
            return TypedResults.NotFound();
        if (await articles.ScopeAsync(kind, slug, cancellationToken) is not { } scope) return TypedResults.NotFound();

        var heads = await articles.HeadsAsync(scope, page, cancellationToken);
        // Page 1 of an empty feed is a valid empty feed; page 3 of a 2-page feed does not exist.
        if (page > 1 && heads.Count == 0) return TypedResults.NotFound();
        var hasNext = heads.Count > FeedArticles.PerPage;
        var ids = heads.Take(FeedArticles.PerPage).Select(h => h.Id).ToList();
        var updated = heads.Count == 0 ? DateTime.UnixEpoch : heads.Take(FeedArticles.PerPage).Max(h => h.UpdatedAt);

        var validators = new Validators(ETagOf(scope, format, page, heads), updated);
        if (validators.Apply(http)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);

        var terms = await articles.TermsAsync(ids, cancellationToken);
        var feed = new FeedPage(site.Url.TrimEnd('/'), site.Name, site.Description, scope, format, page, hasNext, updated);
        http.Response.ContentType = FeedWriters.ContentType(format);
        await FeedWriters.WriteAsync(http.Response.Body, feed, articles.EntriesAsync(ids), terms, cancellationToken);
        return Results.Empty;
    }

    /// <summary>
    /// Strong enough to change whenever any listed article changes or the page's make-up does, and the
    /// same on every node (no per-process hash seed), so a multi-node site answers 304 consistently.
    /// </summary>
    private static string ETagOf(FeedScope scope, FeedFormat format, int page, IEnumerable<FeedHead> heads)
    {
        var key = new StringBuilder($"{format}|{scope.Kind}|{scope.Slug}|{scope.Name}|{page}");
        foreach (var head in heads) key.Append('|').Append(head.Id).Append(':').Append(head.Version).Append(':').Append(head.UpdatedAt.Ticks);
        return Validators.Hash(key.ToString());
    }
}

/// <summary>HTTP validators of a response (RFC 9110 §13): sets ETag and Last-Modified, and tells whether the client's copy is current.</summary>
public sealed record Validators(string ETag, DateTime LastModifiedUtc)
{
    /// <summary>A strong ETag of what identifies the content: the same on every node (no per-process hash seed).</summary>
    public static string Hash(string identity) =>
        "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)).AsSpan(0, 12)) + "\"";

    /// <summary>True when the answer is 304: If-None-Match wins over If-Modified-Since; unparseable headers are ignored.</summary>
    public bool Apply(HttpContext http)
    {
        var lastModified = new DateTimeOffset(DateTime.SpecifyKind(LastModifiedUtc, DateTimeKind.Utc)).AddTicks(-(LastModifiedUtc.Ticks % TimeSpan.TicksPerSecond));
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = new EntityTagHeaderValue(ETag);
        headers.LastModified = lastModified;

        var request = http.Request.Headers;
        if (request.IfNoneMatch.Count > 0)
        {
            return EntityTagHeaderValue.TryParseList(request.IfNoneMatch, out var tags)
                && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(new EntityTagHeaderValue(ETag), useStrongComparison: false));
        }
        return HeaderUtilities.TryParseDate(request.IfModifiedSince.ToString(), out var since) && lastModified <= since;
    }
}
