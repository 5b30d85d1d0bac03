using System.Net;
using Nashir.Tests.Support;
using Xunit;

namespace Nashir.Tests.Features.Articles;

public sealed class ArticleValidationTests_on_Sqlite(SqliteApp app) : ArticleValidationTests<SqliteApp>(app);

public sealed class ArticleValidationTests_on_Postgres(PostgresApp app) : ArticleValidationTests<PostgresApp>(app);

/// <summary>Requests the API must refuse: each answers an RFC 7807 problem naming the field, and changes nothing.</summary>
public abstract class ArticleValidationTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    [Theory]
    [MemberData(nameof(BadArticleRequests.Edits), MemberType = typeof(BadArticleRequests))]
    public async Task A_bad_edit_is_refused_naming_the_field_and_the_article_is_unchanged(string why, string json, string field)
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());

        using var response = await api.SendRawAsync(HttpMethod.Patch, $"/api/v1/articles/{article.Id}", json);

        var problem = await response.ShouldBeInvalidAsync(field);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title), why);
        await AssertUnchangedAsync(api, article);
    }

    [Theory]
    [MemberData(nameof(BadArticleRequests.Edits), MemberType = typeof(BadArticleRequests))]
    public async Task A_bad_new_article_is_refused_naming_the_field(string why, string json, string field)
    {
        using var api = app.CreateApiClient();

        using var response = await api.SendRawAsync(HttpMethod.Post, "/api/v1/articles", json);

        var problem = await response.ShouldBeInvalidAsync(field);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title), why);
    }

    [Fact]
    public async Task Malformed_json_is_a_problem_not_a_bare_400()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());

        using var response = await api.SendRawAsync(HttpMethod.Patch, $"/api/v1/articles/{article.Id}", """{"headline": "عنوان جديد", "body": """);

        // The parser stops where the body breaks off: in the value of "body".
        await response.ShouldBeInvalidAsync("body");
        await AssertUnchangedAsync(api, article);
    }

    [Fact]
    public async Task A_body_over_200000_characters_is_refused()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        var oversized = "<p>" + new string('ن', 200_000) + "</p>";

        using var edit = await api.PatchArticleAsync(article.Id, new ArticleInput { Body = oversized, Version = article.Version });
        using var create = await api.PostArticleAsync(ArticleInput.Story() with { Body = oversized });

        await edit.ShouldBeInvalidAsync("body");
        await create.ShouldBeInvalidAsync("body");
        await AssertUnchangedAsync(api, article);
    }

    [Fact]
    public async Task A_slug_taken_by_another_article_is_refused()
    {
        using var api = app.CreateApiClient();
        var taken = await api.CreateArticleAsync(ArticleInput.Story());
        var article = await api.CreateArticleAsync(ArticleInput.Story());

        using var edit = await api.PatchArticleAsync(article.Id, new ArticleInput { Slug = taken.Slug, Version = article.Version });
        using var create = await api.PostArticleAsync(ArticleInput.Story() with { Slug = taken.Slug });

        await edit.ShouldBeInvalidAsync("slug");
        await create.ShouldBeInvalidAsync("slug");
        await AssertUnchangedAsync(api, article);
        await AssertUnchangedAsync(api, taken);
    }

    [Fact]
    public async Task A_scheduled_time_in_the_past_is_refused()
    {
        using var api = app.CreateApiClient();

        using var response = await api.PostArticleAsync(ArticleInput.Story("scheduled") with { PublishAt = app.Clock.GetUtcNow().AddMinutes(-5) });

        await response.ShouldBeInvalidAsync("publishAt");
    }

    [Fact]
    public async Task A_stale_edit_is_a_conflict_and_changes_nothing()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        var current = await api.UpdateArticleAsync(article.Id, new ArticleInput { Headline = "عنوان بعد التعديل الأول", Version = article.Version });

        using var stale = await api.PatchArticleAsync(article.Id, new ArticleInput { Headline = "عنوان من نسخة قديمة", Version = article.Version });

        await stale.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await AssertUnchangedAsync(api, current);
    }

    private static async Task AssertUnchangedAsync(HttpClient api, ArticleJson saved)
    {
        var now = await api.GetArticleAsync(saved.Id);
        Assert.Equal((saved.Headline, saved.Body, saved.Slug, saved.Status, saved.Version), (now.Headline, now.Body, now.Slug, now.Status, now.Version));
    }
}

/// <summary>Request bodies that must be refused, with the field the answer has to name.</summary>
public static class BadArticleRequests
{
    public static TheoryData<string, string, string> Edits => new()
    {
        { "a script tag in the headline", """{"headline": "<script>alert(1)</script>عاجل", "body": "<p>نص</p>"}""", "headline" },
        { "markup in the headline", """{"headline": "<b>عاجل</b>: انقطاع الكهرباء", "body": "<p>نص</p>"}""", "headline" },
        { "a date that is not a date", """{"headline": "عنوان", "body": "<p>نص</p>", "status": "scheduled", "publishAt": "not-a-date"}""", "publishAt" },
        { "an unknown status", """{"headline": "عنوان", "body": "<p>نص</p>", "status": "archived"}""", "status" },
        { "tags that are not a list", """{"headline": "عنوان", "body": "<p>نص</p>", "tags": "سياسة"}""", "tags" },
        { "an empty headline", """{"headline": "   ", "body": "<p>نص</p>"}""", "headline" },
    };
}
