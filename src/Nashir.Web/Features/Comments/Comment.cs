using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nashir.Web.Features.Articles;

namespace Nashir.Web.Features.Comments;

public enum CommentStatus
{
    Pending = 0,
    Approved = 1,
    Spam = 2,
    Trash = 3,
}

/// <summary>
/// A reader's comment. AuthorEmail and AuthorIp are personal data: only the editors' area and the
/// token API for moderators read them; every public projection (CommentView) leaves them out.
/// </summary>
public sealed class Comment
{
    public int Id { get; set; }
    public int ArticleId { get; set; }
    public int? ParentId { get; set; }

    /// <summary>0 for a top-level comment; a reply is one deeper than its parent.</summary>
    public int Depth { get; set; }

    public required string AuthorName { get; set; }
    public required string AuthorEmail { get; set; }
    public string? AuthorWebsite { get; set; }
    public string? AuthorIp { get; set; }

    /// <summary>Set when the comment was written by staff (a reply "as the site").</summary>
    public int? UserId { get; set; }

    public required string Text { get; set; }
    public CommentStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime StatusChangedAt { get; set; }

    /// <summary>
    /// SHA-256 of article, parent, lower-cased email and text. Unique: a double-click, a replayed form or
    /// two nodes receiving the same POST store the comment once (the database decides, not a read-then-write).
    /// </summary>
    public required string ContentHash { get; set; }
}

internal sealed class CommentMapping : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> comment)
    {
        comment.Property(c => c.AuthorName).HasMaxLength(CommentLimits.Name);
        comment.Property(c => c.AuthorEmail).HasMaxLength(CommentLimits.Email);
        comment.Property(c => c.AuthorWebsite).HasMaxLength(CommentLimits.Website);
        comment.Property(c => c.AuthorIp).HasMaxLength(45);
        comment.Property(c => c.Text).HasMaxLength(CommentLimits.Text);
        comment.Property(c => c.ContentHash).HasMaxLength(64);
        comment.HasIndex(c => c.ContentHash).IsUnique();
        // The article page: approved comments of one article in order.
        comment.HasIndex(c => new { c.ArticleId, c.Status, c.CreatedAt });
        // The moderation queue by status, newest first; and "has this email an approved comment?".
        comment.HasIndex(c => new { c.Status, c.CreatedAt });
        comment.HasIndex(c => new { c.AuthorEmail, c.Status });
        comment.HasOne<Article>().WithMany().HasForeignKey(c => c.ArticleId).OnDelete(DeleteBehavior.Cascade);
        comment.HasOne<Comment>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

public static class CommentLimits
{
    public const int Name = 100;

    /// <summary>RFC 5321's longest forward path.</summary>
    public const int Email = 254;
    public const int Website = 300;

    /// <summary>About two pages of text; longer "comments" are articles, or abuse.</summary>
    public const int Text = 5000;

    /// <summary>The whole form or JSON body: the text limit in UTF-8 Arabic (2 bytes a letter), plus the other fields, with room.</summary>
    public const int RequestBytes = 32 * 1024;
}
