namespace Nashir.Web.Features.Sections;

public static class SectionsSetup
{
    public static IServiceCollection AddSections(this IServiceCollection services) =>
        services.AddScoped<SectionDesk>().AddScoped<TagDesk>();
}
