using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nashir.Web.Features.Accounts;

/// <summary>
/// An invitation to join the newsroom: a single-use link that expires. Only the SHA-256 of its token is kept (like
/// API tokens): the link is shown once to whoever invited and sent by e-mail; resending replaces the token.
/// </summary>
public sealed class Invitation
{
    public int Id { get; set; }

    /// <summary>Lower-case; the account's e-mail once accepted.</summary>
    public required string Email { get; set; }
    public required string Role { get; set; }
    public required string TokenHash { get; set; }

    /// <summary>The admin who invited; null from the command line.</summary>
    public int? CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    /// <summary>An existing account without a password (an imported WordPress author) that accepting completes;
    /// after acceptance, the account that joined.</summary>
    public int? UserId { get; set; }

    public bool IsPending(DateTime now) => AcceptedAt is null && RevokedAt is null && ExpiresAt > now;
}

/// <summary>Settings under "Nashir:Accounts".</summary>
public sealed class InvitationOptions
{
    public const string Section = "Nashir:Accounts";

    /// <summary>How long an invitation link works: three days covers a weekend.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "90.00:00:00", ErrorMessage = "Nashir:Accounts:InvitationLifetime must be between 5 minutes and 90 days.")]
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromHours(72);
}

/// <summary>The invitations table and the profile columns of the users table.</summary>
internal sealed class PeopleMapping : IEntityTypeConfiguration<Invitation>, IEntityTypeConfiguration<NashirUser>
{
    public void Configure(EntityTypeBuilder<Invitation> invitation)
    {
        invitation.Property(i => i.Email).HasMaxLength(256);
        invitation.Property(i => i.Role).HasMaxLength(32);
        invitation.Property(i => i.TokenHash).HasMaxLength(64);
        invitation.HasIndex(i => i.TokenHash).IsUnique();
        invitation.HasIndex(i => i.Email);
        invitation.HasOne<NashirUser>().WithMany().HasForeignKey(i => i.CreatedById).OnDelete(DeleteBehavior.SetNull);
        invitation.HasOne<NashirUser>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<NashirUser> user)
    {
        user.Property(u => u.PhotoUrl).HasMaxLength(AuthorProfiles.UrlLength);
        user.Property(u => u.XUrl).HasMaxLength(AuthorProfiles.UrlLength);
        user.Property(u => u.FacebookUrl).HasMaxLength(AuthorProfiles.UrlLength);
        user.Property(u => u.LinkedInUrl).HasMaxLength(AuthorProfiles.UrlLength);
        user.Property(u => u.InstagramUrl).HasMaxLength(AuthorProfiles.UrlLength);
        user.Property(u => u.WebsiteUrl).HasMaxLength(AuthorProfiles.UrlLength);
    }
}
