using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Audit;
using Xunit;

namespace Nashir.Tests.Features.Accounts;

public sealed class AuthorProfileTests_on_Sqlite(SqliteApp app) : AuthorProfileTests<SqliteApp>(app);

public sealed class AuthorProfileTests_on_Postgres(PostgresApp app) : AuthorProfileTests<PostgresApp>(app);

/// <summary>Authors keep a profile (name, bio, photo, links) that their public page shows above their articles.</summary>
public abstract class AuthorProfileTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Profile(string name, string bio) => new()
    {
        ["Input.DisplayName"] = name,
        ["Input.Bio"] = bio,
        ["Input.PhotoUrl"] = "https://images.example.com/reporter.jpg",
        ["Input.XUrl"] = "https://x.com/reporter",
        ["Input.FacebookUrl"] = "",
        ["Input.LinkedInUrl"] = "https://www.linkedin.com/in/reporter",
        ["Input.InstagramUrl"] = "",
        ["Input.WebsiteUrl"] = "https://reporter.example.com/",
    };

    [Fact]
    public async Task The_author_page_shows_the_saved_profile_above_the_articles_at_once()
    {
        var author = await app.CreateStaffAsync(Roles.Author);
        using (var api = app.CreateApiClient(author.ApiToken)) await api.CreateArticleAsync(ArticleInput.Story());
        using var reader = app.CreateReaderClient();
        var before = await reader.ReadPageAsync(ArticleUrls.Author(author.Slug)); // now in the page cache
        Assert.DoesNotContain("author-profile", before, StringComparison.Ordinal);
        using var session = await app.SignInAsync(author.Email, author.Password);

        using (var saved = await session.SubmitAsync("/admin/profile", Profile("سلمى المراسلة", "مراسلة الشؤون البرلمانية منذ 2015.\u202Eخدعة")))
            Assert.Equal("/admin/profile", saved.RedirectPath());

        var page = await reader.ReadPageAsync(ArticleUrls.Author(author.Slug));
        Assert.Contains("<h1>سلمى المراسلة</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<p class=\"author-bio\" dir=\"auto\">مراسلة الشؤون البرلمانية منذ 2015.خدعة</p>", page, StringComparison.Ordinal);
        Assert.Contains("src=\"https://images.example.com/reporter.jpg\"", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://x.com/reporter\" rel=\"me noopener\"", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://www.linkedin.com/in/reporter\" rel=\"me noopener\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("facebook", page, StringComparison.OrdinalIgnoreCase);
        Assert.True(page.IndexOf("author-profile", StringComparison.Ordinal) < page.IndexOf("card-list", StringComparison.Ordinal));
        // The new name is also in the author's own session at once.
        Assert.Contains("سلمى المراسلة", await session.ReadPageAsync("/admin"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Input.XUrl", "javascript:alert(1)", "اكتب رابطًا كاملًا يبدأ بـ https://")]
    [InlineData("Input.WebsiteUrl", "reporter.example.com", "اكتب رابطًا كاملًا يبدأ بـ https://")]
    [InlineData("Input.PhotoUrl", "//evil.example/x.jpg", "رابط الصورة يجب أن يكون")]
    [InlineData("Input.DisplayName", "", "اكتب الاسم كما يظهر للقراء")]
    [InlineData("Input.Bio", "<script>alert(1)</script>", "النبذة نص عادي")]
    public async Task A_bad_field_is_refused_with_an_Arabic_message_and_nothing_is_saved(string field, string value, string message)
    {
        var author = await app.CreateStaffAsync(Roles.Author);
        using var session = await app.SignInAsync(author.Email, author.Password);
        var fields = Profile("اسم جديد", "نبذة جديدة");
        fields[field] = value;

        using var refused = await session.SubmitAsync("/admin/profile", fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await refused.HtmlAsync();
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains($"data-valmsg-for=\"{field}\"", html, StringComparison.Ordinal);
        var saved = await app.WithDbAsync(db => db.Users.Where(u => u.Id == author.Id).Select(u => new { u.DisplayName, u.Bio }).SingleAsync(Cancel));
        Assert.Equal((author.DisplayName, (string?)null), (saved.DisplayName, saved.Bio));
    }

    [Fact]
    public async Task An_author_cannot_open_or_change_someone_elses_profile()
    {
        var author = await app.CreateStaffAsync(Roles.Author);
        var other = await app.CreateStaffAsync(Roles.Editor);
        using var session = await app.SignInAsync(author.Email, author.Password);
        var token = NashirApp.AntiforgeryToken(await (await session.GetAsync(new Uri("/admin/profile", UriKind.Relative), Cancel)).Content.ReadAsStringAsync(Cancel))!;

        using (var opened = await session.GetAsync(new Uri($"/admin/profile/{other.Id}", UriKind.Relative), Cancel))
            Assert.Equal("/admin/denied", opened.RedirectPath());
        using (var changed = await session.PostFormAsync($"/admin/profile/{other.Id}", new Dictionary<string, string>(Profile("منتحل", "")) { ["__RequestVerificationToken"] = token }))
            Assert.Equal("/admin/denied", changed.RedirectPath());

        Assert.Equal(other.DisplayName, await app.WithDbAsync(db => db.Users.Where(u => u.Id == other.Id).Select(u => u.DisplayName).SingleAsync(Cancel)));
    }

    [Fact]
    public async Task An_admin_edits_anyones_profile_and_the_change_is_audited()
    {
        var author = await app.CreateStaffAsync(Roles.Author);
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        using (var saved = await admin.SubmitAsync($"/admin/profile/{author.Id}", Profile("الكاتب المعدَّل", "نبذة كتبها المدير")))
            Assert.Equal($"/admin/profile/{author.Id}", saved.RedirectPath());

        var entry = await app.WithDbAsync(db => db.AuditLog.Where(e => e.TargetType == "user" && e.TargetId == author.Id.ToString())
            .Select(e => new { e.Action, e.Detail, e.UserName }).SingleAsync(Cancel));
        Assert.Equal(AuditActions.UserUpdated, entry.Action);
        Assert.StartsWith("الملف الشخصي: الاسم، النبذة، الصورة", entry.Detail, StringComparison.Ordinal);
        Assert.NotEqual(author.DisplayName, entry.UserName);
    }
}
