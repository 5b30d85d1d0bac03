using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Pages;

/// <summary>The section menu on every page. Categories change rarely, so one query a minute serves all pages.</summary>
public sealed class SiteNavigation(NashirDb db, IMemoryCache cache)
{
    public async Task<IReadOnlyList<TermLink>> SectionsAsync() =>
        await cache.GetOrCreateAsync("nav:sections", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            return await db.Categories.Where(c => c.ParentId == null).OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
                .Select(c => new TermLink(c.Name, c.Slug)).Take(12).ToListAsync();
        }) ?? [];
}
