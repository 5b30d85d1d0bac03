using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nashir.Web.Features.Articles;

namespace Nashir.Web.Features.FrontPage;

/// <summary>
/// An article an editor pinned to the home page (no section) or to a section's archive page: the lead story, or one
/// of the ordered featured slots. Past <see cref="ExpiresAt"/> the slot is ignored when pages are read, so the page
/// falls back to the newest articles without a job; a pinned article that leaves the site simply stops showing.
/// </summary>
public sealed class FrontPageSlot
{
    public int Id { get; set; }

    /// <summary>The section (category) whose archive page it leads; null for the home page.</summary>
    public int? SectionId { get; set; }

    public bool IsLead { get; set; }

    /// <summary>Order among the featured slots of the same page, from 1; 0 for the lead.</summary>
    public int Position { get; set; }

    public int ArticleId { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime PinnedAt { get; set; }
    public int? PinnedById { get; set; }
}

/// <summary>
/// A one-line breaking-news alert (عاجل) shown on every public page until it expires or an editor removes it. Posting
/// a new one replaces the current one, so at most one is ever live; old rows stay as the newsroom's record.
/// </summary>
public sealed class BreakingAlert
{
    public int Id { get; set; }
    public required string Text { get; set; }

    /// <summary>The article it links to, if any; its URL is looked up when shown, so a changed slug keeps
    /// working.</summary>
    public int? ArticleId { get; set; }

    public DateTime PostedAt { get; set; }
    public DateTime ExpiresAt { get; set; }

    /// <summary>When an editor removed it or a newer alert replaced it.</summary>
    public DateTime? RemovedAt { get; set; }

    public int? PostedById { get; set; }
    public string PostedByName { get; set; } = "";
}

internal sealed class FrontPageMapping : IEntityTypeConfiguration<FrontPageSlot>,
    IEntityTypeConfiguration<BreakingAlert>
{
    public void Configure(EntityTypeBuilder<FrontPageSlot> slot)
    {
        slot.ToTable("FrontPageSlots");
        slot.HasIndex(s => new { s.SectionId, s.Position });
        // Trashing keeps the row, so a pin outlives unpublishing (it just stops showing); deleting the article or
        // the section (a merge) takes its pins with it.
        slot.HasOne<Article>().WithMany().HasForeignKey(s => s.ArticleId).OnDelete(DeleteBehavior.Cascade);
        slot.HasOne<Category>().WithMany().HasForeignKey(s => s.SectionId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<BreakingAlert> alert)
    {
        alert.ToTable("BreakingAlerts");
        alert.Property(a => a.Text).HasMaxLength(BreakingNews.MaxLength);
        alert.Property(a => a.PostedByName).HasMaxLength(100);
        // The current alert: the newest one not removed (then its expiry is checked).
        alert.HasIndex(a => new { a.RemovedAt, a.PostedAt });
        alert.HasOne<Article>().WithMany().HasForeignKey(a => a.ArticleId).OnDelete(DeleteBehavior.SetNull);
    }
}
