using System.Net;
using Nashir.Tests.Support;
using Xunit;

namespace Nashir.Tests.Features.Comments;

public sealed class CommentFormTests_on_Sqlite(SqliteApp app) : CommentFormTests<SqliteApp>(app);

public sealed class CommentFormTests_on_Postgres(PostgresApp app) : CommentFormTests<PostgresApp>(app);

/// <summary>The form under every article, as readers use it with and without JavaScript.</summary>
public abstract class CommentFormTests<TApp> : IClassFixture<TApp> where TApp : NashirApp
{
    private readonly TApp app;

    protected CommentFormTests(TApp app)
    {
        this.app = app;
        app.CommentSettings().RateLimitsEnabled = false;
    }

    [Fact]
    public async Task The_seed_article_ends_with_the_form_and_its_privacy_promise()
    {
        var article = (await app.CreateApiClient().ListArticlesAsync()).Items[^1];
        var html = await app.CreateReaderClient().ReadPageAsync(new Uri(article.Url).AbsolutePath);

        Assert.Contains("اترك رداً", html, StringComparison.Ordinal);
        Assert.Contains("لن يتم نشر عنوان بريدك الإلكتروني", html, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.Email\"", html, StringComparison.Ordinal);
        Assert.Contains("احفظ اسمي وبريدي الإلكتروني في هذا المتصفح", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_first_comment_awaits_moderation_visible_only_to_its_writer_until_approved()
    {
        var article = await app.PublishedArticleAsync();
        using var reader = app.CreateBrowserClient();
        var comment = CommentInputJson.Unique();
        var stamp = await reader.OpenFormAsync(app, article.Path);

        using var posted = await reader.PostCommentWithoutScriptAsync(article.Path, comment.Fields(stamp));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("#comment-", posted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var own = await reader.ReadPageAsync(article.Path);
        Assert.Contains(comment.Text!, own, StringComparison.Ordinal);
        Assert.Contains("بانتظار المراجعة", own, StringComparison.Ordinal);
        var others = await app.CreateReaderClient().ReadPageAsync(article.Path);
        Assert.DoesNotContain(comment.Text!, others, StringComparison.Ordinal);

        var id = int.Parse(posted.Headers.Location!.OriginalString.Split("#comment-")[1], System.Globalization.CultureInfo.InvariantCulture);
        await app.CreateApiClient().ModerateAsync(id, "approved");

        var published = await app.CreateReaderClient().ReadPageAsync(article.Path);
        Assert.Contains(comment.Text!, published, StringComparison.Ordinal);
        Assert.DoesNotContain("بانتظار المراجعة", await reader.ReadPageAsync(article.Path), StringComparison.Ordinal);
        Assert.Equal(1, (await app.CreateApiClient().GetArticleAsync(article.Id)).CommentCount);
    }

    [Fact]
    public async Task With_script_the_comment_is_posted_in_place_and_answers_its_status()
    {
        var article = await app.PublishedArticleAsync();
        using var reader = app.CreateBrowserClient();

        var created = await reader.CommentAsync(app, article.Path, CommentInputJson.Unique());

        Assert.Equal("pending", created.Status);
    }

    [Fact]
    public async Task An_author_with_an_approved_comment_is_published_at_once()
    {
        var article = await app.PublishedArticleAsync();
        using var reader = app.CreateBrowserClient();
        var email = $"regular{Unique.Next()}@example.com";
        var first = await reader.CommentAsync(app, article.Path, CommentInputJson.Unique(email));
        await app.CreateApiClient().ModerateAsync(first.Id, "approved");

        var second = await reader.CommentAsync(app, article.Path, CommentInputJson.Unique(email));

        Assert.Equal("approved", second.Status);
        Assert.Equal(2, (await app.CreateApiClient().ApprovedCommentsAsync(article.Id)).Total);
    }

    [Fact]
    public async Task A_form_without_a_token_is_not_saved_but_comes_back_filled_in_with_a_fresh_token()
    {
        var article = await app.PublishedArticleAsync();
        using var reader = app.CreateBrowserClient();
        var comment = CommentInputJson.Unique();
        var stamp = await reader.OpenFormAsync(app, article.Path);

        using var response = await reader.PostFormAsync(article.Path + "/comments", comment.Fields(stamp));

        await response.ShouldBeAsync(HttpStatusCode.OK);
        var html = await response.HtmlAsync();
        Assert.Contains("لم يُنشر تعليقك بعد", html, StringComparison.Ordinal);
        Assert.Contains(comment.Text!, html, StringComparison.Ordinal);
        Assert.NotNull(NashirApp.AntiforgeryToken(html));
        Assert.Equal(0, await app.StoredCommentCountAsync(article.Id));
    }

    [Fact]
    public async Task A_forged_token_is_refused_with_an_arabic_message_and_nothing_is_saved()
    {
        var article = await app.PublishedArticleAsync();
        using var reader = app.CreateBrowserClient();
        var comment = CommentInputJson.Unique();
        var stamp = await reader.OpenFormAsync(app, article.Path);

        using var response = await reader.PostFormAsync(article.Path + "/comments",
            new Dictionary<string, string>(comment.Fields(stamp)) { ["__RequestVerificationToken"] = "CfDJ8-forged-token" });

        await response.ShouldBeAsync(HttpStatusCode.BadRequest);
        var html = await response.HtmlAsync();
        Assert.Contains("رمز الحماية غير صالح", html, StringComparison.Ordinal);
        Assert.Contains(comment.Text!, html, StringComparison.Ordinal);
        Assert.Equal(0, await app.StoredCommentCountAsync(article.Id));
    }

    [Fact]
    public async Task A_double_submit_stores_one_comment()
    {
        var article = await app.PublishedArticleAsync();
        using var reader = app.CreateBrowserClient();
        var fields = CommentInputJson.Unique().Fields(await reader.OpenFormAsync(app, article.Path));

        // Both clicks carry the token of the one page (two token fetches in parallel would set two different cookies).
        var token = await reader.FormTokenAsync();
        var answers = await Task.WhenAll(reader.PostCommentWithScriptAsync(article.Path, fields, token), reader.PostCommentWithScriptAsync(article.Path, fields, token));
        using var again = await reader.PostCommentWithoutScriptAsync(article.Path, fields);

        Assert.All(answers, a => Assert.True(a.IsSuccessStatusCode, $"answered {(int)a.StatusCode}"));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(1, await app.StoredCommentCountAsync(article.Id));
        foreach (var answer in answers) answer.Dispose();
    }

    [Fact]
    public async Task A_form_sent_faster_than_a_person_types_is_refused_and_kept()
    {
        var article = await app.PublishedArticleAsync();
        using var reader = app.CreateBrowserClient();
        var html = await reader.ReadPageAsync(article.Path);
        var stamp = System.Text.RegularExpressions.Regex.Match(html, "name=\"Input.Stamp\" value=\"([^\"]+)\"").Groups[1].Value;

        using var response = await reader.PostCommentWithScriptAsync(article.Path, CommentInputJson.Unique().Fields(stamp));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("أسرع مما يكتب إنسان", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(0, await app.StoredCommentCountAsync(article.Id));
    }

    [Fact]
    public async Task The_honeypot_field_filled_in_stores_nothing()
    {
        var article = await app.PublishedArticleAsync();
        using var reader = app.CreateBrowserClient();
        var fields = CommentInputJson.Unique().Fields(await reader.OpenFormAsync(app, article.Path));
        fields["Input.Homepage"] = "http://spam.example";

        using var response = await reader.PostCommentWithScriptAsync(article.Path, fields);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(0, await app.StoredCommentCountAsync(article.Id));
    }

    [Fact]
    public async Task Missing_fields_are_explained_in_arabic_and_the_text_is_kept()
    {
        var article = await app.PublishedArticleAsync();
        using var reader = app.CreateBrowserClient();
        var comment = new CommentInputJson("", "ليس-بريدًا", $"نص لا يجوز أن يضيع {Unique.Next()}");

        using var response = await reader.PostCommentWithoutScriptAsync(article.Path, comment.Fields(await reader.OpenFormAsync(app, article.Path)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.HtmlAsync();
        Assert.Contains("الاسم مطلوب.", html, StringComparison.Ordinal);
        Assert.Contains("عنوان البريد الإلكتروني غير صالح.", html, StringComparison.Ordinal);
        Assert.Contains(comment.Text!, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remember_me_fills_in_the_name_on_the_next_visit()
    {
        var article = await app.PublishedArticleAsync();
        using var reader = app.CreateBrowserClient();
        var comment = CommentInputJson.Unique();
        var fields = comment.Fields(await reader.OpenFormAsync(app, article.Path));
        fields["Input.Remember"] = "true";
        using var _ = await reader.PostCommentWithScriptAsync(article.Path, fields);

        var next = await reader.ReadPageAsync((await app.PublishedArticleAsync()).Path);

        Assert.Contains($"value=\"{comment.Name}\"", next, StringComparison.Ordinal);
    }
}
