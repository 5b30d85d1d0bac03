using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Audit;
using Xunit;

namespace Nashir.Tests.Features.StaticPages;

public sealed class PageEditorTests_on_Sqlite(SqliteApp app) : PageEditorTests<SqliteApp>(app);

public sealed class PageEditorTests_on_Postgres(PostgresApp app) : PageEditorTests<PostgresApp>(app);

/// <summary>The static pages editor: about, contact, privacy — sanitized like articles, published or not,
/// audited.</summary>
public abstract class PageEditorTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_editor_writes_publishes_unpublishes_and_deletes_a_page_that_the_footer_follows()
    {
        var n = Unique.Next();
        var editor = await app.CreateStaffAsync(Roles.Editor);
        using var staff = await app.SignInAsync(editor.Email, editor.Password);

        using var created = await staff.SubmitAsync("/admin/pages/new", Fields($"من نحن {n}", $"about-{n}",
            "<p>نحن فريق تحرير مستقل.</p><script>alert(1)</script><p onclick=\"steal()\">نكتب كل يوم.</p>",
                published: true));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = await app.QueryDbAsync(db => db.StaticPages.Where(p => p.Slug == $"about-{n}").Select(p => p.Id)
            .SingleAsync(Cancel));
        Assert.Equal($"/admin/pages/{id}", created.RedirectPath());
        using var reader = app.CreateReaderClient();
        var page = await reader.ReadPageAsync($"/pages/about-{n}");
        Assert.Contains("نحن فريق تحرير مستقل.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("alert(1)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("steal()", page, StringComparison.Ordinal);
        Assert.Contains($"من نحن {n}", NewsroomScreens.FooterLinks(await reader.ReadPageAsync("/")));

        using var unpublished = await staff.SubmitAsync("/admin/pages", new Dictionary<string, string> { ["id"] =
            Id(id), ["published"] = "false" }, "/admin/pages?handler=Publish");
        Assert.Equal(HttpStatusCode.NotFound, await reader.StatusOfAsync($"/pages/about-{n}"));
        Assert.DoesNotContain($"من نحن {n}", NewsroomScreens.FooterLinks(await reader.ReadPageAsync("/")));

        using var deleted = await staff.SubmitAsync("/admin/pages", new Dictionary<string, string> { ["id"] = Id(id) },
            "/admin/pages?handler=Delete");
        Assert.False(await app.QueryDbAsync(db => db.StaticPages.AnyAsync(p => p.Id == id, Cancel)));

        var audit = await app.QueryDbAsync(db => db.AuditLog.Where(e => e.TargetType == "page" && e.TargetId == Id(id))
            .OrderBy(e => e.Id).ToListAsync(Cancel));
        Assert.Equal(3, audit.Count);
        Assert.All(audit, e => Assert.Equal((AuditActions.PageChanged, editor.Id), (e.Action, e.UserId!.Value)));
        Assert.Contains("نُشرت", audit[0].Detail, StringComparison.Ordinal);
        Assert.Equal("أُلغي نشرها", audit[1].Detail);
        Assert.Contains("حُذفت", audit[2].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_with_a_slug_in_use_or_no_title_is_refused_with_its_text_kept()
    {
        var n = Unique.Next();
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        using var first = await admin.SubmitAsync("/admin/pages/new", Fields($"اتصل بنا {n}", $"contact-{n}",
            "<p>راسلونا.</p>", published: true));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        using var duplicate = await admin.SubmitAsync("/admin/pages/new", Fields($"تواصل {n}", $"contact-{n}",
            "<p>نص طويل كتبه المحرر بعناية.</p>", published: true));
        using var untitled = await admin.SubmitAsync("/admin/pages/new", Fields("", $"untitled-{n}",
            "<p>نص بلا عنوان.</p>", published: false));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        var html = await duplicate.HtmlAsync();
        Assert.Contains($"المعرّف «contact-{n}» مستخدم لصفحة أخرى", html, StringComparison.Ordinal);
        Assert.Contains("نص طويل كتبه المحرر بعناية.", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, untitled.StatusCode);
        Assert.Contains("اكتب عنوان الصفحة.", await untitled.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.QueryDbAsync(db => db.StaticPages.CountAsync(p => p.Slug == $"contact-{n}"
            || p.Slug == $"untitled-{n}", Cancel)));
    }

    [Theory]
    [InlineData(Roles.Contributor)]
    [InlineData(Roles.Author)]
    public async Task Contributors_and_authors_cannot_write_publish_or_delete_pages(string role)
    {
        var n = Unique.Next();
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        await admin.SubmitAsync("/admin/pages/new", Fields($"الخصوصية {n}", $"privacy-{n}", "<p>سياسة الخصوصية.</p>",
            published: true));
        var id = await app.QueryDbAsync(db => db.StaticPages.Where(p => p.Slug == $"privacy-{n}").Select(p => p.Id)
            .SingleAsync(Cancel));
        var member = await app.CreateStaffAsync(role);
        using var staff = await app.SignInAsync(member.Email, member.Password);

        using var create = await staff.PostAsStaffAsync("/admin/pages/new", Fields($"دخيلة {n}", $"intruder-{n}",
            "<p>x</p>", published: true));
        using var edit = await staff.PostAsStaffAsync($"/admin/pages/{id}", Fields($"مغيّرة {n}", $"privacy-{n}",
            "<p>x</p>", published: true));
        using var unpublish = await staff.PostAsStaffAsync("/admin/pages?handler=Publish", new Dictionary<string,
            string> { ["id"] = Id(id), ["published"] = "false" });
        using var delete = await staff.PostAsStaffAsync("/admin/pages?handler=Delete", new Dictionary<string,
            string> { ["id"] = Id(id) });

        foreach (var refused in new[] { create, edit, unpublish, delete }) await refused.ShouldBeDeniedAsync(staff);
        var stored = await app.QueryDbAsync(db => db.StaticPages.SingleAsync(p => p.Id == id, Cancel));
        Assert.Equal(($"الخصوصية {n}", true), (stored.Title, stored.Published));
        Assert.False(await app.QueryDbAsync(db => db.StaticPages.AnyAsync(p => p.Slug == $"intruder-{n}", Cancel)));
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Fields(string title, string slug, string body, bool published) => new()
    {
        ["Input.Title"] = title, ["Input.Slug"] = slug, ["Input.Body"] = body,
        ["Input.Published"] = published ? "true" : "false", ["Input.MenuOrder"] = "0",
    };
}
