using Nashir.Web.Features.Comments;

namespace Nashir.Web.Pages;

/// <summary>What the reader types into the comment form; kept whole when anything is refused.</summary>
public sealed class CommentInput
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Website { get; set; }
    public string? Text { get; set; }
    public int? ParentId { get; set; }
    public bool Remember { get; set; }

    /// <summary>The signed time the form was first rendered (CommentForm.Stamp).</summary>
    public string? Stamp { get; set; }

    /// <summary>The honeypot; people never see it.</summary>
    public string? Homepage { get; set; }

    public CommentSubmission ToSubmission() => new(Name, Email, Website, Text, ParentId);
}

/// <summary>
/// The discussion under an article, and the form. The form is rendered without an anti-forgery token
/// because the article page is output-cached for everyone; see CommentPostModel for how the token gets in.
/// </summary>
public sealed record CommentsSection(
    int ArticleId, string ArticlePath, int CommentCount, CommentPage Page, IReadOnlyList<CommentView> Pending, bool Open,
    CommentInput Form, string? ReplyToName, int MaxDepth, DateTime Now)
{
    /// <summary>Set only on the non-cached confirmation page.</summary>
    public string? AntiforgeryToken { get; init; }
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();
    public string? Message { get; init; }
    public bool ShowList { get; init; } = true;

    public string? Error(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
