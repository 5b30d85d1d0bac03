using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Caching;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Features.Feeds;

/// <summary>oEmbed 1.0 "link" answer (https://oembed.com §2.3.4): what a CMS or chat app shows for a pasted article URL.</summary>
public sealed record OEmbedLink(
    [property: System.Text.Json.Serialization.JsonPropertyName("version")] string Version,
    [property: System.Text.Json.Serialization.JsonPropertyName("type")] string Type,
    [property: System.Text.Json.Serialization.JsonPropertyName("title")] string Title,
    [property: System.Text.Json.Serialization.JsonPropertyName("author_name")] string? AuthorName,
    [property: System.Text.Json.Serialization.JsonPropertyName("author_url")] string? AuthorUrl,
    [property: System.Text.Json.Serialization.JsonPropertyName("provider_name")] string ProviderName,
    [property: System.Text.Json.Serialization.JsonPropertyName("provider_url")] string ProviderUrl,
    [property: System.Text.Json.Serialization.JsonPropertyName("cache_age")] int CacheAge);

public static class OEmbed
{
    public const string Path = "/oembed";

    public static string DiscoveryUrl(string siteUrl, string articleUrl) => $"{siteUrl}{Path}?url={Uri.EscapeDataString(articleUrl)}&format=json";

    public static IEndpointRouteBuilder MapOEmbed(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, AnswerAsync).WithTags("oEmbed").ExcludeFromDescription().CacheOutput(CachingSetup.Feeds);
        return app;
    }

    private static async Task<IResult> AnswerAsync(string? url, string? format, NashirDb db, TimeProvider clock, IOptions<NashirOptions> options, CancellationToken cancellationToken)
    {
        // The spec's answer to a format the provider does not offer.
        if (format is not (null or "json")) return TypedResults.StatusCode(StatusCodes.Status501NotImplemented);
        var site = options.Value.Site.Url.TrimEnd('/');
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || !Uri.TryCreate(site, UriKind.Absolute, out var siteUri) || !string.Equals(uri.Host, siteUri.Host, StringComparison.OrdinalIgnoreCase)
            || ArticleReadsMiddleware.ArticleIdOf(new PathString(uri.AbsolutePath)) is not { } id)
            return TypedResults.NotFound();

        var article = await db.Articles.Where(PublicArticles.LiveAt(clock.GetUtcNow().UtcDateTime)).Where(a => a.Id == id)
            .Select(a => new
            {
                a.Headline,
                Author = a.Authors.OrderBy(x => x.Position).Select(x => new { x.User.DisplayName, x.User.Slug }).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (article is null) return TypedResults.NotFound();
        return TypedResults.Json(new OEmbedLink("1.0", "link", article.Headline, article.Author?.DisplayName,
            article.Author is { } author ? site + ArticleUrls.Author(author.Slug) : null,
            options.Value.Site.Name, site + "/", CacheAge: 3600));
    }
}

public static class FeedsSetup
{
    public static IServiceCollection AddFeeds(this IServiceCollection services) => services.AddScoped<FeedArticles>().AddSingleton<ImageSizes>();

    public static IEndpointRouteBuilder MapFeedsAndSitemaps(this IEndpointRouteBuilder app) =>
        app.MapFeeds().MapSitemaps().MapOEmbed();
}
