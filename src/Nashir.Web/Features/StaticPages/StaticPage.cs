using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nashir.Web.Features.Articles;

namespace Nashir.Web.Features.StaticPages;

/// <summary>A page outside the news flow (about, contact, privacy): sanitized HTML like an article, at /pages/{slug}.</summary>
public sealed class StaticPage
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public required string Slug { get; set; }
    public string Body { get; set; } = "";

    /// <summary>Shown in the footer menu, in MenuOrder; unpublished pages are nowhere.</summary>
    public bool Published { get; set; }
    public int MenuOrder { get; set; }
    public DateTime UpdatedAt { get; set; }

    public static string PathOf(string slug) => $"/pages/{Uri.EscapeDataString(slug)}";
}

internal sealed class StaticPageMapping : IEntityTypeConfiguration<StaticPage>
{
    public void Configure(EntityTypeBuilder<StaticPage> page)
    {
        page.Property(p => p.Title).HasMaxLength(ArticleLimits.Headline);
        page.Property(p => p.Slug).HasMaxLength(ArticleLimits.Slug);
        page.Property(p => p.Body).HasMaxLength(ArticleLimits.Body);
        page.HasIndex(p => p.Slug).IsUnique();
    }
}
