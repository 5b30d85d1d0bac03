using Nashir.Web.Features.Accounts;

namespace Nashir.Web.Features.Articles;

public enum ArticleStatus
{
    Draft = 0,
    PendingReview = 1,
    Scheduled = 2,
    Published = 3,
    Trashed = 4,
}

/// <summary>A news article. Body holds sanitized HTML only: it is cleaned on every save.</summary>
public sealed class Article
{
    public int Id { get; set; }
    public required string Headline { get; set; }
    public string? Kicker { get; set; }
    public string? Subtitle { get; set; }
    public string Body { get; set; } = "";

    /// <summary>What listings and meta descriptions show: the editor's text, or derived from the body.</summary>
    public string Excerpt { get; set; } = "";
    public bool ExcerptIsCustom { get; set; }

    public string? FeaturedImageUrl { get; set; }
    public string? FeaturedImageCaption { get; set; }
    public string? FeaturedImageAlt { get; set; }

    public ArticleStatus Status { get; set; }

    /// <summary>When the article goes (or went) live, UTC. Set for scheduled and published articles.</summary>
    public DateTime? PublishAt { get; set; }
    public required string Slug { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: every save increments it; a save carrying an older value is refused.</summary>
    public int Version { get; set; }

    /// <summary>Reads flushed from the in-memory counter (see ReadCounter); never written per request.</summary>
    public long ReadCount { get; set; }

    /// <summary>Approved comments, kept by the comments' moderation transaction so listings need no count query.</summary>
    public int CommentCount { get; set; }

    /// <summary>The editor closed comments on this article (the site-wide age limit applies as well).</summary>
    public bool CommentsClosed { get; set; }

    /// <summary>A developing story: cards and the page show the «مباشر» label until the editor clears it.</summary>
    public bool IsDeveloping { get; set; }

    /// <summary>Demo content is never announced anywhere (social posts, notifications).</summary>
    public bool IsDemo { get; set; }

    /// <summary>The editor's social choice for the first post, kept while the article is a draft (see SocialOutbox.Remember).</summary>
    public string? SocialChoiceJson { get; set; }

    public List<ArticleAuthor> Authors { get; set; } = [];
    public List<Category> Categories { get; set; } = [];
    public List<Tag> Tags { get; set; } = [];

    public bool IsLiveAt(DateTime utcNow) => IsLive(Status, PublishAt, utcNow);

    public static bool IsLive(ArticleStatus status, DateTime? publishAt, DateTime utcNow) =>
        status is ArticleStatus.Published or ArticleStatus.Scheduled && publishAt <= utcNow;
}

/// <summary>An article's byline entry; Position keeps the byline order the editor chose.</summary>
public sealed class ArticleAuthor
{
    public int ArticleId { get; set; }
    public int UserId { get; set; }
    public int Position { get; set; }
    public NashirUser User { get; set; } = null!;
}

public sealed class Category
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public string? Description { get; set; }
    public int? ParentId { get; set; }
    public int SortOrder { get; set; }
    public List<Article> Articles { get; set; } = [];
}

public sealed class Tag
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }

    /// <summary>Shown on the tag's archive page and as its meta description.</summary>
    public string? Description { get; set; }
    public List<Article> Articles { get; set; } = [];
}

/// <summary>A snapshot of an article's content taken at every save, so any earlier state can be restored.</summary>
public sealed class ArticleRevision
{
    public int Id { get; set; }
    public int ArticleId { get; set; }
    public int Number { get; set; }
    public required string Headline { get; set; }
    public string? Kicker { get; set; }
    public string? Subtitle { get; set; }
    public string Body { get; set; } = "";
    public string Excerpt { get; set; } = "";
    public bool ExcerptIsCustom { get; set; }
    public string? FeaturedImageUrl { get; set; }
    public string? FeaturedImageCaption { get; set; }
    public string? FeaturedImageAlt { get; set; }
    public required string Slug { get; set; }
    public ArticleStatus Status { get; set; }
    public DateTime SavedAt { get; set; }
    public int? SavedById { get; set; }
    public string SavedByName { get; set; } = "";
}
