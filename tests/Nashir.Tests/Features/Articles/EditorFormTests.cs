using System.Net;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Xunit;

namespace Nashir.Tests.Features.Articles;

public sealed class EditorFormTests_on_Sqlite(SqliteApp app) : EditorFormTests<SqliteApp>(app);

public sealed class EditorFormTests_on_Postgres(PostgresApp app) : EditorFormTests<PostgresApp>(app);

/// <summary>The editors' area: writing, publishing, conflicts and revisions through the real forms.</summary>
public abstract class EditorFormTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    private static Dictionary<string, string> Story(string headline, string intent = "save") => new()
    {
        ["Input.Headline"] = headline,
        ["Input.Body"] = "<p>فقرة أولى من الخبر.</p><h2>عنوان فرعي</h2><p>فقرة ثانية.</p>",
        ["Input.Categories"] = "سياسة",
        ["Input.Tags"] = "طاقة، اقتصاد أخضر",
        ["intent"] = intent,
    };

    [Fact]
    public async Task An_editor_writes_and_publishes_an_article_that_readers_then_see()
    {
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var headline = $"خبر من غرفة التحرير رقم {Unique.Next()}";

        using var saved = await admin.SubmitAsync("/admin/articles/new", Story(headline, "publish"));
        var id = saved.SavedArticleId();

        var article = await app.CreateApiClient().GetArticleAsync(id);
        Assert.Equal("published", article.Status);
        Assert.Equal(["اقتصاد أخضر", "طاقة"], article.Tags.Select(t => t.Name).Order(StringComparer.Ordinal));
        var page = await app.CreateReaderClient().ReadPageAsync(article.Path);
        Assert.Contains(headline, page, StringComparison.Ordinal);
        Assert.Contains("<h2>عنوان فرعي</h2>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_headline_is_explained_in_arabic_and_the_text_is_kept()
    {
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var form = Story("");
        form["Input.Body"] = "<p>نص كتبه المحرر ولا يجوز أن يضيع</p>";

        using var response = await admin.SubmitAsync("/admin/articles/new", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.HtmlAsync();
        Assert.Contains("العنوان مطلوب.", html, StringComparison.Ordinal);
        Assert.Contains("نص كتبه المحرر ولا يجوز أن يضيع", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_second_of_two_editors_saving_the_same_version_gets_a_conflict_and_keeps_their_text()
    {
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var editor = await app.CreateStaffAsync(Roles.Editor);
        using var otherEditor = await app.SignInAsync(editor.Email, editor.Password);
        var id = (await admin.SubmitAsync("/admin/articles/new", Story($"خبر للتعارض {Unique.Next()}"))).SavedArticleId();

        // Both open the article at version 1; the admin saves first.
        var first = Story("العنوان كما عدّله المدير");
        first["Input.Version"] = "1";
        var second = Story("العنوان كما عدّله المحرر الآخر");
        second["Input.Version"] = "1";
        second["Input.Body"] = "<p>نص المحرر الآخر الذي يجب ألا يضيع</p>";
        using var firstSave = await admin.SubmitAsync($"/admin/articles/{id}", first);
        using var secondSave = await otherEditor.SubmitAsync($"/admin/articles/{id}", second);

        Assert.Equal(HttpStatusCode.Redirect, firstSave.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, secondSave.StatusCode);
        var html = await secondSave.HtmlAsync();
        Assert.Contains("عدّل شخص آخر هذا المقال", html, StringComparison.Ordinal);
        Assert.Contains("نص المحرر الآخر الذي يجب ألا يضيع", html, StringComparison.Ordinal);
        Assert.Equal("العنوان كما عدّله المدير", (await app.CreateApiClient().GetArticleAsync(id)).Headline);
    }

    [Fact]
    public async Task Restoring_a_revision_brings_back_the_earlier_text_as_a_new_revision()
    {
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var original = $"العنوان الأصلي {Unique.Next()}";
        var id = (await admin.SubmitAsync("/admin/articles/new", Story(original))).SavedArticleId();
        var edit = Story("عنوان معدّل لا نريده");
        edit["Input.Version"] = "1";
        (await admin.SubmitAsync($"/admin/articles/{id}", edit)).SavedArticleId();

        var revisions = await admin.ReadPageAsync($"/admin/articles/{id}/revisions");
        Assert.Contains("رقم 1", revisions, StringComparison.Ordinal);
        Assert.Contains("رقم 2", revisions, StringComparison.Ordinal);
        using var restored = await admin.SubmitAsync($"/admin/articles/{id}/revisions?number=1",
            new Dictionary<string, string> { ["number"] = "1", ["version"] = "2" }, $"/admin/articles/{id}/revisions");

        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        var article = await app.CreateApiClient().GetArticleAsync(id);
        Assert.Equal(original, article.Headline);
        Assert.Equal(3, article.Version);
        Assert.Contains("رقم 3", await admin.ReadPageAsync($"/admin/articles/{id}/revisions"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contributor_can_only_submit_for_review()
    {
        var contributor = await app.CreateStaffAsync(Roles.Contributor);
        using var client = await app.SignInAsync(contributor.Email, contributor.Password);

        var form = await client.ReadPageAsync("/admin/articles/new");
        Assert.Contains("إرسال للمراجعة", form, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"publish\"", form, StringComparison.Ordinal);

        // Pressing a publish button that is not there (a crafted request) publishes nothing.
        using var forced = await client.SubmitAsync("/admin/articles/new", Story($"محاولة نشر {Unique.Next()}", "publish"));
        Assert.Equal(HttpStatusCode.Forbidden, forced.StatusCode);
        Assert.Contains("لا تملك صلاحية نشر المقالات", await forced.HtmlAsync(), StringComparison.Ordinal);

        using var submitted = await client.SubmitAsync("/admin/articles/new", Story($"مقال للمراجعة {Unique.Next()}", "submit"));
        Assert.Equal("pending", (await app.CreateApiClient().GetArticleAsync(submitted.SavedArticleId())).Status);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var before = (await app.CreateApiClient().ListArticlesAsync()).Total;

        using var forged = await admin.PostFormAsync("/admin/articles/new", Story($"طلب مزوّر {Unique.Next()}", "publish"));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("طلب غير صالح", await forged.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(before, (await app.CreateApiClient().ListArticlesAsync()).Total);
    }
}
