using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Nashir.Tests.Support;
using Xunit;

namespace Nashir.Tests.Features.Comments;

public sealed class CommentDisplayTests_on_Sqlite(SqliteApp app) : CommentDisplayTests<SqliteApp>(app);

public sealed class CommentDisplayTests_on_Postgres(PostgresApp app) : CommentDisplayTests<PostgresApp>(app);

/// <summary>How approved comments look under the article, and the editors' screens around them.</summary>
public abstract class CommentDisplayTests<TApp> : IClassFixture<TApp> where TApp : NashirApp
{
    private readonly TApp app;

    protected CommentDisplayTests(TApp app)
    {
        this.app = app;
        app.CommentSettings().RateLimitsEnabled = false;
    }

    private async Task<int> ApprovedAsync(ArticleJson article, CommentInputJson comment)
    {
        using var response = await app.CreateReaderClient().PostCommentApiAsync(article.Id, comment);
        await response.ShouldBeAsync(HttpStatusCode.Created);
        var created = await response.ReadJsonAsync<CommentCreatedJson>();
        if (created.Status != "approved") await app.CreateApiClient().ModerateAsync(created.Id, "approved");
        return created.Id;
    }

    [Fact]
    public async Task Comment_text_is_plain_text_with_links_and_line_breaks()
    {
        var article = await app.PublishedArticleAsync();
        var id = await ApprovedAsync(article, new CommentInputJson("سارة أحمد", $"sara{Unique.Next()}@example.com",
            "سطر أول <script>alert(1)</script>\nانظر https://example.org/تقرير", "sara.example"));
        app.Clock.Advance(TimeSpan.FromMinutes(3));

        using var response = await app.CreateReaderClient().GetAsync(new Uri(article.Path, UriKind.Relative), TestContext.Current.CancellationToken);
        var raw = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Contains($"id=\"comment-{id}\"", raw, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;<br>", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", raw, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/", raw, StringComparison.Ordinal);
        Assert.Contains("rel=\"nofollow ugc noopener\"", raw, StringComparison.Ordinal);
        Assert.Contains("<a class=\"comment-author\" href=\"https://sara.example\" rel=\"nofollow ugc noopener\">سارة أحمد</a>", raw, StringComparison.Ordinal);
        Assert.Contains(">سأ</span>", raw, StringComparison.Ordinal); // initials avatar, made here
        Assert.Contains("class=\"avatar avatar-", raw, StringComparison.Ordinal);
        Assert.Contains("منذ 3 دقائق", raw, StringComparison.Ordinal);
        Assert.Contains("<span class=\"comments-count\" data-count=\"1\">تعليق واحد</span>", raw, StringComparison.Ordinal);
        var home = await app.CreateReaderClient().ReadPageAsync("/");
        Assert.Contains($"{article.Path}#comments\">تعليق واحد</a>", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Threads_are_paginated_and_kept_whole()
    {
        app.CommentSettings().PageSize = 5;
        try
        {
            var article = await app.PublishedArticleAsync();
            var ids = new List<int>();
            for (var i = 0; i < 6; i++) ids.Add(await ApprovedAsync(article, CommentInputJson.Unique()));
            var reply = await ApprovedAsync(article, CommentInputJson.Unique() with { ParentId = ids[0] });

            var first = await app.CreateReaderClient().ReadPageAsync(article.Path);
            var second = await app.CreateReaderClient().ReadPageAsync(article.Path + "?cpage=2");

            Assert.Contains($"id=\"comment-{reply}\"", first, StringComparison.Ordinal);
            Assert.DoesNotContain($"id=\"comment-{ids[5]}\"", first, StringComparison.Ordinal);
            Assert.Contains("href=\"?cpage=2#comments\"", first, StringComparison.Ordinal);
            Assert.Contains($"id=\"comment-{ids[5]}\"", second, StringComparison.Ordinal);
            Assert.True(first.IndexOf($"comment-{reply}\"", StringComparison.Ordinal) < first.IndexOf($"comment-{ids[1]}\"", StringComparison.Ordinal),
                "A reply follows its parent, before the next thread.");
        }
        finally
        {
            app.CommentSettings().PageSize = 50;
        }
    }

    [Fact]
    public async Task Without_script_a_reply_link_opens_the_form_for_that_comment()
    {
        var article = await app.PublishedArticleAsync();
        var parent = await ApprovedAsync(article, new CommentInputJson("هالة", $"hala{Unique.Next()}@example.com", $"تعليق أصلي {Unique.Next()}"));

        var page = await app.CreateReaderClient().ReadPageAsync($"{article.Path}?replyto={parent}");

        Assert.Contains("ردًّا على هالة", page, StringComparison.Ordinal);
        Assert.Contains($"name=\"Input.ParentId\" value=\"{parent}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editors_approve_in_bulk_edit_and_reply_as_the_site_in_the_queue()
    {
        var article = await app.PublishedArticleAsync();
        var reader = app.CreateReaderClient();
        var ids = new List<int>();
        foreach (var comment in new[] { CommentInputJson.Unique(), CommentInputJson.Unique() })
        {
            using var response = await reader.PostCommentApiAsync(article.Id, comment);
            ids.Add((await response.ReadJsonAsync<CommentCreatedJson>()).Id);
        }
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var queue = await admin.ReadPageAsync("/admin/comments?status=Pending");
        Assert.Contains($"value=\"{ids[0]}\"", queue, StringComparison.Ordinal);

        var bulk = new List<KeyValuePair<string, string>> { new("action", "approve") };
        bulk.AddRange(ids.Select(id => new KeyValuePair<string, string>("ids", id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var token = NashirApp.AntiforgeryToken(queue)!;
        bulk.Add(new("__RequestVerificationToken", token));
        using var approved = await admin.PostFormAsync("/admin/comments", bulk);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(2, (await app.CreateApiClient().GetArticleAsync(article.Id)).CommentCount);

        using var edited = await admin.SubmitAsync($"/admin/comments/{ids[0]}", new Dictionary<string, string>
        {
            ["Input.Name"] = "اسم مصحح", ["Input.Email"] = "fixed@example.com", ["Input.Text"] = "نص مصحح من المحرر",
        });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        using var replied = await admin.SubmitAsync($"/admin/comments/{ids[0]}", new Dictionary<string, string> { ["Reply"] = "شكرًا لك، صحّحنا الخبر." },
            $"/admin/comments/{ids[0]}?handler=Reply");
        Assert.Equal(HttpStatusCode.Redirect, replied.StatusCode);

        var list = await reader.ApprovedCommentsAsync(article.Id);
        Assert.Contains(list.Items, c => c.Text == "نص مصحح من المحرر" && c.AuthorName == "اسم مصحح");
        Assert.Contains(list.Items, c => c.Text == "شكرًا لك، صحّحنا الخبر." && c.ParentId == ids[0]);
        Assert.Equal(3, (await app.CreateApiClient().GetArticleAsync(article.Id)).CommentCount);
    }

    [Fact]
    public async Task Trash_is_emptied_after_the_configured_days()
    {
        var article = await app.PublishedArticleAsync();
        using var response = await app.CreateReaderClient().PostCommentApiAsync(article.Id, CommentInputJson.Unique());
        var id = (await response.ReadJsonAsync<CommentCreatedJson>()).Id;
        await app.CreateApiClient().ModerateAsync(id, "trash");

        // One day instead of the default thirty: the fake clock fires every timer of the app on the way.
        app.CommentSettings().EmptyTrashAfterDays = 1;
        app.Clock.Advance(TimeSpan.FromHours(23));
        await app.Services.GetRequiredService<Nashir.Web.Features.Comments.CommentTrashEmptier>().EmptyAsync(TestContext.Current.CancellationToken);
        Assert.NotNull(await app.StoredCommentAsync(id));
        app.Clock.Advance(TimeSpan.FromHours(2));
        await app.Services.GetRequiredService<Nashir.Web.Features.Comments.CommentTrashEmptier>().EmptyAsync(TestContext.Current.CancellationToken);

        Assert.Null(await app.StoredCommentAsync(id));
    }
}
