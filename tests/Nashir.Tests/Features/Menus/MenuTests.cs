using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Audit;
using Xunit;

namespace Nashir.Tests.Features.Menus;

public sealed class MenuTests_on_Sqlite(SqliteApp app) : MenuTests<SqliteApp>(app);

public sealed class MenuTests_on_Postgres(PostgresApp app) : MenuTests<PostgresApp>(app);

/// <summary>
/// Header and footer menus built from sections, pages and links: the layout shows them (sections and pages while a
/// menu is empty), an entry whose page or section is gone is hidden from readers and marked on the screen.
/// Each test runs on its own fresh site: the menus are site-wide.
/// </summary>
public abstract class MenuTests<TApp>(TApp fixture) : IClassFixture<TApp> where TApp : NashirApp
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_header_and_footer_show_the_menus_in_order_and_fall_back_to_sections_and_pages_while_empty()
    {
        await using var app = await fixture.StartNewAsync(demoContent: false);
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var sport = await admin.CreateSectionAsync(app, "رياضة", "sport");
        await admin.CreateSectionAsync(app, "اقتصاد", "economy");
        var about = await PageAsync(app, admin, "من نحن", "about");
        await PageAsync(app, admin, "اتصل بنا", "contact");
        using var reader = app.CreateReaderClient();
        var home = await reader.ReadPageAsync("/");
        Assert.Equal(["الرئيسية", "رياضة", "اقتصاد"], NewsroomScreens.HeaderLinks(home));
        Assert.Equal(["من نحن", "اتصل بنا"], NewsroomScreens.FooterLinks(home));

        await AddAsync(admin, "header", "link", url: "https://live.example.com/stream", label: "البث المباشر");
        await AddAsync(admin, "header", "section", sectionId: sport, label: "الملاعب");
        await AddAsync(admin, "footer", "page", pageId: about);
        await AddAsync(admin, "footer", "link", url: "/search?q=%D8%B7%D9%82%D8%B3", label: "الطقس");

        var cached = await reader.ReadPageAsync("/");
        Assert.Equal(["الرئيسية", "البث المباشر", "الملاعب"], NewsroomScreens.HeaderLinks(cached));
        Assert.Equal(["من نحن", "الطقس"], NewsroomScreens.FooterLinks(cached));
        Assert.Contains("href=\"/category/sport\"", cached, StringComparison.Ordinal);

        var items = await app.QueryDbAsync(db => db.MenuItems.Where(i => i.Menu == "header").OrderBy(i => i.Position)
            .Select(i => i.Id).ToListAsync(Cancel));
        using var moved = await admin.SubmitAsync("/admin/menus", new Dictionary<string, string> { ["id"] =
            Id(items[1]), ["direction"] = "-1" }, "/admin/menus?handler=Move");
        Assert.Equal(["الرئيسية", "الملاعب", "البث المباشر"],
            NewsroomScreens.HeaderLinks(await reader.ReadPageAsync("/")));
        Assert.Equal(5, await app.QueryDbAsync(db => db.AuditLog.CountAsync(e => e.Action == AuditActions.MenuChanged,
            Cancel)));
    }

    [Fact]
    public async Task A_menu_entry_to_a_deleted_page_or_merged_section_is_hidden_from_readers_and_marked_broken()
    {
        await using var app = await fixture.StartNewAsync(demoContent: false);
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var privacy = await PageAsync(app, admin, "سياسة الخصوصية", "privacy");
        var terms = await PageAsync(app, admin, "شروط الاستخدام", "terms");
        var local = await admin.CreateSectionAsync(app, "محليات", "local");
        await AddAsync(admin, "footer", "page", pageId: privacy);
        await AddAsync(admin, "footer", "page", pageId: terms);
        await AddAsync(admin, "header", "section", sectionId: local);
        using var reader = app.CreateReaderClient();
        Assert.Equal(["سياسة الخصوصية", "شروط الاستخدام"],
            NewsroomScreens.FooterLinks(await reader.ReadPageAsync("/")));

        using var deleted = await admin.SubmitAsync("/admin/pages", new Dictionary<string, string> { ["id"] =
            Id(terms) }, "/admin/pages?handler=Delete");
        using var unpublished = await admin.SubmitAsync("/admin/pages", new Dictionary<string, string> { ["id"] =
            Id(privacy), ["published"] = "false" }, "/admin/pages?handler=Publish");

        var home = await reader.ReadPageAsync("/");
        // Both footer entries are broken: the footer shows none of them (and no fallback: the menu is not empty).
        Assert.Empty(NewsroomScreens.FooterLinks(home));
        Assert.DoesNotContain("/pages/terms", home, StringComparison.Ordinal);
        Assert.Equal(["الرئيسية", "محليات"], NewsroomScreens.HeaderLinks(home));
        var screen = await (await admin.GetAsync(new Uri("/admin/menus", UriKind.Relative), Cancel)).HtmlAsync();
        Assert.Equal(2, screen.Split("معطّل: لا يظهر للقرّاء").Length - 1);
        Assert.Contains("صفحة محذوفة أو غير منشورة", screen, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("//evil.example/login")]
    [InlineData("ftp://files.example/a")]
    [InlineData("/\\evil.example")]
    [InlineData("https://")]
    [InlineData("/news/\u202Egnp.exe")]
    [InlineData("")]
    public async Task A_link_that_is_not_http_or_a_path_on_the_site_is_refused_in_arabic(string url)
    {
        var app = fixture;
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var before = await app.QueryDbAsync(db => db.MenuItems.CountAsync(Cancel));

        using var refused = await admin.SubmitAsync("/admin/menus", Fields("header", "link", url: url, label: "رابط"),
            "/admin/menus?handler=Add");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("اكتب رابطًا يبدأ بـ https://", await refused.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.QueryDbAsync(db => db.MenuItems.CountAsync(Cancel)));
    }

    [Fact]
    public async Task A_menu_entry_needs_an_existing_target_and_a_link_needs_a_label()
    {
        var app = fixture;
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        using var noSection = await admin.SubmitAsync("/admin/menus", Fields("header", "section", sectionId: 999_999),
            "/admin/menus?handler=Add");
        using var noLabel = await admin.SubmitAsync("/admin/menus", Fields("footer", "link",
            url: "https://example.com"), "/admin/menus?handler=Add");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, noSection.StatusCode);
        Assert.Contains("اختر قسمًا موجودًا.", await noSection.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noLabel.StatusCode);
        Assert.Contains("اكتب عنوان الرابط.", await noLabel.HtmlAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Contributor)]
    [InlineData(Roles.Author)]
    public async Task Contributors_and_authors_cannot_change_the_menus(string role)
    {
        var app = fixture;
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        await AddAsync(admin, "footer", "link", url: "https://example.com/a", label: $"رابط {Unique.Next()}");
        var item = await app.QueryDbAsync(db => db.MenuItems.OrderByDescending(i => i.Id)
            .Select(i => i.Id).FirstAsync(Cancel));
        var member = await app.CreateStaffAsync(role);
        using var staff = await app.SignInAsync(member.Email, member.Password);
        var before = await app.QueryDbAsync(db => db.MenuItems.CountAsync(Cancel));

        using var add = await staff.PostAsStaffAsync("/admin/menus?handler=Add", Fields("header", "link",
            url: "https://evil.example", label: "دخيل"));
        using var move = await staff.PostAsStaffAsync("/admin/menus?handler=Move", new Dictionary<string,
            string> { ["id"] = Id(item), ["direction"] = "-1" });
        using var remove = await staff.PostAsStaffAsync("/admin/menus?handler=Remove", new Dictionary<string,
            string> { ["id"] = Id(item) });

        foreach (var refused in new[] { add, move, remove }) await refused.ShouldBeDeniedAsync(staff);
        Assert.Equal(before, await app.QueryDbAsync(db => db.MenuItems.CountAsync(Cancel)));
    }

    private static async Task<int> PageAsync(NashirApp app, HttpClient admin, string title, string slug)
    {
        using var saved = await admin.SubmitAsync("/admin/pages/new", new Dictionary<string, string>
        {
            ["Input.Title"] = title, ["Input.Slug"] = slug, ["Input.Body"] = $"<p>{title}</p>", ["Input.Published"] =
                "true", ["Input.MenuOrder"] = "0",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        return await app.QueryDbAsync(db => db.StaticPages.Where(p => p.Slug == slug).Select(p => p.Id)
            .SingleAsync(Cancel));
    }

    private static async Task AddAsync(HttpClient admin, string menu, string kind, int? sectionId = null, int? pageId =
        null, string? url = null, string? label = null)
    {
        using var added = await admin.SubmitAsync("/admin/menus", Fields(menu, kind, sectionId, pageId, url, label),
            "/admin/menus?handler=Add");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
    }

    private static Dictionary<string, string> Fields(string menu, string kind, int? sectionId = null, int? pageId =
        null, string? url = null, string? label = null) => new()
    {
        ["Input.Menu"] = menu, ["Input.Kind"] = kind,
        ["Input.SectionId"] = sectionId is { } s ? Id(s) : "", ["Input.PageId"] = pageId is { } p ? Id(p) : "",
        ["Input.Url"] = url ?? "", ["Input.Label"] = label ?? "",
    };

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
