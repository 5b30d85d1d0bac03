using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nashir.Web.Features.Import;

/// <summary>
/// What an import made of a WordPress object: (site, kind, WordPress id) → Nashir id. Written in the same
/// transaction as the object, so a re-run (after a kill, or of the same file) skips exactly what is there.
/// </summary>
public sealed class ImportedItem
{
    public long Id { get; set; }

    /// <summary>The export's wp:base_site_url: two WordPress sites have overlapping ids.</summary>
    public required string Site { get; set; }
    public required string Kind { get; set; }
    public long WpId { get; set; }
    public int NashirId { get; set; }

    /// <summary>For media: where the file is now (the original URL, or /media/… when it was copied).</summary>
    public string? Url { get; set; }
}

/// <summary>An old WordPress URL (path, or "/?p=ID") and the Nashir URL it now answers 301 to.</summary>
public sealed class LegacyRedirect
{
    public required string Path { get; set; }
    public required string Target { get; set; }
}

public static class ImportKinds
{
    public const string Post = "post";
    public const string Page = "page";
    public const string Attachment = "attachment";
    public const string Author = "author";
    public const string Category = "category";
    public const string Tag = "post_tag";
}

internal sealed class ImportMapping : IEntityTypeConfiguration<ImportedItem>, IEntityTypeConfiguration<LegacyRedirect>
{
    public void Configure(EntityTypeBuilder<ImportedItem> item)
    {
        item.Property(i => i.Site).HasMaxLength(200);
        item.Property(i => i.Kind).HasMaxLength(20);
        item.Property(i => i.Url).HasMaxLength(2000);
        item.HasIndex(i => new { i.Site, i.Kind, i.WpId }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<LegacyRedirect> redirect)
    {
        redirect.HasKey(r => r.Path);
        redirect.Property(r => r.Path).HasMaxLength(600);
        redirect.Property(r => r.Target).HasMaxLength(600);
    }
}
