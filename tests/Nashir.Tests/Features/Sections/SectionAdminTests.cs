using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Audit;
using Xunit;

namespace Nashir.Tests.Features.Sections;

public sealed class SectionAdminTests_on_Sqlite(SqliteApp app) : SectionAdminTests<SqliteApp>(app);

public sealed class SectionAdminTests_on_Postgres(PostgresApp app) : SectionAdminTests<PostgresApp>(app);

/// <summary>
/// The sections screen: create, rename (old URL → 301), describe, order (the header follows), nest and merge;
/// every change audited; a rename onto an existing name refused; only editors and admins may act.
/// </summary>
public abstract class SectionAdminTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_renamed_section_keeps_its_articles_and_its_old_url_answers_301_to_the_new_one()
    {
        var n = Unique.Next();
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var id = await admin.CreateSectionAsync(app, $"اقتصاد {n}", $"economy-{n}");
        var article = await app.CreateApiClient().CreateArticleAsync(ArticleInput.Story() with { Categories =
            [$"اقتصاد {n}"] });

        using var renamed = await admin.SubmitAsync($"/admin/sections?edit={id}", SectionFields($"أعمال {n}",
            $"أعمال-{n}"), $"/admin/sections?handler=Update&id={id}");
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);

        using var reader = app.CreateReaderClient();
        using var old = await reader.GetAsync(new Uri($"/category/economy-{n}", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal($"/category/أعمال-{n}", old.RedirectPath());
        var archive = await reader.ReadPageAsync($"/category/{Uri.EscapeDataString($"أعمال-{n}")}");
        Assert.Contains($"أعمال {n}", archive, StringComparison.Ordinal);
        Assert.Contains(article.Headline, archive, StringComparison.Ordinal);

        // Renamed again: the first URL goes straight to the last one, one hop.
        using var again = await admin.SubmitAsync($"/admin/sections?edit={id}", SectionFields($"مال {n}",
            $"money-{n}"), $"/admin/sections?handler=Update&id={id}");
        using var first = await reader.GetAsync(new Uri($"/category/economy-{n}", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.MovedPermanently, first.StatusCode);
        Assert.Equal($"/category/money-{n}", first.RedirectPath());
        using var second = await reader.GetAsync(new Uri($"/category/{Uri.EscapeDataString($"أعمال-{n}")}",
            UriKind.Relative), Cancel);
        Assert.Equal($"/category/money-{n}", second.RedirectPath());

        var audit = await app.QueryDbAsync(db => db.AuditLog.Where(e => e.TargetType == "section"
            && e.TargetId == Id(id)).OrderBy(e => e.Id).ToListAsync(Cancel));
        Assert.Equal(3, audit.Count);
        Assert.All(audit, e => Assert.Equal(AuditActions.SectionChanged, e.Action));
        Assert.Contains($"اقتصاد {n} ← أعمال {n}", audit[1].Detail, StringComparison.Ordinal);
        Assert.All(audit, e => Assert.NotNull(e.UserId));
    }

    [Fact]
    public async Task Renaming_a_section_to_a_name_or_slug_in_use_is_refused_in_arabic_and_changes_nothing()
    {
        var n = Unique.Next();
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var sport = await admin.CreateSectionAsync(app, $"رياضة {n}", $"sport-{n}");
        await admin.CreateSectionAsync(app, $"ملاعب {n}", $"stadiums-{n}");
        var auditBefore = await app.AuditCountAsync();

        using var byName = await admin.SubmitAsync($"/admin/sections?edit={sport}", SectionFields($"ملاعب {n}",
            $"other-{n}"), $"/admin/sections?handler=Update&id={sport}");
        using var bySlug = await admin.SubmitAsync($"/admin/sections?edit={sport}", SectionFields($"جديد {n}",
            $"stadiums-{n}"), $"/admin/sections?handler=Update&id={sport}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, byName.StatusCode);
        Assert.Contains("يوجد قسم آخر باسم", await byName.HtmlAsync(), StringComparison.Ordinal);
        Assert.Contains("«دمج»", await byName.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bySlug.StatusCode);
        Assert.Contains($"المعرّف «stadiums-{n}» مستخدم", await bySlug.HtmlAsync(), StringComparison.Ordinal);
        var stored = await app.QueryDbAsync(db => db.Categories.SingleAsync(c => c.Id == sport, Cancel));
        Assert.Equal(($"رياضة {n}", $"sport-{n}"), (stored.Name, stored.Slug));
        Assert.Equal(auditBefore, await app.AuditCountAsync());
        Assert.False(await app.QueryDbAsync(db => db.LegacyRedirects.AnyAsync(r => r.Path == $"/category/sport-{n}",
            Cancel)));
    }

    [Fact]
    public async Task Merging_moves_every_article_to_the_target_redirects_the_source_and_removes_it()
    {
        var n = Unique.Next();
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var source = await admin.CreateSectionAsync(app, $"محليات {n}", $"local-{n}");
        var target = await admin.CreateSectionAsync(app, $"مدن {n}", $"cities-{n}");
        var child = await admin.CreateSectionAsync(app, $"أحياء {n}", $"districts-{n}", parentId: source);
        using var api = app.CreateApiClient();
        var onlySource = await api.CreateArticleAsync(ArticleInput.Story() with { Categories = [$"محليات {n}"] });
        var both = await api.CreateArticleAsync(ArticleInput.Story() with { Categories = [$"محليات {n}", $"مدن {n}"] });
        var onlyTarget = await api.CreateArticleAsync(ArticleInput.Story() with { Categories = [$"مدن {n}"] });

        using var merged = await admin.SubmitAsync($"/admin/sections?edit={source}", new Dictionary<string,
            string> { ["targetId"] = Id(target) },
            $"/admin/sections?handler=Merge&id={source}");

        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.False(await app.QueryDbAsync(db => db.Categories.AnyAsync(c => c.Id == source, Cancel)));
        var inTarget = await app.QueryDbAsync(db => db.Articles.Where(a => a.Categories.Any(c => c.Id == target))
            .Select(a => a.Id).ToListAsync(Cancel));
        Assert.Equal(new[] { onlySource.Id, both.Id, onlyTarget.Id }.Order(), inTarget.Order());
        Assert.Equal(1, await app.QueryDbAsync(db => db.Articles
            .Where(a => a.Id == both.Id).SelectMany(a => a.Categories).CountAsync(Cancel)));
        Assert.Equal(target, await app.QueryDbAsync(db => db.Categories.Where(c => c.Id == child)
            .Select(c => c.ParentId).SingleAsync(Cancel)));
        using var reader = app.CreateReaderClient();
        using var old = await reader.GetAsync(new Uri($"/category/local-{n}", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal($"/category/cities-{n}", old.RedirectPath());
        var archive = await reader.ReadPageAsync($"/category/cities-{n}");
        Assert.Contains(onlySource.Headline, archive, StringComparison.Ordinal);
        var entry = await app.QueryDbAsync(db => db.AuditLog.OrderByDescending(e => e.Id).FirstAsync(e => e.TargetType == "section" && e.TargetId == Id(target), Cancel));
        Assert.Contains($"دُمج القسم «محليات {n}»", entry.Detail, StringComparison.Ordinal);
        Assert.Contains("نُقلت المقالات: 2", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merging_a_section_into_itself_or_into_nothing_is_refused()
    {
        var n = Unique.Next();
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var id = await admin.CreateSectionAsync(app, $"علوم {n}", $"science-{n}");

        using var self = await admin.SubmitAsync($"/admin/sections?edit={id}", new Dictionary<string,
            string> { ["targetId"] = Id(id) }, $"/admin/sections?handler=Merge&id={id}");
        using var none = await admin.SubmitAsync($"/admin/sections?edit={id}", new Dictionary<string,
            string> { ["targetId"] = "" }, $"/admin/sections?handler=Merge&id={id}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, self.StatusCode);
        Assert.Contains("اختر قسمًا آخر موجودًا", await self.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        Assert.True(await app.QueryDbAsync(db => db.Categories.AnyAsync(c => c.Id == id, Cancel)));
    }

    [Fact]
    public async Task The_header_navigation_follows_the_sections_order_even_on_a_cached_page()
    {
        var n = Unique.Next();
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        // Far ahead of the other sections, so all three are among the header's links.
        var first = await admin.CreateSectionAsync(app, $"أولى {n}", $"first-{n}", sortOrder: -3000 - n);
        await admin.CreateSectionAsync(app, $"ثانية {n}", $"second-{n}", sortOrder: -2000 - n);
        var third = await admin.CreateSectionAsync(app, $"ثالثة {n}", $"third-{n}", sortOrder: -1000 - n);
        using var reader = app.CreateReaderClient();
        var before = NewsroomScreens.HeaderLinks(await reader.ReadPageAsync("/"));
        Assert.Equal(["الرئيسية", $"أولى {n}", $"ثانية {n}", $"ثالثة {n}"], before.Take(4));

        using var moved = await admin.SubmitAsync("/admin/sections", new Dictionary<string, string> { ["id"] =
            Id(third), ["direction"] = "-1" }, "/admin/sections?handler=Move");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        using var edited = await admin.SubmitAsync($"/admin/sections?edit={first}", SectionFields($"أولى {n}",
            $"first-{n}", sortOrder: 1_000_000 - 1), $"/admin/sections?handler=Update&id={first}");

        var after = NewsroomScreens.HeaderLinks(await reader.ReadPageAsync("/"));
        Assert.Equal(["الرئيسية", $"ثالثة {n}", $"ثانية {n}"], after.Take(3));
        Assert.Contains($"أولى {n}", await reader.ReadPageAsync($"/category/first-{n}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_description_shows_on_the_archive_page_and_as_its_meta_description()
    {
        var n = Unique.Next();
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var description = $"أخبار الثقافة والفنون والكتب في العالم العربي {n}";
        await admin.CreateSectionAsync(app, $"ثقافة {n}", $"culture-{n}", description: description);

        var page = await app.CreateReaderClient().ReadPageAsync($"/category/culture-{n}");

        Assert.Contains($"<p class=\"archive-description\">{description}</p>", page, StringComparison.Ordinal);
        Assert.Contains($"<meta name=\"description\" content=\"{description}\">", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_section_cannot_be_nested_under_itself_or_its_own_descendant()
    {
        var n = Unique.Next();
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var parent = await admin.CreateSectionAsync(app, $"عالم {n}", $"world-{n}");
        var child = await admin.CreateSectionAsync(app, $"آسيا {n}", $"asia-{n}", parentId: parent);
        var grandchild = await admin.CreateSectionAsync(app, $"اليابان {n}", $"japan-{n}", parentId: child);

        using var loop = await admin.SubmitAsync($"/admin/sections?edit={parent}", SectionFields($"عالم {n}",
            $"world-{n}", parentId: grandchild), $"/admin/sections?handler=Update&id={parent}");
        using var self = await admin.SubmitAsync($"/admin/sections?edit={parent}", SectionFields($"عالم {n}",
            $"world-{n}", parentId: parent), $"/admin/sections?handler=Update&id={parent}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, loop.StatusCode);
        Assert.Contains("لا يكون القسم أبًا لنفسه", await loop.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, self.StatusCode);
        Assert.Null(await app.QueryDbAsync(db => db.Categories.Where(c => c.Id == parent).Select(c => c.ParentId)
            .SingleAsync(Cancel)));
        // Only top-level sections are in the header.
        var header = NewsroomScreens.HeaderLinks(await app.CreateReaderClient().ReadPageAsync("/"));
        Assert.DoesNotContain($"آسيا {n}", header);
    }

    [Theory]
    [InlineData(Roles.Contributor)]
    [InlineData(Roles.Author)]
    public async Task Contributors_and_authors_are_refused_every_section_action_before_anything_changes(string role)
    {
        var n = Unique.Next();
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var id = await admin.CreateSectionAsync(app, $"سياسة {n}", $"politics-{n}");
        var other = await admin.CreateSectionAsync(app, $"برلمان {n}", $"parliament-{n}");
        var member = await app.CreateStaffAsync(role);
        using var staff = await app.SignInAsync(member.Email, member.Password);
        var auditBefore = await app.AuditCountAsync();

        using var screen = await staff.GetAsync(new Uri("/admin/sections", UriKind.Relative), Cancel);
        await screen.ShouldBeDeniedAsync(staff);
        using var create = await staff.PostAsStaffAsync("/admin/sections?handler=Create", SectionFields($"دخيل {n}",
            $"intruder-{n}"));
        using var update = await staff.PostAsStaffAsync($"/admin/sections?handler=Update&id={id}",
            SectionFields($"مغيّر {n}", $"changed-{n}"));
        using var move = await staff.PostAsStaffAsync("/admin/sections?handler=Move", new Dictionary<string,
            string> { ["id"] = Id(other), ["direction"] = "-1" });
        using var merge = await staff.PostAsStaffAsync($"/admin/sections?handler=Merge&id={id}", new Dictionary<string,
            string> { ["targetId"] = Id(other) });

        foreach (var refused in new[] { create, update, move, merge }) await refused.ShouldBeDeniedAsync(staff);
        Assert.False(await app.QueryDbAsync(db => db.Categories.AnyAsync(c => c.Slug == $"intruder-{n}"
            || c.Slug == $"changed-{n}", Cancel)));
        Assert.True(await app.QueryDbAsync(db => db.Categories.AnyAsync(c => c.Id == id && c.Slug == $"politics-{n}",
            Cancel)));
        Assert.Equal(auditBefore, await app.AuditCountAsync());
    }

    [Fact]
    public async Task An_editor_manages_sections()
    {
        var n = Unique.Next();
        var editor = await app.CreateStaffAsync(Roles.Editor);
        using var staff = await app.SignInAsync(editor.Email, editor.Password);

        var id = await staff.CreateSectionAsync(app, $"صحة {n}", $"health-{n}");

        var entry = await app.QueryDbAsync(db => db.AuditLog.SingleAsync(e => e.TargetType == "section"
            && e.TargetId == Id(id), Cancel));
        Assert.Equal(editor.Id, entry.UserId);
        Assert.Equal(editor.DisplayName, entry.UserName);
        Assert.Contains($"صحة {n}", await (await staff.GetAsync(new Uri("/admin/sections", UriKind.Relative),
            Cancel)).HtmlAsync(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> SectionFields(string name, string slug, string? description = null,
        int? parentId = null, int? sortOrder = null) =>
        NewsroomScreens.SectionFields(name, slug, description, parentId, sortOrder);
}
