namespace Nashir.Web.Features.Import;

public sealed record ImportRequest(IReadOnlyList<string> Files, string? MediaFolder = null, bool DryRun = false);

/// <summary>Something an operator should know about one object of the export, with where to find it.</summary>
public sealed record ImportWarning(string Kind, long WpId, WxrPosition Position, string Message, bool Skipped)
{
    public override string ToString() => $"{Position} {Kind} #{WpId}: {Message}";
}

/// <summary>How far an import is: bytes of the current file (the export is streamed, so items are not counted up front).</summary>
public sealed record ImportProgress(string File, long Position, long Length, int Articles, int Comments);

/// <summary>Per kind: new in Nashir, already there from an earlier run (matched by WordPress id), or not imported.</summary>
public sealed class ImportTally
{
    public int Imported { get; set; }
    public int Existing { get; set; }
    public int Skipped { get; set; }
}

public sealed class ImportReport
{
    public static readonly string[] Kinds = ["articles", "pages", "comments", "authors", "categories", "tags", "media"];

    public Dictionary<string, ImportTally> Tallies { get; } = Kinds.ToDictionary(k => k, _ => new ImportTally());
    public List<ImportWarning> Warnings { get; } = [];

    /// <summary>Files that could not be read to their end (not XML, truncated, not WXR); what came before was imported.</summary>
    public List<string> FileErrors { get; } = [];
    public bool DryRun { get; init; }
    public TimeSpan Elapsed { get; set; }

    /// <summary>
    /// Time spent reading and converting posts (first stage), and storing everything (second stage). The stages overlap,
    /// so the larger one bounds the import: where to look when it is slow.
    /// </summary>
    public TimeSpan Converting { get; set; }
    public TimeSpan Storing { get; set; }

    /// <summary>Sticky posts pinned as the home page's featured slots (as many as there were free slots).</summary>
    public int StickyPinned { get; set; }

    public ImportTally this[string kind] => Tallies[kind];

    /// <summary>Thread-safe: posts of a batch are converted in parallel.</summary>
    public void Warn(string kind, long wpId, WxrPosition position, string message, bool skipped)
    {
        lock (Warnings)
        {
            Warnings.Add(new ImportWarning(kind, wpId, position, message, skipped));
            if (skipped && Tallies.TryGetValue(kind, out var tally)) tally.Skipped++;
        }
    }

    public bool Succeeded => FileErrors.Count == 0;
}
