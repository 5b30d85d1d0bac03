namespace Nashir.Web.Features.Settings;

public static class SettingsSetup
{
    public static IServiceCollection AddSiteSettings(this IServiceCollection services)
    {
        services.AddScoped<SiteSettings>();
        return services;
    }
}
