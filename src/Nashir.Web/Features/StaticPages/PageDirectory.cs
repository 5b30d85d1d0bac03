using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.StaticPages;

public sealed record PageLink(string Title, string Slug)
{
    public string Path => StaticPage.PathOf(Slug);
}

/// <summary>Published static pages for readers: one page by slug, and the footer menu (cached; every page shows it).</summary>
public sealed class PageDirectory(NashirDb db, IMemoryCache cache)
{
    private const string MenuKey = "footer-pages";

    public Task<StaticPage?> FindAsync(string slug, CancellationToken cancellationToken) =>
        db.StaticPages.FirstOrDefaultAsync(p => p.Slug == slug && p.Published, cancellationToken);

    public async Task<IReadOnlyList<PageLink>> FooterMenuAsync() =>
        await cache.GetOrCreateAsync(MenuKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            return await db.StaticPages.Where(p => p.Published).OrderBy(p => p.MenuOrder).ThenBy(p => p.Id)
                .Select(p => new PageLink(p.Title, p.Slug)).Take(12).ToListAsync();
        }) ?? [];

    public void MenuChanged() => cache.Remove(MenuKey);
}

public static class StaticPagesSetup
{
    public static IServiceCollection AddStaticPages(this IServiceCollection services) => services.AddScoped<PageDirectory>();
}
