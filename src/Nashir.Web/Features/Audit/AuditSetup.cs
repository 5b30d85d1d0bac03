using Nashir.Web.Features.Articles;

namespace Nashir.Web.Features.Audit;

public static class AuditSetup
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<AuditLog>();
        services.AddScoped<IArticleReaction, ArticleAudit>();
        services.AddScoped<AuditQuery>();
        services.AddScoped<AuditCsv>();
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AuditRetention>();
        services.AddHostedService(s => s.GetRequiredService<AuditRetention>());
        return services;
    }
}
