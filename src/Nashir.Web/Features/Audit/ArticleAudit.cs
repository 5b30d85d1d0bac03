using Nashir.Web.Features.Articles;

namespace Nashir.Web.Features.Audit;

/// <summary>Every editor's save of an article is a line in the audit log, committed with the save itself.</summary>
internal sealed class ArticleAudit(AuditLog audit) : IArticleReaction
{
    public Task OnSavingAsync(ArticleSaved saved, CancellationToken cancellationToken)
    {
        // Demo content is written by the site itself at first start, not by a person.
        if (saved.Origin == ArticleOrigin.Demo) return Task.CompletedTask;
        var article = saved.Article;
        audit.Add(saved.Action, new AuditTarget("article", article.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), article.Headline),
            actor: saved.Actor);
        return Task.CompletedTask;
    }
}
