using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nashir.Web.Features.Settings;

/// <summary>
/// A setting an admin changes on a running site (not in configuration files, which need a redeploy): one row per
/// key, its value as text. Few keys, read through <see cref="SiteSettings"/>' cache, never per query.
/// </summary>
public sealed class SiteSetting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class SiteSettingMapping : IEntityTypeConfiguration<SiteSetting>
{
    public void Configure(EntityTypeBuilder<SiteSetting> setting)
    {
        setting.ToTable("SiteSettings");
        setting.HasKey(s => s.Key);
        setting.Property(s => s.Key).HasMaxLength(100);
        setting.Property(s => s.Value).HasMaxLength(4000);
    }
}
