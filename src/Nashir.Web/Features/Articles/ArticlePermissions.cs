using Nashir.Web.Features.Accounts;

namespace Nashir.Web.Features.Articles;

/// <summary>
/// WordPress's capability model, in one place: contributors write drafts and submit them for review,
/// authors publish and manage their own articles, editors and admins manage everyone's.
/// </summary>
public static class ArticlePermissions
{
    public static bool IsOwn(Actor actor, Article article) => article.Authors.Any(a => a.UserId == actor.UserId);

    public static bool CanEdit(Actor actor, Article article) => actor.Role switch
    {
        Roles.Admin or Roles.Editor => true,
        Roles.Author => IsOwn(actor, article),
        // A contributor loses the article once it is out of their hands.
        Roles.Contributor => IsOwn(actor, article) && article.Status is ArticleStatus.Draft or ArticleStatus.PendingReview,
        _ => false,
    };

    /// <summary>Whether the actor may move an article they can edit into the given status.</summary>
    public static bool CanSetStatus(Actor actor, ArticleStatus status) => status switch
    {
        ArticleStatus.Published or ArticleStatus.Scheduled => actor.CanPublish,
        _ => true,
    };

    public static bool CanChangeByline(Actor actor) => actor.IsEditor;

    public static bool CanCreateCategories(Actor actor) => actor.IsEditor;
}
