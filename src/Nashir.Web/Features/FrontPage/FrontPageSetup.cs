using System.Text.Json;
using Microsoft.AspNetCore.OutputCaching;
using Nashir.Web.Platform.Caching;

namespace Nashir.Web.Features.FrontPage;

public static class FrontPageSetup
{
    public static IServiceCollection AddFrontPage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FrontPageOptions>().Bind(configuration.GetSection(FrontPageOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<FrontPageSlots>();
        services.AddScoped<BreakingNews>();
        services.AddSingleton<FrontPageExpiry>();
        services.Configure<OutputCacheOptions>(cache =>
            cache.AddPolicy(BreakingNews.Policy, new PublicCachePolicy(BreakingNews.JsonLifetime, BreakingNews.Tag)));
        return services;
    }

    /// <summary>
    /// <c>GET /breaking.json</c>: the current alert for the pages' script, <c>{"alert":null}</c> when there is none.
    /// Output-cached like the pages and evicted with them, so a thousand polling tabs cost a thousand cache hits.
    /// </summary>
    public static IEndpointRouteBuilder MapBreakingNews(this IEndpointRouteBuilder app)
    {
        app.MapGet("/breaking.json", async (BreakingNews breaking, CancellationToken cancellationToken) =>
            TypedResults.Json(new BreakingJson(await breaking.CurrentAsync(cancellationToken) is { } alert
                ? new BreakingAlertJson(alert.Id, alert.Text, alert.Url, alert.ExpiresAt) : null), Json))
            .WithName("BreakingNews").WithTags("Front page").ExcludeFromDescription().CacheOutput(BreakingNews.Policy);
        return app;
    }

    /// <summary>The site's API leaves out nulls; this small contract spells them (<c>"alert":null</c>,
    /// <c>"url":null</c>).</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record BreakingJson(BreakingAlertJson? Alert);

    private sealed record BreakingAlertJson(int Id, string Text, string? Url, DateTime ExpiresAt);
}
