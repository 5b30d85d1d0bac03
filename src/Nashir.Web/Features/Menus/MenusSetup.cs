namespace Nashir.Web.Features.Menus;

public static class MenusSetup
{
    public static IServiceCollection AddMenus(this IServiceCollection services) =>
        services.AddScoped<SiteNavigation>().AddScoped<MenuDesk>();
}
