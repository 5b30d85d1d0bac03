using System.Net.Http.Json;
using System.Net;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Xunit;

namespace Nashir.Tests.Features.Comments;

public sealed class CommentRulesTests_on_Sqlite(SqliteApp app) : CommentRulesTests<SqliteApp>(app);

public sealed class CommentRulesTests_on_Postgres(PostgresApp app) : CommentRulesTests<PostgresApp>(app);

/// <summary>Moderation rules, threading, closing and rate limits, through the public API (the same desk as the form).</summary>
public abstract class CommentRulesTests<TApp> : IClassFixture<TApp> where TApp : NashirApp
{
    private readonly TApp app;
    private readonly HttpClient reader;

    protected CommentRulesTests(TApp app)
    {
        this.app = app;
        app.CommentSettings().RateLimitsEnabled = false;
        reader = app.CreateReaderClient();
    }

    private async Task<(CommentCreatedJson Created, ArticleJson Article)> ApprovedCommentAsync()
    {
        var article = await app.PublishedArticleAsync();
        var created = await PostAsync(article.Id, CommentInputJson.Unique());
        await app.CreateApiClient().ModerateAsync(created.Id, "approved");
        return (created, article);
    }

    private async Task<CommentCreatedJson> PostAsync(int articleId, CommentInputJson comment)
    {
        using var response = await reader.PostCommentApiAsync(articleId, comment);
        await response.ShouldBeAsync(HttpStatusCode.Created);
        return await response.ReadJsonAsync<CommentCreatedJson>();
    }

    [Fact]
    public async Task More_links_than_allowed_hold_even_a_known_author()
    {
        var email = $"known{Unique.Next()}@example.com";
        var article = await app.PublishedArticleAsync();
        await app.CreateApiClient().ModerateAsync((await PostAsync(article.Id, CommentInputJson.Unique(email))).Id, "approved");

        var linky = await PostAsync(article.Id, new CommentInputJson("قارئ", email, "انظر https://a.example و https://b.example و www.c.example"));
        var plain = await PostAsync(article.Id, CommentInputJson.Unique(email));

        Assert.Equal("pending", linky.Status);
        Assert.Equal("approved", plain.Status);
    }

    [Fact]
    public async Task Hold_words_hold_and_block_words_go_to_spam()
    {
        var hold = $"كلمةمراجعة{Unique.Next()}";
        var block = $"كلمةمحظورة{Unique.Next()}";
        app.CommentSettings().HoldWords.Add(hold);
        app.CommentSettings().BlockWords.Add(block);
        var article = await app.PublishedArticleAsync();

        var held = await PostAsync(article.Id, new CommentInputJson("قارئ", $"h{Unique.Next()}@example.com", $"نص فيه {hold}"));
        var blocked = await PostAsync(article.Id, new CommentInputJson("قارئ", $"b{Unique.Next()}@example.com", $"نص فيه {block}"));

        Assert.Equal("pending", held.Status);
        Assert.Equal("spam", blocked.Status);
    }

    [Fact]
    public async Task Replies_thread_under_their_parent_and_the_count_follows_moderation()
    {
        var (parent, article) = await ApprovedCommentAsync();
        var reply = await PostAsync(article.Id, CommentInputJson.Unique() with { ParentId = parent.Id });
        await app.CreateApiClient().ModerateAsync(reply.Id, "approved");

        var list = await reader.ApprovedCommentsAsync(article.Id);
        Assert.Equal([parent.Id, reply.Id], list.Items.Select(c => c.Id));
        Assert.Equal(parent.Id, list.Items[1].ParentId);
        Assert.Equal(2, (await app.CreateApiClient().GetArticleAsync(article.Id)).CommentCount);
        Assert.Equal(2, (await app.CreateApiClient().ListArticlesAsync()).Items.Single(a => a.Id == article.Id).CommentCount);

        await app.CreateApiClient().ModerateAsync(reply.Id, "spam");
        Assert.Equal(1, (await app.CreateApiClient().GetArticleAsync(article.Id)).CommentCount);
    }

    [Fact]
    public async Task Bad_replies_are_refused_with_the_reason()
    {
        var (approved, article) = await ApprovedCommentAsync();
        var other = await app.PublishedArticleAsync();
        var pending = await PostAsync(article.Id, CommentInputJson.Unique());

        foreach (var parentId in new[] { approved.Id, pending.Id, 999_999 })
        {
            using var response = await reader.PostCommentApiAsync(parentId == approved.Id ? other.Id : article.Id, CommentInputJson.Unique() with { ParentId = parentId });
            var problem = await response.ShouldBeInvalidAsync("parentId");
            Assert.Contains("التعليق", problem.Errors!["parentId"][0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Replies_stop_at_the_configured_depth()
    {
        app.CommentSettings().MaxDepth = 2;
        try
        {
            var (parent, article) = await ApprovedCommentAsync();
            var reply = await PostAsync(article.Id, CommentInputJson.Unique() with { ParentId = parent.Id });
            await app.CreateApiClient().ModerateAsync(reply.Id, "approved");

            using var tooDeep = await reader.PostCommentApiAsync(article.Id, CommentInputJson.Unique() with { ParentId = reply.Id });
            await tooDeep.ShouldBeInvalidAsync("parentId");
        }
        finally
        {
            app.CommentSettings().MaxDepth = 5;
        }
    }

    [Fact]
    public async Task Invalid_fields_answer_problem_json_naming_them()
    {
        var article = await app.PublishedArticleAsync();

        using var missing = await reader.PostCommentApiAsync(article.Id, new CommentInputJson(null, null, null));
        var problem = await missing.ShouldBeInvalidAsync("name");
        Assert.Contains("email", problem.Errors!.Keys);
        Assert.Contains("text", problem.Errors.Keys);
        using var badEmail = await reader.PostCommentApiAsync(article.Id, CommentInputJson.Unique() with { Email = "someone@" });
        await badEmail.ShouldBeInvalidAsync("email");
        using var tooLong = await reader.PostCommentApiAsync(article.Id, CommentInputJson.Unique() with { Text = new string('ب', 5001) });
        Assert.Contains("أطول من الحد", (await tooLong.ShouldBeInvalidAsync("text")).Errors!["text"][0], StringComparison.Ordinal);
        Assert.Equal(0, await app.StoredCommentCountAsync(article.Id));
    }

    [Fact]
    public async Task A_request_over_the_size_limit_is_refused_before_it_is_read()
    {
        var article = await app.PublishedArticleAsync();

        using var response = await reader.PostCommentApiAsync(article.Id, CommentInputJson.Unique() with { Website = "https://example.org/" + new string('a', 40_000) });

        Assert.Contains("كيلوبايت", (await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge)).Detail, StringComparison.Ordinal);
        Assert.Equal(0, await app.StoredCommentCountAsync(article.Id));
    }

    [Fact]
    public async Task The_same_comment_twice_is_stored_once()
    {
        var article = await app.PublishedArticleAsync();
        var comment = CommentInputJson.Unique();
        await PostAsync(article.Id, comment);

        using var again = await reader.PostCommentApiAsync(article.Id, comment);

        Assert.Contains("أرسلت هذا التعليق", (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail, StringComparison.Ordinal);
        Assert.Equal(1, await app.StoredCommentCountAsync(article.Id));
    }

    [Fact]
    public async Task Comments_sent_at_once_are_each_stored_once_counted_and_answered_alone()
    {
        var (first, article) = await ApprovedCommentAsync();
        var known = (await app.StoredCommentAsync(first.Id))!.AuthorEmail;
        var distinct = Enumerable.Range(0, 30).Select(_ => CommentInputJson.Unique(known)).ToList();
        var twin = CommentInputJson.Unique();

        var responses = await Task.WhenAll(distinct.Concat(Enumerable.Repeat(twin, 10)).Select(c => reader.PostCommentApiAsync(article.Id, c)));

        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.Equal(31, created.Count);
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var ids = await Task.WhenAll(created.Select(async r => (await r.ReadJsonAsync<CommentCreatedJson>()).Id));
        Assert.Equal(31, ids.Distinct().Count());
        Assert.Equal(32, await app.StoredCommentCountAsync(article.Id));
        Assert.Equal(31, (await app.CreateApiClient().GetArticleAsync(article.Id)).CommentCount); // the first and the 30 by its known author
        foreach (var response in responses) response.Dispose();
    }

    [Fact]
    public async Task Closed_articles_refuse_comments_and_show_no_form()
    {
        var article = await app.PublishedArticleAsync();
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        using var closed = await admin.SubmitAsync($"/admin/comments?article={article.Id}",
            new Dictionary<string, string> { ["article"] = article.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["closed"] = "true" },
            $"/admin/comments?handler=Close");
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);

        using var refused = await reader.PostCommentApiAsync(article.Id, CommentInputJson.Unique());
        Assert.Contains("أُغلق", (await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Detail, StringComparison.Ordinal);
        var page = await reader.ReadPageAsync(article.Path);
        Assert.Contains("التعليقات مغلقة", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Input.Text\"", page, StringComparison.Ordinal);

        // A reader who opened the form before it closed gets their words back.
        using var browser = app.CreateBrowserClient();
        var late = CommentInputJson.Unique();
        var stamp = await browser.OpenFormAsync(app, (await app.PublishedArticleAsync()).Path);
        using var form = await browser.PostFormAsync(article.Path + "/comments", late.Fields(stamp));
        await form.ShouldBeAsync(HttpStatusCode.Forbidden);
        Assert.Contains(late.Text!, await form.HtmlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_article_editor_and_the_api_close_and_reopen_comments()
    {
        var article = await app.PublishedArticleAsync();
        var api = app.CreateApiClient();
        using (var closing = await api.SendRawAsync(HttpMethod.Patch, $"/api/v1/articles/{article.Id}", """{"commentsClosed":true}"""))
            Assert.True((await closing.ReadJsonAsync<ArticleJson>()).CommentsClosed);
        using (var refused = await reader.PostCommentApiAsync(article.Id, CommentInputJson.Unique()))
            await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("التعليقات مغلقة", await reader.ReadPageAsync(article.Path), StringComparison.Ordinal);

        // The editor shows the switch as it is, and saving with it off opens comments again.
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var stored = await api.GetArticleAsync(article.Id);
        Assert.Matches("<input[^>]*checked=\"checked\"[^>]*name=\"Input.CommentsClosed\"|<input[^>]*name=\"Input.CommentsClosed\"[^>]*checked=\"checked\"",
            await admin.ReadPageAsync($"/admin/articles/{article.Id}"));
        using var reopened = await admin.SubmitAsync($"/admin/articles/{article.Id}", new Dictionary<string, string>
        {
            ["Input.Headline"] = stored.Headline, ["Input.Body"] = stored.Body, ["Input.Version"] = $"{stored.Version}", ["Input.CommentsClosed"] = "false",
        });
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        Assert.False((await api.GetArticleAsync(article.Id)).CommentsClosed);
        using var accepted = await reader.PostCommentApiAsync(article.Id, CommentInputJson.Unique());
        await accepted.ShouldBeAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Articles_older_than_the_site_wide_limit_are_closed()
    {
        var article = await app.PublishedArticleAsync();
        app.CommentSettings().CloseAfterDays = 1;
        try
        {
            app.Clock.Advance(TimeSpan.FromHours(25));
            using var refused = await reader.PostCommentApiAsync(article.Id, CommentInputJson.Unique());
            await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }
        finally
        {
            app.CommentSettings().CloseAfterDays = 0;
        }
    }

    [Fact]
    public async Task Rate_limits_refuse_in_arabic_until_their_window_is_over()
    {
        await using var limited = await app.StartNewAsync();
        var article = await limited.PublishedArticleAsync();
        var client = limited.CreateReaderClient();
        for (var i = 0; i < limited.CommentSettings().PerIpPerMinute; i++)
            (await client.PostCommentApiAsync(article.Id, CommentInputJson.Unique())).Dispose();

        using var refused = await client.PostCommentApiAsync(article.Id, CommentInputJson.Unique());
        Assert.Contains("انتظر دقيقة", (await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests)).Detail, StringComparison.Ordinal);

        limited.Clock.Advance(TimeSpan.FromSeconds(59));
        using var stillRefused = await client.PostCommentApiAsync(article.Id, CommentInputJson.Unique());
        await stillRefused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        limited.Clock.Advance(TimeSpan.FromSeconds(1));
        using var accepted = await client.PostCommentApiAsync(article.Id, CommentInputJson.Unique());
        await accepted.ShouldBeAsync(HttpStatusCode.Created);

        // One address, many comments an hour: the per-email window, also on the site's clock.
        var email = $"busy{Unique.Next()}@example.com";
        for (var i = 0; i < limited.CommentSettings().PerEmailPerHour; i++)
        {
            if (i % limited.CommentSettings().PerIpPerMinute == 0) limited.Clock.Advance(TimeSpan.FromMinutes(1));
            (await client.PostCommentApiAsync(article.Id, CommentInputJson.Unique(email))).Dispose();
        }
        limited.Clock.Advance(TimeSpan.FromMinutes(1));
        using var perEmail = await client.PostCommentApiAsync(article.Id, CommentInputJson.Unique(email));
        Assert.Contains("في الساعة", (await perEmail.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests)).Detail, StringComparison.Ordinal);
        limited.Clock.Advance(TimeSpan.FromHours(1));
        using var nextHour = await client.PostCommentApiAsync(article.Id, CommentInputJson.Unique(email));
        await nextHour.ShouldBeAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Bidi_controls_are_stripped_and_joiners_kept()
    {
        var article = await app.PublishedArticleAsync();
        var created = await PostAsync(article.Id, new CommentInputJson("قارئ\u202Eمقلوب", $"bidi{Unique.Next()}@example.com", "نص\u2066 معزول\u2069 وكلمة\u200Cبنصف مسافة"));
        await app.CreateApiClient().ModerateAsync(created.Id, "approved");

        var comment = (await reader.ApprovedCommentsAsync(article.Id)).Items.Single();

        Assert.Equal("قارئمقلوب", comment.AuthorName);
        Assert.Equal("نص معزول وكلمة\u200Cبنصف مسافة", comment.Text);
    }

    [Fact]
    public async Task Authors_moderate_comments_on_their_own_articles_only()
    {
        var author = await app.CreateStaffAsync(Roles.Author);
        var own = await app.CreateApiClient(author.ApiToken).CreateArticleAsync(ArticleInput.Story());
        var others = await app.PublishedArticleAsync();
        var onOwn = await PostAsync(own.Id, CommentInputJson.Unique());
        var onOthers = await PostAsync(others.Id, CommentInputJson.Unique());
        var api = app.CreateApiClient(author.ApiToken);

        await api.ModerateAsync(onOwn.Id, "approved");
        using var refused = await api.PostAsJsonAsync($"/api/v1/comments/{onOthers.Id}/status", new { status = "approved" }, ArticlesApiCalls.Json, TestContext.Current.CancellationToken);

        await refused.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("pending", (await app.StoredCommentAsync(onOthers.Id))!.Status);
    }
}
