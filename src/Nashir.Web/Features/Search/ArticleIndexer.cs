using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Text;
using Nashir.Web.Platform.Text.Arabic;

namespace Nashir.Web.Features.Search;

/// <summary>
/// Keeps an article's SearchDocument in step with it. ArticleEditor calls it inside its save
/// transaction, so the index can never disagree with what was saved. Every article except trashed
/// ones is indexed with whatever status it has: search filters "live" at query time, exactly as
/// PublicArticles does, so a schedule falling due needs no re-index.
/// </summary>
public sealed class ArticleIndexer(NashirDb db, ArabicAnalyzer analyzer)
{
    /// <summary>Adds, updates or removes the article's document on the context; the caller's SaveChanges writes it.</summary>
    public async Task TrackAsync(Article article, CancellationToken cancellationToken)
    {
        var documents = db.Set<SearchDocument>();
        var existing = await documents.AsTracking().SingleOrDefaultAsync(d => d.ArticleId == article.Id, cancellationToken);
        if (article.Status == ArticleStatus.Trashed)
        {
            if (existing is not null) documents.Remove(existing);
            return;
        }
        var fresh = Document(article.Id, article.PublishAt, article.Headline, article.Kicker, article.Subtitle, article.Body);
        if (existing is null)
        {
            documents.Add(fresh);
            return;
        }
        db.Entry(existing).CurrentValues.SetValues(fresh);
    }

    public SearchDocument Document(int articleId, DateTime? publishAt, string headline, string? kicker, string? subtitle, string bodyHtml)
    {
        var (headlineExact, headlineStem) = analyzer.Layers(headline);
        var (leadExact, leadStem) = analyzer.Layers($"{kicker} {subtitle}");
        var (bodyExact, bodyStem) = analyzer.Layers(PlainText.FromHtml(bodyHtml));
        return new SearchDocument
        {
            ArticleId = articleId,
            Recency = SearchDocument.RecencyOf(articleId, publishAt),
            HeadlineExact = headlineExact,
            HeadlineStem = headlineStem,
            LeadExact = leadExact,
            LeadStem = leadStem,
            BodyExact = bodyExact,
            BodyStem = bodyStem,
        };
    }
}
