namespace Nashir.Web.Features.Articles;

public static class ArticlesSetup
{
    public static IServiceCollection AddArticles(this IServiceCollection services)
    {
        services.AddSingleton<ArticleHtml>();
        services.AddScoped<ArticleEditor>();
        services.AddScoped<PublicArticles>();
        services.AddSingleton<ReadCounter>();
        services.AddSingleton<PublicPageEviction>();
        services.AddSingleton<MostRead>();
        services.AddHostedService<ReadCountFlusher>();
        services.AddSingleton<ScheduledPublisher>();
        services.AddHostedService(s => s.GetRequiredService<ScheduledPublisher>());
        return services;
    }
}
