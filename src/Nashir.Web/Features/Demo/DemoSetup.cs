namespace Nashir.Web.Features.Demo;

public static class DemoSetup
{
    public static IServiceCollection AddDemoContent(this IServiceCollection services) => services.AddScoped<DemoContent>();
}
