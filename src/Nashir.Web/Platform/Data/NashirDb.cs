using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Audit;
using Nashir.Web.Features.Search;
using Nashir.Web.Features.Comments;
using Nashir.Web.Features.FrontPage;
using Nashir.Web.Features.Settings;
using Nashir.Web.Features.Social;
using Nashir.Web.Features.Import;
using Nashir.Web.Features.Menus;
using Nashir.Web.Features.StaticPages;

namespace Nashir.Web.Platform.Data;

/// <summary>
/// The one database of the site. Each provider has a subclass only so that it can keep its own
/// migrations (SQLite and PostgreSQL DDL differ); the model is the same.
/// </summary>
public abstract class NashirDb(DbContextOptions options)
    : IdentityDbContext<NashirUser, IdentityRole<int>, int>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<ArticleRevision> ArticleRevisions => Set<ArticleRevision>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<DailyRead> DailyReads => Set<DailyRead>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<SocialAccount> SocialAccounts => Set<SocialAccount>();
    public DbSet<SocialDelivery> SocialDeliveries => Set<SocialDelivery>();
    public DbSet<ImportedItem> ImportedItems => Set<ImportedItem>();
    public DbSet<LegacyRedirect> LegacyRedirects => Set<LegacyRedirect>();
    public DbSet<StaticPage> StaticPages => Set<StaticPage>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<FrontPageSlot> FrontPageSlots => Set<FrontPageSlot>();
    public DbSet<BreakingAlert> BreakingAlerts => Set<BreakingAlert>();
    public DbSet<MenuItem> MenuItems => Set<MenuItem>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<SiteSetting> SiteSettings => Set<SiteSetting>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC. SQLite returns DateTime without a Kind and Npgsql refuses
        // non-UTC values for timestamptz, so the kind is fixed at the boundary.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Article>(article =>
        {
            article.Property(a => a.Headline).HasMaxLength(ArticleLimits.Headline);
            article.Property(a => a.Kicker).HasMaxLength(ArticleLimits.Kicker);
            article.Property(a => a.Subtitle).HasMaxLength(ArticleLimits.Subtitle);
            article.Property(a => a.Excerpt).HasMaxLength(ArticleLimits.Excerpt);
            article.Property(a => a.Slug).HasMaxLength(ArticleLimits.Slug);
            article.Property(a => a.FeaturedImageUrl).HasMaxLength(ArticleLimits.Url);
            article.Property(a => a.FeaturedImageCaption).HasMaxLength(ArticleLimits.Caption);
            article.Property(a => a.FeaturedImageAlt).HasMaxLength(ArticleLimits.Caption);
            article.Property(a => a.Version).IsConcurrencyToken();
            article.HasIndex(a => a.Slug).IsUnique();
            article.HasIndex(a => new { a.Status, a.PublishAt });
            // Reader listings walk this newest-first and stop after a page; most rows are live, so
            // filtering by status on the way is cheaper than sorting all of one status.
            article.HasIndex(a => new { a.PublishAt, a.Id });
            article.HasMany(a => a.Authors).WithOne().HasForeignKey(x => x.ArticleId);
            article.HasMany(a => a.Categories).WithMany(c => c.Articles).UsingEntity("ArticleCategories");
            article.HasMany(a => a.Tags).WithMany(t => t.Articles).UsingEntity("ArticleTags");
        });
        builder.Entity<ArticleAuthor>(byline =>
        {
            byline.HasKey(x => new { x.ArticleId, x.UserId });
            byline.HasIndex(x => x.UserId);
            byline.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ArticleRevision>(revision =>
        {
            revision.HasIndex(r => new { r.ArticleId, r.Number }).IsUnique();
            revision.HasOne<Article>().WithMany().HasForeignKey(r => r.ArticleId);
            revision.Property(r => r.Headline).HasMaxLength(ArticleLimits.Headline);
            revision.Property(r => r.Slug).HasMaxLength(ArticleLimits.Slug);
        });
        builder.Entity<Category>(category =>
        {
            category.Property(c => c.Name).HasMaxLength(100);
            category.Property(c => c.Slug).HasMaxLength(ArticleLimits.Slug);
            category.HasIndex(c => c.Slug).IsUnique();
            category.HasOne<Category>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Tag>(tag =>
        {
            tag.Property(t => t.Name).HasMaxLength(100);
            tag.Property(t => t.Slug).HasMaxLength(ArticleLimits.Slug);
            tag.HasIndex(t => t.Slug).IsUnique();
        });
        builder.Entity<DailyRead>(daily =>
        {
            // Day first: "most read since day X" is a range scan of this key.
            daily.HasKey(d => new { d.Day, d.ArticleId });
            daily.HasOne<Article>().WithMany().HasForeignKey(d => d.ArticleId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<NashirUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(100);
            user.Property(u => u.Slug).HasMaxLength(ArticleLimits.Slug);
            user.HasIndex(u => u.Slug).IsUnique();
        });
        builder.Entity<ApiToken>(token =>
        {
            token.Property(t => t.Name).HasMaxLength(100);
            token.Property(t => t.TokenHash).HasMaxLength(64);
            token.HasIndex(t => t.TokenHash).IsUnique();
        });
        SearchDocument.Configure(builder);
        builder.ApplyConfiguration(new CommentMapping());
        builder.ApplyConfiguration<SocialAccount>(new SocialMapping());
        builder.ApplyConfiguration<SocialDelivery>(new SocialMapping());
        builder.ApplyConfiguration<ImportedItem>(new ImportMapping());
        builder.ApplyConfiguration<LegacyRedirect>(new ImportMapping());
        builder.ApplyConfiguration(new StaticPageMapping());
        builder.ApplyConfiguration(new AuditMapping());
        builder.ApplyConfiguration<FrontPageSlot>(new FrontPageMapping());
        builder.ApplyConfiguration<BreakingAlert>(new FrontPageMapping());
        builder.ApplyConfiguration(new MenuItemMapping());
        builder.ApplyConfiguration<Invitation>(new PeopleMapping());
        builder.ApplyConfiguration<NashirUser>(new PeopleMapping());
        builder.ApplyConfiguration(new SiteSettingMapping());
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public sealed class SqliteNashirDb(DbContextOptions<SqliteNashirDb> options) : NashirDb(options);

public sealed class PostgresNashirDb(DbContextOptions<PostgresNashirDb> options) : NashirDb(options);
