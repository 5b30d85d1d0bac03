using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Nashir.Web.Features.Search;
using Nashir.Web.Platform.Caching;

namespace Nashir.Web.Pages;

/// <summary>
/// /search?q=…: results of the reader's query; an empty or unusable query is an empty page, never an error.
/// Cached per query string like the listings (readers repeat the news of the day's words), and evicted with them.
/// </summary>
[OutputCache(PolicyName = CachingSetup.ListingPages)]
public sealed class SearchModel(ArticleSearch search) : PageModel
{
    public SearchResults Results { get; private set; } = SearchResults.Empty("", 1, ArticleSearch.DefaultPageSize);
    public string Query { get; private set; } = "";
    public string Sort { get; private set; } = "";

    public async Task OnGetAsync(string? q, string? sort, string? category, string? author, string? tag, string? from, string? to, CancellationToken cancellationToken, int page = 1)
    {
        Query = SearchQuery.Cut(q);
        _ = SearchParameters.TryParseSort(sort, out var order);
        Sort = order == SearchSort.Newest ? "newest" : "";
        // Bad dates and pages from hand-edited URLs are ignored rather than refused: readers get results.
        _ = SearchParameters.TryParseDate(from, out var fromDate);
        _ = SearchParameters.TryParseDate(to, out var toDate);
        Results = await search.SearchAsync(new SearchRequest(Query, Math.Max(1, page), ArticleSearch.DefaultPageSize, order, category, author, tag, fromDate, toDate), cancellationToken);
    }

    public string PageUrl(int page, string? query = null, string? sort = null)
    {
        var parameters = new Dictionary<string, string?> { ["q"] = query ?? Query };
        if ((sort ?? Sort) is { Length: > 0 } s) parameters["sort"] = s;
        foreach (var key in new[] { "category", "author", "tag", "from", "to" })
        {
            if (Request.Query[key].ToString() is { Length: > 0 } value) parameters[key] = value;
        }
        if (page > 1) parameters["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/search", parameters);
    }
}
