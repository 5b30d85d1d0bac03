using System.Xml;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Caching;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Features.Feeds;

/// <summary>
/// Sitemaps (sitemaps.org 0.9 with Google's image and news extensions) and robots.txt. Every file
/// is streamed row by row from the database, so memory stays flat for a million articles.
/// </summary>
public static class Sitemaps
{
    /// <summary>
    /// Articles per file, by id range: a story keeps its file for life (crawlers re-read only files
    /// whose lastmod moved). 10,000 stays far below both limits (50,000 URLs, 50 MB): a worst-case
    /// entry — 2,000-character image URL, long percent-encoded Arabic slug — is under 4 KB.
    /// </summary>
    public const int ArticlesPerFile = 10_000;

    /// <summary>Google News reads only the last two days, and at most 1,000 URLs per news sitemap.</summary>
    public static readonly TimeSpan NewsWindow = TimeSpan.FromHours(48);
    public const int NewsLimit = 1_000;

    /// <summary>Sitemaps.org limit per file, applied to term sitemaps.</summary>
    public const int UrlLimit = 50_000;

    private const string SitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string ImageNs = "http://www.google.com/schemas/sitemap-image/1.1";
    private const string NewsNs = "http://www.google.com/schemas/sitemap-news/0.9";

    public static IEndpointRouteBuilder MapSitemaps(this IEndpointRouteBuilder app)
    {
        var cached = app.MapGroup("").WithTags("Sitemaps").ExcludeFromDescription().CacheOutput(CachingSetup.Feeds);
        cached.MapMethods("/robots.txt", FeedsApi.GetOrHead, Robots);
        cached.MapMethods("/sitemap.xml", FeedsApi.GetOrHead, IndexAsync);
        cached.MapMethods("/sitemaps/news.xml", FeedsApi.GetOrHead, NewsAsync);
        cached.MapMethods("/sitemaps/{kind:regex(^(categories|tags|authors)$)}.xml", FeedsApi.GetOrHead, TermsAsync);
        // Not output-cached: the cache would hold megabytes per file; a primary-key range scan is cheap to stream again.
        app.MapMethods("/sitemaps/articles-{number:int}.xml", FeedsApi.GetOrHead, ArticlesAsync).WithTags("Sitemaps").ExcludeFromDescription();
        return app;
    }

    private static string SiteUrl(IOptions<NashirOptions> options) => options.Value.Site.Url.TrimEnd('/');

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Robots(IOptions<NashirOptions> options)
    {
        var site = SiteUrl(options);
        return TypedResults.Text($"""
            User-agent: *
            Disallow: /admin
            Disallow: /api/
            Allow: /api/v1/openapi.json

            Sitemap: {site}/sitemap.xml
            Sitemap: {site}/sitemaps/news.xml

            """.ReplaceLineEndings("\n"), "text/plain; charset=utf-8");
    }

    private static async Task IndexAsync(HttpContext http, NashirDb db, TimeProvider clock, IOptions<NashirOptions> options)
    {
        var site = SiteUrl(options);
        var now = clock.GetUtcNow().UtcDateTime;
        var files = await db.Articles.Where(PublicArticles.LiveAt(now))
            .GroupBy(a => (a.Id - 1) / ArticlesPerFile)
            .Select(g => new { Block = g.Key, LastModified = g.Max(a => a.UpdatedAt) })
            .OrderBy(g => g.Block).ToListAsync(http.RequestAborted);

        await using var xml = await StartAsync(http, "sitemapindex", SitemapNs);
        foreach (var file in files) await SitemapEntryAsync(xml, $"{site}/sitemaps/articles-{file.Block + 1}.xml", file.LastModified);
        foreach (var name in new[] { "news", "categories", "tags", "authors" }) await SitemapEntryAsync(xml, $"{site}/sitemaps/{name}.xml", null);
        await xml.WriteEndDocumentAsync();

        static async Task SitemapEntryAsync(XmlWriter xml, string loc, DateTime? lastModified)
        {
            await xml.WriteStartElementAsync(null, "sitemap", SitemapNs);
            await xml.WriteElementStringAsync(null, "loc", SitemapNs, loc);
            if (lastModified is { } modified) await xml.WriteElementStringAsync(null, "lastmod", SitemapNs, FeedWriters.W3c(modified));
            await xml.WriteEndElementAsync();
        }
    }

    private static async Task<IResult> ArticlesAsync(int number, HttpContext http, NashirDb db, TimeProvider clock, IOptions<NashirOptions> options)
    {
        if (number < 1 || number > int.MaxValue / ArticlesPerFile) return TypedResults.NotFound();
        var site = SiteUrl(options);
        var now = clock.GetUtcNow().UtcDateTime;
        var (from, to) = ((number - 1) * ArticlesPerFile, number * ArticlesPerFile);
        var live = db.Articles.Where(PublicArticles.LiveAt(now)).Where(a => a.Id > from && a.Id <= to);

        // Crawlers re-read a file whose lastmod moved; a conditional GET spares them (and us) the unchanged rest.
        // Which articles are live (count, id sum) and their edits (version sum: every save adds one) identify the content.
        var summary = await live.GroupBy(a => 1)
            .Select(g => new { Count = g.Count(), IdSum = g.Sum(a => (long)a.Id), VersionSum = g.Sum(a => (long)a.Version), LastModified = g.Max(a => a.UpdatedAt) })
            .SingleOrDefaultAsync(http.RequestAborted);
        // An id range without a live article is a 404, not an empty file.
        if (summary is null) return TypedResults.NotFound();
        var validators = new Validators(Validators.Hash($"articles|{number}|{summary.Count}|{summary.IdSum}|{summary.VersionSum}|{summary.LastModified.Ticks}"), summary.LastModified);
        if (validators.Apply(http)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        if (HttpMethods.IsHead(http.Request.Method)) return Results.Empty;

        var rows = live.OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Slug, a.UpdatedAt, a.FeaturedImageUrl, a.FeaturedImageAlt })
            .AsAsyncEnumerable();

        XmlWriter? xml = null;
        var written = 0;
        try
        {
            await foreach (var row in rows.WithCancellation(http.RequestAborted))
            {
                xml ??= await StartAsync(http, "urlset", SitemapNs, ("image", ImageNs));
                await xml.WriteStartElementAsync(null, "url", SitemapNs);
                await xml.WriteElementStringAsync(null, "loc", SitemapNs, XmlSafeText.Clean(site + ArticleUrls.Path(row.Id, row.Slug)));
                await xml.WriteElementStringAsync(null, "lastmod", SitemapNs, FeedWriters.W3c(row.UpdatedAt));
                if (row.FeaturedImageUrl is { } image)
                {
                    await xml.WriteStartElementAsync("image", "image", ImageNs);
                    await xml.WriteElementStringAsync("image", "loc", ImageNs, XmlSafeText.Clean(image.StartsWith('/') ? site + image : image));
                    await xml.WriteEndElementAsync();
                }
                await xml.WriteEndElementAsync();
                if (++written % 500 == 0) await xml.FlushAsync();
            }
            // Every live row went between the summary and now (unpublished meanwhile): still a valid, empty file.
            xml ??= await StartAsync(http, "urlset", SitemapNs, ("image", ImageNs));
            await xml.WriteEndDocumentAsync();
            return Results.Empty;
        }
        finally
        {
            if (xml is not null) await xml.DisposeAsync();
        }
    }

    private static async Task NewsAsync(HttpContext http, NashirDb db, TimeProvider clock, IOptions<NashirOptions> options)
    {
        var site = SiteUrl(options);
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - NewsWindow;
        var rows = db.Articles.Where(PublicArticles.LiveAt(now)).Where(a => a.PublishAt >= since)
            .OrderByDescending(a => a.PublishAt).ThenByDescending(a => a.Id).Take(NewsLimit)
            .Select(a => new { a.Id, a.Slug, a.Headline, PublishedAt = a.PublishAt!.Value })
            .AsAsyncEnumerable();

        await using var xml = await StartAsync(http, "urlset", SitemapNs, ("news", NewsNs));
        await foreach (var row in rows.WithCancellation(http.RequestAborted))
        {
            await xml.WriteStartElementAsync(null, "url", SitemapNs);
            await xml.WriteElementStringAsync(null, "loc", SitemapNs, XmlSafeText.Clean(site + ArticleUrls.Path(row.Id, row.Slug)));
            await xml.WriteStartElementAsync("news", "news", NewsNs);
            await xml.WriteStartElementAsync("news", "publication", NewsNs);
            await xml.WriteElementStringAsync("news", "name", NewsNs, XmlSafeText.Clean(options.Value.Site.Name));
            await xml.WriteElementStringAsync("news", "language", NewsNs, "ar");
            await xml.WriteEndElementAsync();
            await xml.WriteElementStringAsync("news", "publication_date", NewsNs, FeedWriters.W3c(row.PublishedAt));
            await xml.WriteElementStringAsync("news", "title", NewsNs, XmlSafeText.Clean(row.Headline));
            await xml.WriteEndElementAsync();
            await xml.WriteEndElementAsync();
        }
        await xml.WriteEndDocumentAsync();
    }

    private static async Task TermsAsync(string kind, HttpContext http, NashirDb db, TimeProvider clock, IOptions<NashirOptions> options)
    {
        var site = SiteUrl(options);
        var now = clock.GetUtcNow().UtcDateTime;
        var live = PublicArticles.LiveAt(now);
        // Only terms with a live article: an empty archive is a page search engines should not be sent to.
        var paths = kind switch
        {
            "categories" => db.Categories.Where(c => c.Articles.AsQueryable().Any(live)).OrderBy(c => c.Id).Select(c => c.Slug)
                .Take(UrlLimit).AsAsyncEnumerable().Select(ArticleUrls.Category),
            "tags" => db.Tags.Where(t => t.Articles.AsQueryable().Any(live)).OrderBy(t => t.Id).Select(t => t.Slug)
                .Take(UrlLimit).AsAsyncEnumerable().Select(ArticleUrls.Tag),
            _ => db.Users.Where(u => db.Articles.Where(live).Any(a => a.Authors.Any(x => x.UserId == u.Id))).OrderBy(u => u.Id).Select(u => u.Slug)
                .Take(UrlLimit).AsAsyncEnumerable().Select(ArticleUrls.Author),
        };
        await using var xml = await StartAsync(http, "urlset", SitemapNs);
        await foreach (var path in paths.WithCancellation(http.RequestAborted))
        {
            await xml.WriteStartElementAsync(null, "url", SitemapNs);
            await xml.WriteElementStringAsync(null, "loc", SitemapNs, XmlSafeText.Clean(site + path));
            await xml.WriteEndElementAsync();
        }
        await xml.WriteEndDocumentAsync();
    }

    private static async Task<XmlWriter> StartAsync(HttpContext http, string root, string ns, params (string Prefix, string Ns)[] extensions)
    {
        http.Response.ContentType = "application/xml; charset=utf-8";
        var xml = XmlWriter.Create(http.Response.Body, FeedWriters.XmlSettings);
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, root, ns);
        foreach (var (prefix, extensionNs) in extensions) await xml.WriteAttributeStringAsync("xmlns", prefix, null, extensionNs);
        return xml;
    }
}
