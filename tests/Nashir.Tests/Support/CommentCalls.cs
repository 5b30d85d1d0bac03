using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Comments;
using Xunit;

namespace Nashir.Tests.Support;

public sealed record CommentJson(int Id, int? ParentId, string AuthorName, string? AuthorWebsite, string Text, DateTimeOffset CreatedAt, string Url);

public sealed record CommentListJson(IReadOnlyList<CommentJson> Items, int Page, int PageSize, int Total);

public sealed record CommentCreatedJson(int Id, string Status, string Url);

public sealed record ModeratedCommentJson(int Id, int ArticleId, string AuthorName, string AuthorEmail, string? AuthorIp, string Text, string Status, int? ParentId = null);

public sealed record ModeratedListJson(IReadOnlyList<ModeratedCommentJson> Items, int Total);

/// <summary>A reader's comment as typed into the form or sent to the API; unique unless told otherwise.</summary>
public sealed record CommentInputJson(string? Name, string? Email, string? Text, string? Website = null, int? ParentId = null)
{
    public static CommentInputJson Unique(string? email = null)
    {
        var n = Support.Unique.Next();
        return new CommentInputJson($"قارئ {n}", email ?? $"reader{n}@example.com", $"تعليق رقم {n} على الخبر، شكرًا للكاتب.");
    }

    public Dictionary<string, string> Fields(string stamp) => new()
    {
        ["Input.Name"] = Name ?? "", ["Input.Email"] = Email ?? "", ["Input.Website"] = Website ?? "", ["Input.Text"] = Text ?? "",
        ["Input.ParentId"] = ParentId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", ["Input.Stamp"] = stamp,
    };
}

/// <summary>Commenting as readers do (the form, with and without JavaScript) and moderating as the API allows.</summary>
public static partial class CommentCalls
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A browser-like visitor: keeps cookies, does not follow redirects.</summary>
    public static HttpClient CreateBrowserClient(this NashirApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Settings an operator would put under Nashir:Comments, changed for this app while it runs.</summary>
    public static CommentOptions CommentSettings(this NashirApp app) =>
        app.Services.GetRequiredService<IOptionsMonitor<CommentOptions>>().CurrentValue;

    public static async Task<ArticleJson> PublishedArticleAsync(this NashirApp app) =>
        await app.CreateApiClient().CreateArticleAsync(ArticleInput.Story());

    /// <summary>Opens the article, takes the form's signed stamp, lets a person's typing time pass.</summary>
    public static async Task<string> OpenFormAsync(this HttpClient reader, NashirApp app, string articlePath)
    {
        var html = await reader.ReadPageAsync(articlePath);
        var stamp = Regex.Match(html, "name=\"Input.Stamp\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(stamp);
        Assert.Null(NashirApp.AntiforgeryToken(html)); // the cacheable page carries no per-visitor token
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        return stamp;
    }

    /// <summary>What comments.js does: fetch a token, then post the form asking for JSON.</summary>
    public static async Task<HttpResponseMessage> PostCommentWithScriptAsync(this HttpClient reader, string articlePath, Dictionary<string, string> fields, string? token = null)
    {
        token ??= await reader.FormTokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, articlePath + "/comments") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Accept.ParseAdd("application/json");
        return await reader.SendAsync(request, Cancel);
    }

    /// <summary>Without JavaScript: post (no token), get the confirmation page, press send again.</summary>
    public static async Task<HttpResponseMessage> PostCommentWithoutScriptAsync(this HttpClient reader, string articlePath, Dictionary<string, string> fields)
    {
        using var first = await reader.PostFormAsync(articlePath + "/comments", fields);
        await first.ShouldBeAsync(HttpStatusCode.OK);
        var html = await first.Content.ReadAsStringAsync(Cancel);
        var token = NashirApp.AntiforgeryToken(html) ?? throw new Xunit.Sdk.XunitException("The confirmation page has no token.");
        return await reader.PostFormAsync(articlePath + "/comments", new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });
    }

    public static async Task<CommentCreatedJson> CommentAsync(this HttpClient reader, NashirApp app, string articlePath, CommentInputJson comment)
    {
        var stamp = await reader.OpenFormAsync(app, articlePath);
        using var response = await reader.PostCommentWithScriptAsync(articlePath, comment.Fields(stamp));
        await response.ShouldBeAsync(HttpStatusCode.Created);
        return await response.ReadJsonAsync<CommentCreatedJson>();
    }

    public static Task<HttpResponseMessage> PostCommentApiAsync(this HttpClient api, int articleId, CommentInputJson comment) =>
        api.PostAsJsonAsync($"/api/v1/articles/{articleId}/comments", comment, ArticlesApiCalls.Json, Cancel);

    public static async Task<CommentListJson> ApprovedCommentsAsync(this HttpClient api, int articleId)
    {
        using var response = await api.GetAsync(new Uri($"/api/v1/articles/{articleId}/comments", UriKind.Relative), Cancel);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync<CommentListJson>();
    }

    public static async Task ModerateAsync(this HttpClient api, int commentId, string status)
    {
        using var response = await api.PostAsJsonAsync($"/api/v1/comments/{commentId}/status", new { status }, ArticlesApiCalls.Json, Cancel);
        await response.ShouldBeAsync(HttpStatusCode.OK);
    }

    public static async Task<ModeratedCommentJson?> StoredCommentAsync(this NashirApp app, int commentId)
    {
        var list = await app.CreateApiClient().GetFromJsonAsync<ModeratedListJson>("/api/v1/comments?page=1", ArticlesApiCalls.Json, Cancel);
        return list!.Items.FirstOrDefault(c => c.Id == commentId);
    }

    public static async Task<int> StoredCommentCountAsync(this NashirApp app, int articleId)
    {
        var list = await app.CreateApiClient().GetFromJsonAsync<ModeratedListJson>($"/api/v1/comments?articleId={articleId}", ArticlesApiCalls.Json, Cancel);
        return list!.Total;
    }

    /// <summary>What comments.js fetches before posting (and sets the anti-forgery cookie).</summary>
    public static async Task<string> FormTokenAsync(this HttpClient reader) =>
        (await reader.GetFromJsonAsync<TokenJson>("/comments/token", Cancel))!.Token;

    private sealed record TokenJson(string Token);
}
