using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;

namespace Nashir.Web.Pages;

/// <summary>One archive page (category, tag, author): what is listed and how its pages link.</summary>
public sealed record ArchiveView(string Kind, string Title, string BasePath, ArchivePage<ArticleCard> Articles)
{
    /// <summary>The editors' words about a section or tag: shown under its name and as the page's meta description.</summary>
    public string? Description { get; init; }

    /// <summary>An author archive's profile (photo, bio, links), shown above the articles.</summary>
    public PublicProfile? Author { get; init; }

    public string PageUrl(int page) => page <= 1 ? BasePath : $"{BasePath}?page={page}";

    /// <summary>Page 1 of an empty archive is a page; page 7 of a 3-page archive is not.</summary>
    public bool IsOutOfRange => Articles.Page > Articles.PageCount;
}
