using System.Text.RegularExpressions;
using Nashir.Web.Features.Accounts;

namespace Nashir.Web.Features.Comments;

/// <summary>WordPress's discussion rules: which status a new comment gets, and who may moderate.</summary>
public static partial class CommentRules
{
    public static CommentStatus Classify(CleanComment comment, CommentOptions options, bool authorHasApprovedComment)
    {
        var words = comment.Name + "\n" + comment.Email + "\n" + comment.Website + "\n" + comment.Text;
        if (ContainsAny(words, options.BlockWords)) return CommentStatus.Spam;
        if (ContainsAny(words, options.HoldWords)) return CommentStatus.Pending;
        if (LinkCount(comment.Text) > options.MaxLinks) return CommentStatus.Pending;
        if (options.HoldFirstComment && !authorHasApprovedComment) return CommentStatus.Pending;
        return CommentStatus.Approved;
    }

    public static int LinkCount(string text) => Links().Count(text);

    /// <summary>What the renderer turns into links: http(s) URLs and bare www. addresses.</summary>
    [GeneratedRegex(@"\b(?:https?://|www\.)[^\s<>""]+", RegexOptions.IgnoreCase)]
    public static partial Regex Links();

    private static bool ContainsAny(string text, IEnumerable<string> words) =>
        words.Any(w => !string.IsNullOrWhiteSpace(w) && text.Contains(w.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Editors and admins moderate every comment; authors those on their own articles; contributors none.</summary>
    public static bool CanModerate(Actor actor, IEnumerable<int> articleAuthorIds) => actor.Role switch
    {
        Roles.Admin or Roles.Editor => true,
        Roles.Author => articleAuthorIds.Contains(actor.UserId),
        _ => false,
    };

    public static bool CanModerateAny(Actor actor) => actor.Role is Roles.Admin or Roles.Editor or Roles.Author;

    public static string ArabicName(CommentStatus status) => status switch
    {
        CommentStatus.Pending => "بانتظار المراجعة",
        CommentStatus.Approved => "منشور",
        CommentStatus.Spam => "مزعج",
        CommentStatus.Trash => "في المهملات",
        _ => status.ToString(),
    };
}
