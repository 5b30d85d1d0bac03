using Nashir.Web.Platform.Text.Arabic;

namespace Nashir.Web.Features.Search;

public static class SearchSetup
{
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        // The analyzer's tables are read once; it is immutable and thread-safe.
        services.AddSingleton<ArabicAnalyzer>();
        services.AddSingleton<Snippets>();
        services.AddScoped<ArticleIndexer>();
        services.AddScoped<ArticleSearch>();
        services.AddSingleton<SearchBackfill>();
        services.AddHostedService(s => s.GetRequiredService<SearchBackfill>());
        services.AddHostedService<RecentIndex>();
        return services;
    }
}
