using Nashir.Web.Features.Accounts;

namespace Nashir.Web.Features.Articles;

/// <summary>What one editor's save did to an article, as the capabilities that react to publishing see it.</summary>
/// <param name="PreviousStatus">Null for a new article.</param>
/// <param name="WasLive">Readers could see the article before this save.</param>
public sealed record ArticleSaved(Article Article, Actor Actor, ArticleOrigin Origin, ArticleStatus? PreviousStatus, bool WasLive)
{
    public bool IsNew => PreviousStatus is null;

    /// <summary>The newsroom's word for the save: created, published, scheduled, unpublished, trashed, restored or edited.</summary>
    public string Action => (PreviousStatus, Article.Status) switch
    {
        (null, _) => ArticleActions.Created,
        (not ArticleStatus.Trashed, ArticleStatus.Trashed) => ArticleActions.Trashed,
        (ArticleStatus.Trashed, _) => ArticleActions.Restored,
        (not ArticleStatus.Published, ArticleStatus.Published) => ArticleActions.Published,
        (not ArticleStatus.Scheduled, ArticleStatus.Scheduled) => ArticleActions.Scheduled,
        (ArticleStatus.Published or ArticleStatus.Scheduled, ArticleStatus.Draft or ArticleStatus.PendingReview) => ArticleActions.Unpublished,
        _ => ArticleActions.Edited,
    };
}

public static class ArticleActions
{
    public const string Created = "article.created";
    public const string Edited = "article.edited";
    public const string Published = "article.published";
    public const string Scheduled = "article.scheduled";
    public const string Unpublished = "article.unpublished";
    public const string Trashed = "article.trashed";
    public const string Restored = "article.restored";
}

/// <summary>
/// A capability that reacts to an editor's save, registered from its own setup
/// (<c>services.AddScoped&lt;IArticleReaction, …&gt;()</c>): Articles never learns its name.
/// </summary>
public interface IArticleReaction
{
    /// <summary>Inside the save's transaction, after the article row is written: rows added here commit with it or not at all.</summary>
    Task OnSavingAsync(ArticleSaved saved, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After the commit: work that must not hold the transaction (evictions, waking a dispatcher).</summary>
    Task OnCommittedAsync(ArticleSaved saved, CancellationToken cancellationToken) => Task.CompletedTask;
}
