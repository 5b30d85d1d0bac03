using Nashir.Web.Features.Articles;

namespace Nashir.Web.Features.Audit;

public static class AuditSetup
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<AuditLog>();
        services.AddScoped<IArticleReaction, ArticleAudit>();
        return services;
    }
}
