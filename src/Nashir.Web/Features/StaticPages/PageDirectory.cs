using Microsoft.EntityFrameworkCore;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.StaticPages;

/// <summary>Published static pages for readers, by slug. The footer menu that lists them is the menus'
/// (SiteNavigation).</summary>
public sealed class PageDirectory(NashirDb db)
{
    public Task<StaticPage?> FindAsync(string slug, CancellationToken cancellationToken) =>
        db.StaticPages.FirstOrDefaultAsync(p => p.Slug == slug && p.Published, cancellationToken);
}

public static class StaticPagesSetup
{
    public static IServiceCollection AddStaticPages(this IServiceCollection services) =>
        services.AddScoped<PageDirectory>().AddScoped<PageEditor>();
}
