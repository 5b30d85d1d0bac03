using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Articles;

namespace Nashir.Web.Features.Search;

/// <summary>
/// An article as the search index sees it: space-separated analyzed tokens, one token per word so
/// positions (phrases) survive, in two layers — the exact normalized form (ranks higher) and the light
/// stem (matches). SQLite mirrors this table into an FTS5 index by trigger; PostgreSQL derives
/// weighted tsvectors from it as generated columns (see SearchSchema). Written in the same
/// transaction as the article (ArticleEditor → ArticleIndexer).
/// </summary>
public sealed class SearchDocument
{
    public int ArticleId { get; set; }
    public string HeadlineExact { get; set; } = "";
    public string HeadlineStem { get; set; } = "";

    /// <summary>Kicker and subtitle: between the headline and the body in weight.</summary>
    public string LeadExact { get; set; } = "";
    public string LeadStem { get; set; } = "";
    public string BodyExact { get; set; } = "";
    public string BodyStem { get; set; } = "";

    internal static void Configure(ModelBuilder builder) => builder.Entity<SearchDocument>(document =>
    {
        document.ToTable("SearchDocuments");
        document.HasKey(d => d.ArticleId);
        document.Property(d => d.ArticleId).ValueGeneratedNever();
        document.HasOne<Article>().WithOne().HasForeignKey<SearchDocument>(d => d.ArticleId).OnDelete(DeleteBehavior.Cascade);
    });
}
