using System.Net;
using System.Text.RegularExpressions;
using Nashir.Tests.Support;
using Xunit;

namespace Nashir.Tests.Features.Comments;

public sealed class CommentPrivacyTests_on_Sqlite(SqliteApp app) : CommentPrivacyTests<SqliteApp>(app);

public sealed class CommentPrivacyTests_on_Postgres(PostgresApp app) : CommentPrivacyTests<PostgresApp>(app);

/// <summary>Commenters' emails stay in the editors' area: never in anything a reader can fetch.</summary>
public abstract partial class CommentPrivacyTests<TApp> : IClassFixture<TApp> where TApp : NashirApp
{
    private readonly TApp app;

    protected CommentPrivacyTests(TApp app)
    {
        this.app = app;
        app.CommentSettings().RateLimitsEnabled = false;
    }

    [Fact]
    public async Task No_public_url_reachable_from_the_home_page_shows_a_commenters_email()
    {
        var emails = new List<string>();
        var seed = (await app.CreateApiClient().ListArticlesAsync()).Items[^1];
        foreach (var (status, n) in new[] { ("approved", 0), ("approved", 1), ("pending", 2), ("spam", 3) })
        {
            var email = $"secret.commenter{Unique.Next()}@private.example";
            emails.Add(email);
            using var reader = app.CreateBrowserClient();
            var created = await reader.CommentAsync(app, new Uri(seed.Url).AbsolutePath,
                new CommentInputJson($"معلّق {n}", email, $"تعليق خاص رقم {Unique.Next()}", "https://reader.example"));
            if (status != "pending") await app.CreateApiClient().ModerateAsync(created.Id, status);
        }
        var leaks = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(["/", "/api/v1/articles", "/api/v1/categories", "/api/v1/tags", "/api/v1/authors", "/api/v1/openapi.json", "/does-not-exist"]);
        var client = app.CreateReaderClient(NashirApp.BrowserUserAgent);
        while (queue.Count > 0 && visited.Count < 600)
        {
            var path = queue.Dequeue();
            if (!visited.Add(path)) continue;
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
            var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            if (response.Headers.Location is { } location) Enqueue(location.OriginalString);
            foreach (var email in emails.Where(e => body.Contains(e, StringComparison.OrdinalIgnoreCase))) leaks.Add($"{path}: {email}");
            foreach (Match link in Links().Matches(body)) Enqueue(link.Groups[1].Value);
            foreach (Match id in ApiIds().Matches(body))
                if (path.StartsWith("/api/v1/articles", StringComparison.Ordinal) && !path.Contains("/comments", StringComparison.Ordinal))
                {
                    Enqueue($"/api/v1/articles/{id.Groups[1].Value}");
                    Enqueue($"/api/v1/articles/{id.Groups[1].Value}/comments");
                }
        }

        Assert.Empty(leaks);
        Assert.Contains(visited, p => p.StartsWith("/news/", StringComparison.Ordinal));
        Assert.Contains(visited, p => p.EndsWith("/comments", StringComparison.Ordinal) && p.StartsWith("/api/", StringComparison.Ordinal));

        void Enqueue(string href)
        {
            if (href.StartsWith("http://localhost", StringComparison.Ordinal)) href = href["http://localhost".Length..];
            if (!href.StartsWith('/') || href.StartsWith("//", StringComparison.Ordinal)) return;
            href = href.Split('#')[0];
            if (href.Length > 0 && !visited.Contains(href)) queue.Enqueue(href);
        }
    }

    [Fact]
    public async Task An_admin_exports_and_erases_every_comment_of_one_email()
    {
        var article = await app.PublishedArticleAsync();
        var email = $"leaving{Unique.Next()}@example.com";
        using var reader = app.CreateBrowserClient();
        var first = await reader.CommentAsync(app, article.Path, CommentInputJson.Unique(email));
        await app.CreateApiClient().ModerateAsync(first.Id, "approved");
        await reader.CommentAsync(app, article.Path, CommentInputJson.Unique(email));
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        using var export = await admin.SubmitAsync("/admin/comments/privacy", new Dictionary<string, string> { ["Email"] = email.ToUpperInvariant() },
            "/admin/comments/privacy?handler=Export");
        await export.ShouldBeAsync(HttpStatusCode.OK);
        var exported = await export.ReadJsonAsync<List<ExportedJson>>();
        Assert.Equal(2, exported.Count);
        Assert.All(exported, c => Assert.Equal(email, c.Email));

        using var erase = await admin.SubmitAsync("/admin/comments/privacy", new Dictionary<string, string> { ["Email"] = email },
            "/admin/comments/privacy?handler=Erase");
        Assert.Equal(HttpStatusCode.Redirect, erase.StatusCode);
        Assert.Equal(0, await app.StoredCommentCountAsync(article.Id));
        Assert.Equal(0, (await app.CreateApiClient().GetArticleAsync(article.Id)).CommentCount);
    }

    [Fact]
    public async Task Moderators_see_the_email_in_the_editors_area()
    {
        var article = await app.PublishedArticleAsync();
        var email = $"visible.to.staff{Unique.Next()}@example.com";
        await app.CreateBrowserClient().CommentAsync(app, article.Path, CommentInputJson.Unique(email));
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        var queue = await admin.ReadPageAsync("/admin/comments");

        Assert.Contains(email, queue, StringComparison.Ordinal);
        Assert.Matches("التعليقات\\s*<span class=\"badge\"", queue);
    }

    private sealed record ExportedJson(int Id, string Name, string Email, string Text, string Status);

    [GeneratedRegex("(?:href|src)=\"([^\"]+)\"")]
    private static partial Regex Links();

    [GeneratedRegex("\"id\":(\\d+)")]
    private static partial Regex ApiIds();
}
