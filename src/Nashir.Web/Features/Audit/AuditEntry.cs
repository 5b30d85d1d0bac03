using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nashir.Web.Features.Audit;

/// <summary>
/// One line of the editorial audit log: who did what to which thing, when, from where. Append-only: rows are
/// written once and removed only by the retention job, never edited.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }

    /// <summary>The staff member who acted; null for an anonymous attempt (a failed sign-in) or the command line.</summary>
    public int? UserId { get; set; }

    /// <summary>Their name (or the e-mail typed at sign-in) at the time: the log must read the same after a rename.</summary>
    public string? UserName { get; set; }

    /// <summary>What happened, dotted: <c>article.published</c>, <c>user.invited</c>, <c>signin.failed</c> (see <see cref="AuditActions"/>).</summary>
    public required string Action { get; set; }

    /// <summary>The kind of thing acted on (<c>article</c>, <c>user</c>, <c>section</c>, <c>social-account</c>, <c>setting</c>).</summary>
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }

    /// <summary>A human label of the target when it happened (the headline, the e-mail, the section's name).</summary>
    public string? TargetLabel { get; set; }

    /// <summary>What changed, in words an editor reads (e.g. "الدور: كاتب ← محرر").</summary>
    public string? Detail { get; set; }
    public string? Ip { get; set; }
}

internal sealed class AuditMapping : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.ToTable("AuditLog");
        entry.Property(e => e.UserName).HasMaxLength(256);
        entry.Property(e => e.Action).HasMaxLength(64);
        entry.Property(e => e.TargetType).HasMaxLength(32);
        entry.Property(e => e.TargetId).HasMaxLength(64);
        entry.Property(e => e.TargetLabel).HasMaxLength(300);
        entry.Property(e => e.Detail).HasMaxLength(2000);
        entry.Property(e => e.Ip).HasMaxLength(64);
        // The screen reads newest first, filtered by one of these; retention deletes by At.
        entry.HasIndex(e => e.At);
        entry.HasIndex(e => new { e.UserId, e.At });
        entry.HasIndex(e => new { e.TargetType, e.TargetId });
    }
}
