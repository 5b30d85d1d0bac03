using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Features.Search;

public sealed record SearchHitResponse(int Id, string Url, string Headline, string HeadlineHtml, string? Kicker, string Snippet, DateTime PublishedAt, double Score);

/// <param name="Total">Matches counted, up to 1,001; <paramref name="TotalIsLowerBound"/> then says there are more.</param>
public sealed record SearchResponse(string Query, IReadOnlyList<SearchHitResponse> Items, int Page, int PageSize, int Total, bool TotalIsLowerBound, string? DidYouMean);

/// <summary>`GET /api/v1/search`: the search page's results as JSON. Snippets are HTML with &lt;mark&gt; around matches.</summary>
public static class SearchApi
{
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/search", Search).WithTags("Search").WithName("Search");
        return app;
    }

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem>> Search(
        ArticleSearch search, IOptions<NashirOptions> options, CancellationToken cancellationToken,
        string? q = null, int page = 1, int pageSize = ArticleSearch.DefaultPageSize, string? sort = null,
        string? category = null, string? author = null, string? tag = null, string? from = null, string? to = null)
    {
        if (page < 1) return ApiJson.Problem("page", "رقم الصفحة يبدأ من 1.");
        if (pageSize is < 1 or > ArticleSearch.MaxPageSize) return ApiJson.Problem("pageSize", $"حجم الصفحة بين 1 و{ArticleSearch.MaxPageSize}.");
        if (!SearchParameters.TryParseSort(sort, out var order)) return ApiJson.Problem("sort", "الترتيب relevance أو newest.");
        if (!SearchParameters.TryParseDate(from, out var fromDate)) return ApiJson.Problem("from", "التاريخ بصيغة YYYY-MM-DD.");
        if (!SearchParameters.TryParseDate(to, out var toDate)) return ApiJson.Problem("to", "التاريخ بصيغة YYYY-MM-DD.");

        var results = await search.SearchAsync(new SearchRequest(q, page, pageSize, order, category, author, tag, fromDate, toDate), cancellationToken);
        var site = options.Value.Site.Url.TrimEnd('/');
        return TypedResults.Ok(new SearchResponse(results.Query,
            results.Items.Select(h => new SearchHitResponse(h.Id, site + ArticleUrls.Path(h.Id, h.Slug), h.Headline, h.HeadlineHtml, h.Kicker, h.SnippetHtml, h.PublishedAt, h.Score)).ToList(),
            results.Page, results.PageSize, results.Total, results.TotalIsLowerBound, results.DidYouMean));
    }
}

/// <summary>Query-string values shared by the search page and the API.</summary>
public static class SearchParameters
{
    public static bool TryParseSort(string? value, out SearchSort sort)
    {
        sort = value is "newest" ? SearchSort.Newest : SearchSort.Relevance;
        return value is null or "" or "relevance" or "newest";
    }

    public static bool TryParseDate(string? value, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(value)) return true;
        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) return false;
        date = parsed;
        return true;
    }
}
