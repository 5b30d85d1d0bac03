using Microsoft.Extensions.Options;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Comments;

namespace Nashir.Web.Pages;

/// <summary>Builds the discussion section for the article page and for the comment confirmation page.</summary>
public sealed class CommentsScreen(CommentThreads threads, CommentForm forms, IOptionsMonitor<CommentOptions> options, TimeProvider clock)
{
    public async Task<CommentsSection> LoadAsync(HttpContext http, ArticleView article, int page, int? replyTo, CommentInput? input, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var now = clock.GetUtcNow().UtcDateTime;
        var comments = await threads.PageAsync(article.Id, page, cancellationToken);
        var pending = await threads.PendingAsync(article.Id, forms.PendingIds(http.Request), cancellationToken);
        if (input is null)
        {
            input = new CommentInput { Stamp = forms.Stamp() };
            if (forms.Commenter(http.Request) is { } known) (input.Name, input.Email, input.Website, input.Remember) = (known.Name, known.Email, known.Website, true);
            input.ParentId = replyTo;
        }
        var replyName = input.ParentId is { } parentId ? (await threads.FindApprovedAsync(article.Id, parentId, cancellationToken))?.AuthorName : null;
        if (replyName is null) input.ParentId = null;
        var open = !CommentDesk.IsClosed(article.CommentsClosed, article.PublishedAt, settings, now);
        return new CommentsSection(article.Id, ArticleUrls.Path(article.Id, article.Slug), article.CommentCount, comments, pending, open,
            input, replyName, settings.MaxDepth, now);
    }
}
