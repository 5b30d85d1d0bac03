using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nashir.Web.Features.Articles;

namespace Nashir.Web.Features.Social;

/// <summary>The networks Nashir posts to; the config value is the lower-case name (`mastodon`, `x` …).</summary>
public static class SocialNetworks
{
    public const string X = "x", Facebook = "facebook", LinkedIn = "linkedin", Telegram = "telegram", Mastodon = "mastodon", Bluesky = "bluesky";
    public static readonly string[] All = [X, Facebook, LinkedIn, Telegram, Mastodon, Bluesky];

    public static string ArabicName(string network) => network switch
    {
        X => "إكس (تويتر)",
        Facebook => "صفحة فيسبوك",
        LinkedIn => "صفحة لينكدإن",
        Telegram => "قناة تيليغرام",
        Mastodon => "ماستودون",
        Bluesky => "بلوسكاي",
        _ => network,
    };

    /// <summary>The credential fields each network needs (what the admin form asks for and config may set).</summary>
    public static string[] CredentialFields(string network) =>
        SocialCredentialFields.For(network).Select(f => f.Name).ToArray();

    public static string DefaultBaseUrl(string network) => network switch
    {
        X => "https://api.x.com",
        Facebook => "https://graph.facebook.com/v24.0",
        LinkedIn => "https://api.linkedin.com",
        Telegram => "https://api.telegram.org",
        Bluesky => "https://bsky.social",
        _ => "",
    };
}

/// <summary>What to attach: a link (the network builds its card; Bluesky gets one built by us), the featured image, or nothing.</summary>
public enum SocialAttachment { Card = 0, Image = 1, None = 2 }

/// <summary>A connected account. Credentials are a Data-Protection-encrypted JSON object, never shown after saving.</summary>
public sealed class SocialAccount
{
    public int Id { get; set; }

    /// <summary>Unique name; for accounts declared in configuration it is the config key (`Nashir:Social:Accounts:{key}`).</summary>
    public required string Key { get; set; }
    public required string Network { get; set; }
    public string Name { get; set; } = "";
    public string BaseUrl { get; set; } = "";
    public string ProtectedCredentials { get; set; } = "";
    public bool Enabled { get; set; } = true;
    public string Template { get; set; } = SocialTemplate.Default;

    /// <summary>Comma-separated category slugs or names; an entry with a leading '-' excludes. Empty: every article.</summary>
    public string Categories { get; set; } = "";
    public SocialAttachment Attachment { get; set; }

    /// <summary>Appended to the permalink, e.g. `utm_source=mastodon&amp;utm_medium=social`.</summary>
    public string Utm { get; set; } = "";
    public int DelaySeconds { get; set; }

    /// <summary>Declared in configuration: edits in the admin area are overwritten at the next start.</summary>
    public bool FromConfig { get; set; }

    public DateTime? LastSuccessAt { get; set; }
    public DateTime? LastErrorAt { get; set; }

    /// <summary>Arabic: what went wrong, by kind (SocialErrors); the network's words are in LastErrorDetail.</summary>
    public string? LastError { get; set; }

    /// <summary>The network's raw answer, kept beside the Arabic explanation for support.</summary>
    public string? LastErrorDetail { get; set; }
}

public enum DeliveryStatus
{
    Queued = 0,
    Sending = 1,
    Sent = 2,
    Failed = 3,
    Cancelled = 4,
    /// <summary>The network may or may not have the post and offers no way to find out: a person checks the account.</summary>
    Unknown = 5,
}

/// <summary>
/// One article to one account: the outbox row, written in the article's transaction and worked by
/// SocialDispatcher. Its retry state (attempts, next try) lives here so it survives restarts.
/// </summary>
public sealed class SocialDelivery
{
    public long Id { get; set; }
    public int ArticleId { get; set; }
    public int AccountId { get; set; }
    public DeliveryStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Not sent before this time: publish time + account delay, or the next retry.</summary>
    public DateTime NotBefore { get; set; }
    public int Attempts { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public string? LeaseOwner { get; set; }

    /// <summary>An earlier attempt may have reached the network (timeout, 5xx, or its node died mid-send).</summary>
    public bool Uncertain { get; set; }

    /// <summary>The editor's own text for this network, used instead of the account's template.</summary>
    public string? CustomText { get; set; }

    /// <summary>The exact text sent, frozen at the first attempt so that retries send the same post.</summary>
    public string? FrozenText { get; set; }

    /// <summary>Arabic: what went wrong, by kind (SocialErrors); the network's words are in LastErrorDetail.</summary>
    public string? LastError { get; set; }
    public string? LastErrorDetail { get; set; }
    public string? RemoteId { get; set; }
    public string? RemoteUrl { get; set; }
    public DateTime? SentAt { get; set; }

    public SocialAccount Account { get; set; } = null!;
    public Article Article { get; set; } = null!;

    public bool IsOpen => Status is DeliveryStatus.Queued or DeliveryStatus.Sending;
}

internal sealed class SocialMapping : IEntityTypeConfiguration<SocialAccount>, IEntityTypeConfiguration<SocialDelivery>
{
    public void Configure(EntityTypeBuilder<SocialAccount> account)
    {
        account.Property(a => a.Key).HasMaxLength(100);
        account.HasIndex(a => a.Key).IsUnique();
        account.Property(a => a.Network).HasMaxLength(20);
        account.Property(a => a.Name).HasMaxLength(200);
        account.Property(a => a.BaseUrl).HasMaxLength(500);
        account.Property(a => a.Template).HasMaxLength(2000);
        account.Property(a => a.Categories).HasMaxLength(1000);
        account.Property(a => a.Utm).HasMaxLength(500);
        account.Property(a => a.LastError).HasMaxLength(1000);
        account.Property(a => a.LastErrorDetail).HasMaxLength(1000);
    }

    public void Configure(EntityTypeBuilder<SocialDelivery> delivery)
    {
        // The dispatcher's claim: due jobs by status and time.
        delivery.HasIndex(d => new { d.Status, d.NotBefore });
        delivery.HasIndex(d => new { d.ArticleId, d.AccountId });
        delivery.Property(d => d.LeaseOwner).HasMaxLength(100);
        delivery.Property(d => d.LastError).HasMaxLength(1000);
        delivery.Property(d => d.LastErrorDetail).HasMaxLength(1000);
        delivery.Property(d => d.RemoteId).HasMaxLength(300);
        delivery.Property(d => d.RemoteUrl).HasMaxLength(1000);
        delivery.HasOne(d => d.Account).WithMany().HasForeignKey(d => d.AccountId).OnDelete(DeleteBehavior.Cascade);
        delivery.HasOne(d => d.Article).WithMany().HasForeignKey(d => d.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

public static class SocialDeliveryLabels
{
    public static string Status(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Queued => "في الانتظار",
        DeliveryStatus.Sending => "يُرسل الآن",
        DeliveryStatus.Sent => "أُرسل",
        DeliveryStatus.Failed => "فشل",
        DeliveryStatus.Cancelled => "أُلغي",
        DeliveryStatus.Unknown => "غير معروف — راجع الحساب",
        _ => status.ToString(),
    };
}
