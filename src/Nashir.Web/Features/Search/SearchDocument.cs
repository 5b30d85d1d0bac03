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

    /// <summary>
    /// The order searches read matches in, newest first: the publish minute in the high bits, the article id in
    /// the low 31 (unique). SQLite's FTS5 rowid and PostgreSQL's scan order, so a search can stop reading as
    /// soon as older articles can no longer outrank what it has (see ArticleSearch).
    /// </summary>
    public long Recency { get; set; }
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
        document.HasIndex(d => d.Recency).IsUnique();
        document.HasOne<Article>().WithOne().HasForeignKey<SearchDocument>(d => d.ArticleId).OnDelete(DeleteBehavior.Cascade);
    });

    public static long RecencyOf(int articleId, DateTime? publishAt) => (PublishMinute(publishAt) << 31) | (uint)articleId;

    /// <summary>Whole minutes since 1970 (UTC): what <see cref="Recency"/> keeps of the publish time (0 for none).</summary>
    public static long PublishMinute(DateTime? publishAt) =>
        publishAt is { } at && at > DateTime.UnixEpoch ? (at.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMinute : 0;

    /// <summary>The earliest moment after which no article at or beyond this key in the scan can have been published.</summary>
    public static DateTime LatestPublishAt(long recency) => DateTime.UnixEpoch.AddMinutes((recency >> 31) + 1);
}
