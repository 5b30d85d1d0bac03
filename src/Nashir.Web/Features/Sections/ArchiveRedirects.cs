using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Import;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Sections;

/// <summary>
/// Old archive URLs of renamed and merged sections and tags answer 301 to their new place. They are rows of the same
/// table as the imported WordPress URLs, answered by <see cref="LegacyRedirectsMiddleware"/> only for requests that
/// were going to be 404, so a live archive never pays for the lookup and a new section may take an old slug back.
/// </summary>
internal static class ArchiveRedirects
{
    /// <summary>Adds "old → new" to the caller's unit of work and points older redirects to the old path at the new
    /// one.</summary>
    public static async Task MoveAsync(NashirDb db, string oldPath, string newPath, CancellationToken cancellationToken)
    {
        var key = LegacyPaths.Normalize(oldPath);
        var newKey = LegacyPaths.Normalize(newPath);
        var rows = await db.LegacyRedirects.AsTracking()
            .Where(r => r.Path == key || r.Path == newKey || r.Target == oldPath).ToListAsync(cancellationToken);
        // One hop, never a chain: a section renamed twice sends its first URL straight to the last.
        foreach (var row in rows.Where(r => r.Target == oldPath)) row.Target = newPath;
        // The new place is live: a redirect away from it would point back in a loop once it moves again.
        foreach (var row in rows.Where(r => r.Path == newKey)) db.LegacyRedirects.Remove(row);
        if (key == newKey) return;
        if (rows.FirstOrDefault(r => r.Path == key) is { } existing) existing.Target = newPath;
        else db.LegacyRedirects.Add(new LegacyRedirect { Path = key, Target = newPath });
    }
}
