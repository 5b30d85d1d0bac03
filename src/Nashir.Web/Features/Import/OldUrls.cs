using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Import;

/// <summary>
/// Old URL → new URL rows to add with an object; only where the old path differs from the new one (else Nashir's own
/// route answers). The first WordPress object to use a path keeps it: a later claim on it is skipped, not an error.
/// </summary>
internal sealed class OldUrls : Dictionary<string, string>
{
    public OldUrls Map(string oldPath, string target)
    {
        // "/?p=4" is already a key; paths are normalized (decoded, no trailing slash, lower-case).
        var key = oldPath.StartsWith("/?", StringComparison.Ordinal) ? oldPath : LegacyPaths.Normalize(oldPath);
        if (key != LegacyPaths.Normalize(target)) TryAdd(key, target);
        return this;
    }

    /// <summary>Writes the rows in the context's transaction, skipping paths an earlier object (or run) claimed.</summary>
    public async Task SaveAsync(NashirDb db, CancellationToken cancellationToken)
    {
        if (Count == 0) return;
        await using var insert = PreparedInsert.For<LegacyRedirect>(db, skipExisting: true);
        await insert.InsertAllAsync(this.Select(url => new LegacyRedirect { Path = url.Key, Target = url.Value }).ToList<object>(), cancellationToken);
    }
}
