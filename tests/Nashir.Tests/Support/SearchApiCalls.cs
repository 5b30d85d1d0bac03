using System.Net;
using Xunit;

namespace Nashir.Tests.Support;

public sealed record SearchHitJson(int Id, string Url, string Headline, string HeadlineHtml, string Snippet, double Score);

public sealed record SearchJson(string Query, IReadOnlyList<SearchHitJson> Items, int Page, int PageSize, int Total, string? DidYouMean);

/// <summary>Calls of GET /api/v1/search as a reader's client makes them.</summary>
public static class SearchApiCalls
{
    public static async Task<SearchJson> SearchAsync(this HttpClient client, string query, string extra = "")
    {
        using var response = await client.GetAsync(new Uri($"/api/v1/search?q={Uri.EscapeDataString(query)}{extra}", UriKind.Relative), TestContext.Current.CancellationToken);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync<SearchJson>();
    }

    public static async Task<IReadOnlyList<int>> SearchIdsAsync(this HttpClient client, string query, string extra = "") =>
        (await client.SearchAsync(query, "&pageSize=50" + extra)).Items.Select(i => i.Id).ToList();
}
