using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nashir.Web.Features.Menus;

/// <summary>
/// One entry of the header or footer menu: a section, a static page or a link. Sections and pages are referenced by
/// id without a foreign key on purpose: deleting a page must not silently remove it from the menu, the menu screen
/// shows the entry as broken and readers never see it.
/// </summary>
public sealed class MenuItem
{
    public int Id { get; set; }

    /// <summary><see cref="Menus.Header"/> or <see cref="Menus.Footer"/>.</summary>
    public required string Menu { get; set; }
    public int Position { get; set; }

    /// <summary><see cref="MenuKinds.Section"/>, <see cref="MenuKinds.Page"/> or <see
    /// cref="MenuKinds.Link"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>The section's or page's id; null for a link.</summary>
    public int? TargetId { get; set; }

    /// <summary>A link's address: http(s) or a path on this site.</summary>
    public string? Url { get; set; }

    /// <summary>What readers see; empty shows the section's name or the page's title.</summary>
    public string? Label { get; set; }
}

public static class Menus
{
    public const string Header = "header";
    public const string Footer = "footer";

    public static readonly IReadOnlyList<string> All = [Header, Footer];

    public static string ArabicName(string menu) => menu == Header ? "القائمة العلوية" : "قائمة التذييل";
}

public static class MenuKinds
{
    public const string Section = "section";
    public const string Page = "page";
    public const string Link = "link";

    public static readonly IReadOnlyList<string> All = [Section, Page, Link];

    public static string ArabicName(string kind) => kind switch
    {
        Section => "قسم",
        Page => "صفحة",
        _ => "رابط",
    };
}

internal sealed class MenuItemMapping : IEntityTypeConfiguration<MenuItem>
{
    public const int LabelLength = 100;
    public const int UrlLength = 600;

    public void Configure(EntityTypeBuilder<MenuItem> item)
    {
        item.Property(i => i.Menu).HasMaxLength(16);
        item.Property(i => i.Kind).HasMaxLength(16);
        item.Property(i => i.Url).HasMaxLength(UrlLength);
        item.Property(i => i.Label).HasMaxLength(LabelLength);
        item.HasIndex(i => new { i.Menu, i.Position });
    }
}
