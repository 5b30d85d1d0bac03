using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Xunit;

namespace Nashir.Tests.Support;

/// <summary>What a client sends to POST/PATCH /api/v1/articles. Left-out (null) fields are not sent.</summary>
public sealed record ArticleInput
{
    public string? Headline { get; init; }
    public string? Body { get; init; }
    public string? Status { get; init; }
    public DateTimeOffset? PublishAt { get; init; }
    public string? Slug { get; init; }
    public IReadOnlyList<string>? Categories { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public int? Version { get; init; }
    public SocialChoiceInput? Social { get; init; }

    /// <summary>A complete, unique news story in the given status (draft, pending, published, scheduled).</summary>
    public static ArticleInput Story(string status = "published")
    {
        var n = Unique.Next();
        return new ArticleInput
        {
            Headline = $"وزارة الطاقة تطلق خطة لتوسيع محطات الطاقة الشمسية في {n} محافظة",
            Body = $"<p>أعلنت وزارة الطاقة اليوم خطة جديدة رقم {n} لتوسيع محطات الطاقة الشمسية.</p>" +
                   "<h2>تفاصيل الخطة</h2><p>تشمل الخطة بناء محطات جديدة خلال ثلاث سنوات.</p>",
            Status = status,
        };
    }
}

public sealed record SocialChoiceInput(int[]? Accounts, Dictionary<string, string>? Texts);

/// <summary>The API's article as a client reads it: the wire contract, not the server's types.</summary>
public sealed record ArticleJson(
    int Id, string Url, string Headline, string? Kicker, string Slug, string Excerpt, string Body, string Status,
    DateTimeOffset? PublishAt, int Version, long ReadCount,
    IReadOnlyList<AuthorJson> Authors, IReadOnlyList<TermJson> Categories, IReadOnlyList<TermJson> Tags, int CommentCount = 0, bool CommentsClosed = false)
{
    /// <summary>The article's path on the site, as the API gives it (percent-encoded).</summary>
    public string Path => new Uri(Url).AbsolutePath;
}

public sealed record AuthorJson(int Id, string Name, string Slug, string Url);

public sealed record TermJson(string Name, string Slug, string Url);

public sealed record ArticleListJson(IReadOnlyList<ArticleSummaryJson> Items, int Page, int PageSize, int Total);

public sealed record ArticleSummaryJson(int Id, string Url, string Headline, int CommentCount = 0);

public sealed record ProblemJson(string? Title, int? Status, string? Detail, IReadOnlyDictionary<string, string[]>? Errors);

/// <summary>Calls of the articles API, with the checks every caller would otherwise repeat.</summary>
public static class ArticlesApiCalls
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static Task<HttpResponseMessage> PostArticleAsync(this HttpClient api, ArticleInput article) =>
        api.PostAsJsonAsync("/api/v1/articles", article, Json, Cancel);

    public static Task<HttpResponseMessage> PatchArticleAsync(this HttpClient api, int id, ArticleInput changes) =>
        api.PatchAsJsonAsync($"/api/v1/articles/{id}", changes, Json, Cancel);

    /// <summary>Sends a body exactly as given, for requests no serializer would produce.</summary>
    public static async Task<HttpResponseMessage> SendRawAsync(this HttpClient api, HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return await api.SendAsync(request, Cancel);
    }

    public static async Task<ArticleJson> CreateArticleAsync(this HttpClient api, ArticleInput article)
    {
        using var response = await api.PostArticleAsync(article);
        await response.ShouldBeAsync(HttpStatusCode.Created);
        var created = await response.ReadJsonAsync<ArticleJson>();
        Assert.Equal(created.Url, response.Headers.Location?.OriginalString);
        return created;
    }

    public static async Task<ArticleJson> UpdateArticleAsync(this HttpClient api, int id, ArticleInput changes)
    {
        using var response = await api.PatchArticleAsync(id, changes);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync<ArticleJson>();
    }

    public static async Task<ArticleJson> GetArticleAsync(this HttpClient api, int id)
    {
        using var response = await api.GetAsync(new Uri($"/api/v1/articles/{id}", UriKind.Relative), Cancel);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync<ArticleJson>();
    }

    public static async Task<ArticleListJson> ListArticlesAsync(this HttpClient api, string query = "")
    {
        using var response = await api.GetAsync(new Uri("/api/v1/articles" + query, UriKind.Relative), Cancel);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync<ArticleListJson>();
    }

    public static async Task<T> ReadJsonAsync<T>(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<T>(Json, Cancel) ?? throw new Xunit.Sdk.XunitException("The response body was JSON null.");

    /// <summary>Asserts the status, showing the body when it is not the expected one (the body says why).</summary>
    public static async Task ShouldBeAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode == expected) return;
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode} {response.StatusCode}, expected {(int)expected} {expected}.\n{Shorten(body)}");
    }

    /// <summary>Asserts an RFC 7807 answer (status and application/problem+json) and reads it.</summary>
    public static async Task<ProblemJson> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        await response.ShouldBeAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync<ProblemJson>();
        Assert.Equal((int)expected, problem.Status);
        return problem;
    }

    /// <summary>Asserts a 400 problem whose errors name the given field.</summary>
    public static async Task<ProblemJson> ShouldBeInvalidAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem.Errors);
        Assert.True(problem.Errors.ContainsKey(field), $"The problem should name '{field}'; it names: {string.Join(", ", problem.Errors.Keys)}.");
        return problem;
    }

    private static string Shorten(string text) => text.Length <= 3000 ? text : text[..3000] + "…";
}
