namespace Nashir.Web.Features.Import;

/// <summary>
/// The state of one import: the request, the report and what the export's objects became in Nashir so far.
/// The maps and the channel are touched only by the storing stage; the converting stage uses the request, the items'
/// converter and the report (whose warnings are thread-safe).
/// </summary>
internal sealed class ImportRun(ImportRequest request, ImportReport report, WordPressItems items, int fallbackAuthor)
{
    public ImportRequest Request { get; } = request;
    public ImportReport Report { get; } = report;
    public WordPressItems Items { get; } = items;
    public int FallbackAuthor { get; } = fallbackAuthor;
    public WxrChannel? Channel { get; set; }
    public string Site => Channel?.SiteUrl ?? "";

    /// <summary>Login → user id; nicename → term id. As small as the site's people and terms.</summary>
    public Dictionary<string, int> Authors { get; } = [];
    public Dictionary<string, int> Categories { get; } = [];
    public Dictionary<string, int> Tags { get; } = [];

    /// <summary>Articles whose featured image is an attachment not seen yet (exports are in id order, not dependency order).</summary>
    public List<PendingThumbnail> PendingThumbnails { get; } = [];

    /// <summary>Articles stored from sticky posts, in file order: the home page's featured slots once the import ends.</summary>
    public List<int> StickyArticles { get; } = [];

    public int AuthorOf(PreparedPost post) => Authors.TryGetValue(post.AuthorLogin, out var user) && user > 0 ? user : FallbackAuthor;
}

internal sealed record PendingThumbnail(int ArticleId, long AttachmentId, long PostId, WxrPosition Position);
