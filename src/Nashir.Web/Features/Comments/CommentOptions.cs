using System.ComponentModel.DataAnnotations;

namespace Nashir.Web.Features.Comments;

/// <summary>Settings under "Nashir:Comments" (env: Nashir__Comments__MaxLinks …). WordPress's discussion settings, with its defaults.</summary>
public sealed class CommentOptions
{
    public const string Section = "Nashir:Comments";

    /// <summary>Close the form on articles older than this many days; 0 keeps comments open forever.</summary>
    [Range(0, 36500)]
    public int CloseAfterDays { get; set; }

    /// <summary>How deep replies nest: 1 allows no replies, WordPress's default is 5.</summary>
    [Range(1, 10)]
    public int MaxDepth { get; set; } = 5;

    /// <summary>Top-level comments per page; threads are never split across pages.</summary>
    [Range(5, 500)]
    public int PageSize { get; set; } = 50;

    public bool NewestFirst { get; set; }

    /// <summary>Hold a comment with more links than this (WordPress: 2), a favourite of link spam.</summary>
    [Range(0, 100)]
    public int MaxLinks { get; set; } = 2;

    /// <summary>Hold an author's comments until one of theirs was approved (WordPress's "previously approved comment").</summary>
    public bool HoldFirstComment { get; set; } = true;

    /// <summary>Words (or phrases) that send a comment to the moderation queue.</summary>
    public List<string> HoldWords { get; set; } = [];

    /// <summary>Words (or phrases) that send a comment straight to spam.</summary>
    public List<string> BlockWords { get; set; } = [];

    /// <summary>A person needs a few seconds to write; bots post the form the moment they fetch it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MinimumTimeToSubmit { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a rendered form stays valid (its signed timestamp); longer than any reader needs to type.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan FormLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Off only for load tests: the benchmark sends thousands of comments from one address.</summary>
    public bool RateLimitsEnabled { get; set; } = true;

    /// <summary>Comments a minute from one IP address; a conversation rarely needs more.</summary>
    [Range(1, 10000)]
    public int PerIpPerMinute { get; set; } = 5;

    /// <summary>Comments an hour from one email address.</summary>
    [Range(1, 10000)]
    public int PerEmailPerHour { get; set; } = 20;

    /// <summary>Trashed and spam comments are deleted for good after this many days (WordPress: 30).</summary>
    [Range(1, 3650)]
    public int EmptyTrashAfterDays { get; set; } = 30;
}
