using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.StaticPages;
using Nashir.Web.Platform.Caching;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Menus;

public sealed record NavLink(string Label, string Href);

/// <summary>What the layout of every public page shows: the header and footer menus, resolved to links.</summary>
public sealed record SiteMenus(IReadOnlyList<NavLink> Header, IReadOnlyList<NavLink> Footer);

/// <summary>A menu entry as the menus screen shows it: where it points, and whether readers can see it.</summary>
public sealed record MenuEntry(MenuItem Item, string Target, NavLink? Link)
{
    /// <summary>Its section was merged or its page deleted or unpublished: readers do not see it.</summary>
    public bool IsBroken => Link is null;
}

/// <summary>
/// The header and footer menus of the public site, built from the menu items with fallbacks (the top-level sections
/// in their order for the header, the published static pages for the footer) while a menu is empty. Every page's
/// layout shows them, so they are kept in memory: three small queries a minute at most, none per request; every
/// change evicts them on every node with the pages that show them (<see cref="ChangedAsync"/>).
/// </summary>
public sealed class SiteNavigation(NashirDb db, IMemoryCache cache, CacheEviction eviction)
{
    public const string CacheKey = "site-menus";

    /// <summary>Menus longer than this are cut: a header with more links than fit on a phone helps nobody.</summary>
    public const int MaxLinks = 20;

    public async Task<SiteMenus> MenusAsync(CancellationToken cancellationToken = default) =>
        await cache.GetOrCreateAsync(CacheKey, async entry =>
        {
            // Bounds the lag of a node that missed an eviction (no Redis).
            entry.AbsoluteExpirationRelativeToNow = CachingSetup.PageLifetime;
            return await BuildAsync(cancellationToken);
        }) ?? new SiteMenus([], []);

    /// <summary>Every item of one menu in order, resolved, broken ones included (for the menus screen).</summary>
    public async Task<IReadOnlyList<MenuEntry>> EntriesAsync(string menu, CancellationToken cancellationToken)
    {
        var items = await db.MenuItems.Where(i => i.Menu == menu).OrderBy(i => i.Position).ThenBy(i => i.Id)
            .ToListAsync(cancellationToken);
        var targets = await TargetsAsync(cancellationToken);
        return items.Select(targets.Resolve).ToList();
    }

    /// <summary>Sections, pages or menus changed: forget the menus and every cached page and listing, on every
    /// node.</summary>
    public Task ChangedAsync() => eviction.EvictAsync(new Eviction(
        [CachingSetup.LayoutTag, CachingSetup.ListingsTag], [CacheKey, PublicArticles.SectionsCacheKey]));

    private async Task<SiteMenus> BuildAsync(CancellationToken cancellationToken)
    {
        var items = await db.MenuItems.OrderBy(i => i.Position).ThenBy(i => i.Id).ToListAsync(cancellationToken);
        var targets = await TargetsAsync(cancellationToken);
        var header = Links(items, Menus.Header, targets);
        if (header.Count == 0)
            header = targets.Sections.Values.Where(s => s.ParentId is null).OrderBy(s => s.SortOrder).ThenBy(s => s.Id)
                .Select(s => new NavLink(s.Name, ArticleUrls.Category(s.Slug))).Take(MaxLinks).ToList();
        var footer = Links(items, Menus.Footer, targets);
        if (footer.Count == 0)
            footer = targets.Pages.Values.OrderBy(p => p.MenuOrder).ThenBy(p => p.Id)
                .Select(p => new NavLink(p.Title, StaticPage.PathOf(p.Slug))).Take(MaxLinks).ToList();
        return new SiteMenus(header, footer);
    }

    private static List<NavLink> Links(List<MenuItem> items, string menu, Targets targets) =>
        items.Where(i => i.Menu == menu).Select(i => targets.Resolve(i).Link).OfType<NavLink>().Take(MaxLinks).ToList();

    private async Task<Targets> TargetsAsync(CancellationToken cancellationToken)
    {
        // A newsroom has tens of sections and a handful of pages: reading them whole is one small query each.
        var sections = await db.Categories.Select(c => new SectionRow(c.Id, c.Name, c.Slug, c.ParentId, c.SortOrder))
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var pages = await db.StaticPages.Where(p => p.Published).Select(p => new PageRow(p.Id, p.Title, p.Slug,
            p.MenuOrder))
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        return new Targets(sections, pages);
    }

    private sealed record SectionRow(int Id, string Name, string Slug, int? ParentId, int SortOrder);

    private sealed record PageRow(int Id, string Title, string Slug, int MenuOrder);

    private sealed record Targets(Dictionary<int, SectionRow> Sections, Dictionary<int, PageRow> Pages)
    {
        public MenuEntry Resolve(MenuItem item)
        {
            var label = string.IsNullOrWhiteSpace(item.Label) ? null : item.Label;
            switch (item.Kind)
            {
                case MenuKinds.Section when item.TargetId is { } id && Sections.TryGetValue(id, out var section):
                    return new MenuEntry(item, section.Name, new NavLink(label ?? section.Name,
                        ArticleUrls.Category(section.Slug)));
                case MenuKinds.Page when item.TargetId is { } id && Pages.TryGetValue(id, out var page):
                    return new MenuEntry(item, page.Title, new NavLink(label ?? page.Title,
                        StaticPage.PathOf(page.Slug)));
                case MenuKinds.Link when item.Url is { } url && label is not null:
                    return new MenuEntry(item, url, new NavLink(label, url));
                case MenuKinds.Section:
                    return new MenuEntry(item, "قسم محذوف أو مدموج", null);
                case MenuKinds.Page:
                    return new MenuEntry(item, "صفحة محذوفة أو غير منشورة", null);
                default:
                    return new MenuEntry(item, item.Url ?? "", null);
            }
        }
    }
}
