using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Tests.Support.SocialEmulators;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Import;
using Nashir.Web.Features.Social;
using Xunit;

namespace Nashir.Tests.Features.Admin;

/// <summary>
/// Every POST handler of the editors' area, posted through the real pipeline (signed in, with a valid anti-forgery
/// token) by each role that may not do it: refused (403 or the "not allowed" page) before anything changed.
/// </summary>
public sealed class AdminPermissionTests(SqliteSocialSite site) : IClassFixture<SqliteSocialSite>
{
    private static string S(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>One refused attempt: who posts what where.</summary>
    private sealed record Attempt(string Handler, string Role, string Path, Form Fields, bool Upload = false);

    [Fact]
    public async Task Every_admin_action_refused_to_a_role_answers_403_and_leaves_nothing_behind()
    {
        var app = site.App;
        app.CommentSettings().RateLimitsEnabled = false;
        using var api = app.CreateApiClient();
        var published = await api.CreateArticleAsync(ArticleInput.Story() with { Categories = ["إعلانات"] });
        var later = app.Clock.GetUtcNow().AddHours(3);
        var scheduled = await api.CreateArticleAsync(ArticleInput.Story("scheduled") with { PublishAt = later });
        await site.DispatchAsync();
        var failed = await site.DeliveryAsync(published.Id, SocialSite.BadMastodonKey);
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        var queued = (await site.DeliveriesAsync(scheduled.Id)).First(d => d.Status == DeliveryStatus.Queued);
        using var reader = app.CreateReaderClient();
        using var first = await reader.PostCommentApiAsync(published.Id, CommentInputJson.Unique());
        var pending = await first.ReadJsonAsync<CommentCreatedJson>();
        using var second = await reader.PostCommentApiAsync(published.Id, CommentInputJson.Unique());
        var approved = await second.ReadJsonAsync<CommentCreatedJson>();
        await api.ModerateAsync(approved.Id, "approved");
        var commenter = (await app.StoredCommentAsync(pending.Id))!.AuthorEmail;

        var people = new Dictionary<string, StaffMember>();
        foreach (var role in new[] { Roles.Contributor, Roles.Author, Roles.Editor })
            people[role] = await app.CreateStaffAsync(role);
        int accountId = 0, tokenId = 0;
        await site.WithDbAsync(async db =>
        {
            accountId = await db.SocialAccounts.Where(a => a.Key == "mastodon").Select(a => a.Id).SingleAsync(Cancel);
            tokenId = await db.ApiTokens.Where(t => t.UserId == people[Roles.Editor].Id).Select(t => t.Id)
                .SingleAsync(Cancel);
        });

        string[] publishersBelow = [Roles.Contributor, Roles.Author];
        string[] allButAdmin = [Roles.Contributor, Roles.Author, Roles.Editor];
        var attempts = new List<Attempt>();
        void Add(string handler, string[] roles, string path, Form fields, bool upload = false) =>
            attempts.AddRange(roles.Select(role => new Attempt(handler, role, path, fields, upload)));

        // The author owns neither article: sending it out is the right to publish it.
        Add("social delivery: retry", publishersBelow, "/admin/social/deliveries?handler=Retry",
            new() { ["id"] = S(failed.Id) });
        Add("social delivery: cancel", publishersBelow, "/admin/social/deliveries?handler=Cancel",
            new() { ["id"] = S(queued.Id) });
        Add("social delivery: post again", publishersBelow, "/admin/social/deliveries?handler=Again",
            new() { ["articleId"] = S(published.Id), ["accountId"] = S(accountId) });
        Add("social account: save", allButAdmin, "/admin/social?handler=Save", new()
        {
            ["Input.Network"] = "telegram", ["Input.Name"] = "قناة دخيلة",
            ["Input.Credentials[telegram.BotToken]"] = "1:x", ["Input.Credentials[telegram.ChatId]"] = "@x",
            ["Input.Utm"] = "", ["Input.BaseUrl"] = "",
        });
        Add("social account: test connection", allButAdmin, "/admin/social?handler=Test",
            new() { ["id"] = S(accountId) });
        Add("api token: create", allButAdmin, "/admin/tokens?handler=Create",
            new() { ["name"] = "مفتاح دخيل" });
        Add("api token: revoke", allButAdmin, "/admin/tokens?handler=Revoke", new() { ["id"] = S(tokenId) });
        Add("wordpress import", allButAdmin, "/admin/import", new() { ["dryRun"] = "false" }, upload: true);
        Add("comments: bulk moderation", publishersBelow, "/admin/comments",
            new() { ["action"] = "approve", ["ids"] = S(pending.Id) });
        Add("comments: close an article's comments", publishersBelow, "/admin/comments?handler=Close",
            new() { ["article"] = S(published.Id), ["closed"] = "true" });
        Add("comment: edit", publishersBelow, $"/admin/comments/{pending.Id}",
            new() { ["Input.Name"] = "اسم مبدّل", ["Input.Email"] = "x@example.com", ["Input.Text"] = "نص مبدّل" });
        Add("comment: reply as the site", publishersBelow, $"/admin/comments/{approved.Id}?handler=Reply",
            new() { ["Reply"] = "ردّ دخيل" });
        Add("commenter data: export", allButAdmin, "/admin/comments/privacy?handler=Export",
            new() { ["Email"] = commenter });
        Add("commenter data: erase", allButAdmin, "/admin/comments/privacy?handler=Erase",
            new() { ["Email"] = commenter });
        Add("article: publish a new one", [Roles.Contributor], "/admin/articles/new",
            new() { ["Input.Headline"] = $"نشر دون صلاحية {Unique.Next()}", ["Input.Body"] = "<p>نص</p>",
                ["intent"] = "publish" });
        Add("article: edit someone else's", publishersBelow, $"/admin/articles/{published.Id}",
            new()
            {
                ["Input.Headline"] = "عنوان مبدّل", ["Input.Body"] = "<p>نص مبدّل</p>",
                ["Input.Version"] = S(published.Version), ["intent"] = "save",
            });
        Add("article: restore a revision", publishersBelow, $"/admin/articles/{published.Id}/revisions",
            new() { ["number"] = "1", ["version"] = S(published.Version) });

        var clients = new Dictionary<string, HttpClient>();
        foreach (var (role, person) in people) clients[role] = await app.SignInAsync(person.Email, person.Password);
        var failures = new List<string>();
        foreach (var attempt in attempts)
        {
            var before = await StateAsync();
            using var answer = await PostAsync(clients[attempt.Role], attempt);
            var refused = answer.StatusCode == HttpStatusCode.Forbidden
                || answer.StatusCode == HttpStatusCode.Redirect && answer.RedirectPath() == "/admin/denied";
            var who = $"{attempt.Handler} as {attempt.Role}";
            if (!refused) failures.Add($"{who}: answered {(int)answer.StatusCode} {answer.Headers.Location}");
            else if (await StateAsync() is var after && after != before)
                failures.Add($"{who}: refused, but the database changed:\n{Diff(before, after)}");
        }
        foreach (var client in clients.Values) client.Dispose();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(attempts.Count >= 40, $"only {attempts.Count} attempts: the table lost rows");
    }

    [Fact]
    public async Task An_author_may_send_their_own_article_again_but_not_anothers()
    {
        var app = site.App;
        var author = await app.CreateStaffAsync(Roles.Author);
        using var own = app.CreateApiClient(author.ApiToken);
        var mine = await own.CreateArticleAsync(ArticleInput.Story());
        var others = await app.CreateApiClient().CreateArticleAsync(ArticleInput.Story());
        await site.DispatchAsync();
        int accountId = 0;
        await site.WithDbAsync(async db =>
            accountId = await db.SocialAccounts.Where(a => a.Key == "mastodon").Select(a => a.Id).SingleAsync(Cancel));
        using var client = await app.SignInAsync(author.Email, author.Password);

        const string action = "/admin/social/deliveries?handler=Again";
        using var again = await client.SubmitAsync("/admin",
            new Form { ["articleId"] = S(mine.Id), ["accountId"] = S(accountId) }, action);
        using var intrusion = await client.SubmitAsync("/admin",
            new Form { ["articleId"] = S(others.Id), ["accountId"] = S(accountId) }, action);

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.NotEqual("/admin/denied", again.RedirectPath());
        Assert.Equal(2, (await site.DeliveriesAsync(mine.Id)).Count(d => d.Account.Key == "mastodon"));
        Assert.Equal("/admin/denied", intrusion.RedirectPath());
        Assert.Single(await site.DeliveriesAsync(others.Id), d => d.Account.Key == "mastodon");
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Signed in as the role, with the anti-forgery token of a page every staff member may open.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, Attempt attempt)
    {
        if (!attempt.Upload) return await client.SubmitAsync("/admin", attempt.Fields, attempt.Path);
        using var page = await client.GetAsync(new Uri("/admin", UriKind.Relative), Cancel);
        var token = NashirApp.AntiforgeryToken(await page.Content.ReadAsStringAsync(Cancel))!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(EmptyExport)), "export", "export.xml" },
        };
        foreach (var (name, value) in attempt.Fields) form.Add(new StringContent(value), name);
        return await client.PostAsync(new Uri(attempt.Path, UriKind.Relative), form, Cancel);
    }

    private const string EmptyExport = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel/></rss>";

    /// <summary>Everything an admin action could change, one line per row.</summary>
    private async Task<string> StateAsync()
    {
        var lines = new List<string>();
        await site.WithDbAsync(async db =>
        {
            lines.AddRange(await db.SocialDeliveries.OrderBy(d => d.Id)
                .Select(d => $"delivery {d.Id} {d.Status} {d.NotBefore:O} {d.Attempts}").ToListAsync(Cancel));
            lines.AddRange(await db.SocialAccounts.OrderBy(a => a.Id)
                .Select(a => $"account {a.Id} {a.Name} {a.LastErrorAt:O} {a.LastSuccessAt:O} {a.ProtectedCredentials}")
                .ToListAsync(Cancel));
            lines.AddRange(await db.ApiTokens.OrderBy(t => t.Id).Select(t => $"token {t.Id} {t.RevokedAt:O}")
                .ToListAsync(Cancel));
            lines.AddRange(await db.Comments.OrderBy(c => c.Id)
                .Select(c => $"comment {c.Id} {c.Status} {c.AuthorName} {c.Text}").ToListAsync(Cancel));
            lines.AddRange(await db.Articles.OrderBy(a => a.Id)
                .Select(a => $"article {a.Id} {a.Version} {a.Status} {a.CommentsClosed} {a.Headline}")
                .ToListAsync(Cancel));
        });
        var uploads = site.App.Services.GetRequiredService<ImportJobs>().UploadDirectory;
        lines.Add($"uploads {(Directory.Exists(uploads) ? Directory.GetFiles(uploads).Length : 0)}");
        return string.Join("\n", lines);
    }

    private static string Diff(string before, string after) =>
        string.Join("\n", after.Split('\n').Except(before.Split('\n')).Select(l => "+ " + l)
            .Concat(before.Split('\n').Except(after.Split('\n')).Select(l => "- " + l)));

    /// <summary>Form fields by name, as a browser posts them.</summary>
    private sealed class Form : Dictionary<string, string>;
}
