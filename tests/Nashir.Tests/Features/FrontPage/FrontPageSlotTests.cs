using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Features.Import;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Import;
using Nashir.Web.Platform.Caching;
using Xunit;

namespace Nashir.Tests.Features.FrontPage;

public sealed class FrontPageSlotTests_on_Sqlite(SqliteApp app) : FrontPageSlotTests<SqliteApp>(app);

public sealed class FrontPageSlotTests_on_Postgres(PostgresApp app) : FrontPageSlotTests<PostgresApp>(app);

/// <summary>
/// Editors pin the home page's lead and featured stories, and a section's, through /admin/front-page; readers see
/// them on the cached pages at once, and the newest-first order again once a pin expires or its article goes.
/// </summary>
public abstract class FrontPageSlotTests<TApp>(TApp app) : IClassFixture<TApp>, IAsyncLifetime where TApp : NashirApp
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The site is shared by the class's tests: each starts with no pins (the featured slots are limited).</summary>
    public async ValueTask InitializeAsync()
    {
        await app.WithDbAsync(async db => await db.FrontPageSlots.ExecuteDeleteAsync(Cancel));
        await app.Services.GetRequiredService<CacheEviction>().EvictAsync(new Eviction([CachingSetup.ListingsTag], ["front-page:slots"]));
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_pinned_lead_leads_the_cached_home_page_though_newer_articles_exist()
    {
        using var api = app.CreateApiClient();
        var pinned = await api.CreateArticleAsync(ArticleInput.Story());
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await api.CreateArticleAsync(ArticleInput.Story());
        using var reader = app.CreateReaderClient();
        await reader.ReadPageAsync("/"); // cached now
        var editor = await app.CreateStaffAsync(Roles.Editor);
        using var staff = await app.SignInAsync(editor.Email, editor.Password);

        using var pin = await staff.PinAsync(pinned.Id);

        await pin.ShouldBeDoneAsync();
        var home = await reader.ReadPageAsync("/");
        Assert.Equal(pinned.Headline, FrontPageCalls.LeadHeadline(home));
        Assert.Contains(newer.Headline, FrontPageCalls.CardHeadlines(home));
        Assert.Contains(pinned.Headline, await (await staff.GetAsync(new Uri(FrontPageCalls.Screen, UriKind.Relative),
            Cancel)).HtmlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pinned_lead_past_its_expiry_gives_the_lead_back_to_the_newest_article()
    {
        using var api = app.CreateApiClient();
        var pinned = await api.CreateArticleAsync(ArticleInput.Story());
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var newest = await api.CreateArticleAsync(ArticleInput.Story());
        using var staff = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        (await staff.PinAsync(pinned.Id, expiresAtLocal: app.LocalInput(app.Clock.GetUtcNow().AddHours(2)))).Dispose();
        using var reader = app.CreateReaderClient();
        Assert.Equal(pinned.Headline, FrontPageCalls.LeadHeadline(await reader.ReadPageAsync("/")));

        app.Clock.Advance(TimeSpan.FromMinutes(119));
        Assert.Equal(pinned.Headline, FrontPageCalls.LeadHeadline(await reader.ReadPageAsync("/")));
        app.Clock.Advance(TimeSpan.FromMinutes(1.5));

        Assert.Equal(newest.Headline, FrontPageCalls.LeadHeadline(await reader.ReadPageAsync("/")));
    }

    [Fact]
    public async Task An_expiry_in_the_past_is_refused_in_Arabic_next_to_its_field_and_nothing_is_pinned()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        using var staff = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var before = await app.FrontPageRowsAsync();

        using var pin = await staff.PinAsync(article.Id,
            expiresAtLocal: app.LocalInput(app.Clock.GetUtcNow().AddHours(-1)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, pin.StatusCode);
        Assert.Matches("data-valmsg-for=\"Pin.ExpiresAtLocal\"[^>]*>[^<]*في المستقبل", await pin.HtmlAsync());
        Assert.Equal(before, await app.FrontPageRowsAsync());
    }

    [Fact]
    public async Task A_pinned_article_that_is_unpublished_or_trashed_stops_showing_at_once()
    {
        using var api = app.CreateApiClient();
        var pinned = await api.CreateArticleAsync(ArticleInput.Story());
        var featured = await api.CreateArticleAsync(ArticleInput.Story());
        using var staff = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        await (await staff.PinAsync(pinned.Id)).ShouldBeDoneAsync();
        await (await staff.PinAsync(featured.Id, "featured")).ShouldBeDoneAsync();
        using var reader = app.CreateReaderClient();
        Assert.Equal(pinned.Headline, FrontPageCalls.LeadHeadline(await reader.ReadPageAsync("/")));

        await api.UpdateArticleAsync(pinned.Id, new ArticleInput { Status = "draft" });
        using (var trashed = await api.DeleteAsync(new Uri($"/api/v1/articles/{featured.Id}", UriKind.Relative),
            Cancel))
            await trashed.ShouldBeAsync(HttpStatusCode.OK);

        var home = await reader.ReadPageAsync("/");
        Assert.DoesNotContain(pinned.Headline, home, StringComparison.Ordinal);
        Assert.DoesNotContain(featured.Headline, home, StringComparison.Ordinal);
        Assert.NotNull(FrontPageCalls.LeadHeadline(home));
    }

    [Fact]
    public async Task Featured_slots_follow_the_editors_order_and_move_with_the_up_and_down_buttons()
    {
        using var api = app.CreateApiClient();
        using var staff = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var lead = await api.CreateArticleAsync(ArticleInput.Story());
        await (await staff.PinAsync(lead.Id)).ShouldBeDoneAsync();
        await app.WithDbAsync(db => db.FrontPageSlots.Where(s => s.SectionId == null
            && !s.IsLead).ExecuteDeleteAsync(Cancel));
        var stories = new List<ArticleJson>();
        for (var i = 0; i < 3; i++) stories.Add(await api.CreateArticleAsync(ArticleInput.Story()));
        foreach (var story in stories) await (await staff.PinAsync(story.Id, "featured")).ShouldBeDoneAsync();
        var newest = await api.CreateArticleAsync(ArticleInput.Story());
        using var reader = app.CreateReaderClient();
        Assert.Equal([lead.Headline, stories[0].Headline, stories[1].Headline, stories[2].Headline, newest.Headline],
            FrontPageCalls.CardHeadlines(await reader.ReadPageAsync("/")).Take(5));

        var lastSlot = await app.WithDbAsync(db => db.FrontPageSlots.Where(s =>
            s.ArticleId == stories[2].Id).Select(s => s.Id).SingleAsync(Cancel));
        using var up = await staff.SubmitAsync(FrontPageCalls.Screen,
            new Dictionary<string, string> { ["slotId"] = lastSlot.ToString(), ["direction"] = "up" },
                FrontPageCalls.Screen + "?handler=Move");

        await up.ShouldBeDoneAsync();
        Assert.Equal([lead.Headline, stories[0].Headline, stories[2].Headline, stories[1].Headline],
            FrontPageCalls.CardHeadlines(await reader.ReadPageAsync("/")).Take(4));
    }

    [Fact]
    public async Task A_fifth_featured_slot_is_refused_in_Arabic()
    {
        using var api = app.CreateApiClient();
        using var staff = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        await app.WithDbAsync(db => db.FrontPageSlots.Where(s => s.SectionId == null
            && !s.IsLead).ExecuteDeleteAsync(Cancel));
        for (var i = 0; i < 4; i++) await (await staff.PinAsync((await api.CreateArticleAsync(ArticleInput.Story())).Id, "featured")).ShouldBeDoneAsync();
        var before = await app.FrontPageRowsAsync();

        using var fifth = await staff.PinAsync((await api.CreateArticleAsync(ArticleInput.Story())).Id, "featured");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, fifth.StatusCode);
        Assert.Contains("أزل واحدًا أولًا", await fifth.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.FrontPageRowsAsync());
    }

    [Fact]
    public async Task A_section_pin_leads_its_archive_page_and_not_the_home_page()
    {
        using var api = app.CreateApiClient();
        var section = $"قسم-{Unique.Next()}";
        var pinned = await api.CreateArticleAsync(ArticleInput.Story() with { Categories = [section] });
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await api.CreateArticleAsync(ArticleInput.Story() with { Categories = [section] });
        var archive = $"/category/{Uri.EscapeDataString(section)}";
        using var reader = app.CreateReaderClient();
        Assert.Null(FrontPageCalls.LeadHeadline(await reader.ReadPageAsync(archive)));
        using var staff = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        await (await staff.PinAsync(pinned.Id, section: section)).ShouldBeDoneAsync();

        var page = await reader.ReadPageAsync(archive);
        Assert.Equal(pinned.Headline, FrontPageCalls.LeadHeadline(page));
        Assert.Equal(1, FrontPageCalls.CardHeadlines(page).Count(h => h == pinned.Headline)); // not listed twice
        Assert.Contains(newer.Headline, FrontPageCalls.CardHeadlines(page));
        Assert.NotEqual(pinned.Headline, FrontPageCalls.LeadHeadline(await reader.ReadPageAsync("/")));
        // Two articles make one page: ?page=2 is past the end (Razor Pages' own "page" route value once hid the
        // query's).
        Assert.Equal(HttpStatusCode.NotFound, await reader.StatusOfAsync(archive + "?page=2"));
    }

    [Fact]
    public async Task Pinning_a_draft_is_refused_in_Arabic_and_nothing_is_pinned()
    {
        using var api = app.CreateApiClient();
        var draft = await api.CreateArticleAsync(ArticleInput.Story("draft"));
        using var staff = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var before = await app.FrontPageRowsAsync();

        using var pin = await staff.PinAsync(draft.Id);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, pin.StatusCode);
        Assert.Matches("data-valmsg-for=\"Pin.ArticleId\"[^>]*>[^<]*مقالًا منشورًا", await pin.HtmlAsync());
        Assert.Equal(before, await app.FrontPageRowsAsync());
    }

    [Theory]
    [InlineData(Roles.Contributor)]
    [InlineData(Roles.Author)]
    public async Task Staff_below_editor_are_refused_by_every_handler_before_anything_changes(string role)
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        await (await admin.PinAsync(article.Id, "featured")).ShouldBeDoneAsync();
        await (await admin.PostAlertAsync($"خبر عاجل قائم {Unique.Next()}")).ShouldBeDoneAsync();
        var (slot, alert) = await app.WithDbAsync(async db => (
            await db.FrontPageSlots.Where(s => s.ArticleId == article.Id).Select(s => s.Id).SingleAsync(Cancel),
            await db.BreakingAlerts.Where(a => a.RemovedAt == null).Select(a => a.Id).SingleAsync(Cancel)));
        var member = await app.CreateStaffAsync(role);
        using var staff = await app.SignInAsync(member.Email, member.Password);
        var before = await app.FrontPageRowsAsync();
        var id = article.Id.ToString();

        var attempts = new (string Handler, Dictionary<string, string> Fields)[]
        {
            ("Pin", new() { ["Pin.ArticleId"] = id, ["Pin.Slot"] = "lead" }),
            ("Unpin", new() { ["slotId"] = slot.ToString() }),
            ("Move", new() { ["slotId"] = slot.ToString(), ["direction"] = "up" }),
            ("Breaking", new() { ["Alert.Text"] = "محاولة نشر خبر عاجل" }),
            ("RemoveBreaking", new() { ["alertId"] = alert.ToString() }),
        };
        foreach (var (handler, fields) in attempts)
        {
            // The anti-forgery token of a page they may open: the refusal must come from the role, not the token.
            using var response = await staff.SubmitAsync("/admin", fields,
                $"{FrontPageCalls.Screen}?handler={handler}");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/admin/denied", response.RedirectPath(), StringComparison.Ordinal);
        }
        Assert.Equal(before, await app.FrontPageRowsAsync());
        Assert.True(await app.WithDbAsync(db => db.BreakingAlerts.AnyAsync(a => a.Id == alert && a.RemovedAt == null,
            Cancel)));
        Assert.StartsWith("/admin/denied", (await staff.GetAsync(new Uri(FrontPageCalls.Screen, UriKind.Relative),
            Cancel)).RedirectPath(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_pin_unpin_and_move_is_in_the_audit_log_with_who_did_it()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        var editor = await app.CreateStaffAsync(Roles.Editor);
        using var staff = await app.SignInAsync(editor.Email, editor.Password);

        await (await staff.PinAsync(article.Id)).ShouldBeDoneAsync();
        var slot = await app.WithDbAsync(db => db.FrontPageSlots.Where(s => s.ArticleId == article.Id).Select(s =>
            s.Id).SingleAsync(Cancel));
        await (await staff.SubmitAsync(FrontPageCalls.Screen,
            new Dictionary<string, string> { ["slotId"] = slot.ToString() },
            FrontPageCalls.Screen + "?handler=Unpin")).ShouldBeDoneAsync();

        var lines = await app.WithDbAsync(db => db.AuditLog.Where(e => e.Action == "front-page.changed"
            && e.TargetId == article.Id.ToString())
            .OrderBy(e => e.Id).ToListAsync(Cancel));
        Assert.Equal(2, lines.Count);
        Assert.All(lines, line => Assert.Equal(editor.Id, line.UserId));
        Assert.Contains("ثُبّت خبرًا رئيسيًا في الصفحة الرئيسية", lines[0].Detail, StringComparison.Ordinal);
        Assert.Contains("أُلغي تثبيته", lines[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_article_editor_pins_a_published_article_as_the_lead()
    {
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await api.CreateArticleAsync(ArticleInput.Story());
        using var staff = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var form = await (await staff.GetAsync(new Uri($"/admin/articles/{article.Id}", UriKind.Relative),
            Cancel)).HtmlAsync();
        Assert.Contains("action=\"/admin/front-page?handler=Pin\"", form, StringComparison.Ordinal);

        await (await staff.PinAsync(article.Id, formPath: $"/admin/articles/{article.Id}")).ShouldBeDoneAsync();

        using var reader = app.CreateReaderClient();
        Assert.Equal(article.Headline, FrontPageCalls.LeadHeadline(await reader.ReadPageAsync("/")));
    }

    [Fact]
    public async Task A_developing_story_carries_the_live_label_on_its_card_and_page_until_the_editor_clears_it()
    {
        using var staff = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var headline = $"تغطية متواصلة لانتخابات البلدية رقم {Unique.Next()}";
        var story = new Dictionary<string, string>
        {
            ["Input.Headline"] = headline, ["Input.Body"] = "<p>بدأ فرز الأصوات قبل قليل.</p>",
                ["Input.Developing"] = "true", ["intent"] = "publish",
        };
        var id = (await staff.SubmitAsync("/admin/articles/new", story)).SavedArticleId();
        using var reader = app.CreateReaderClient();
        var path = (await app.CreateApiClient().GetArticleAsync(id)).Path;
        Assert.Contains("class=\"live-label\"", await reader.ReadPageAsync(path), StringComparison.Ordinal);
        var home = await reader.ReadPageAsync("/");
        var card = home[..home.IndexOf(headline, StringComparison.Ordinal)];
        Assert.Contains("مباشر", card[card.LastIndexOf("<article", StringComparison.Ordinal)..],
            StringComparison.Ordinal);

        var version = (await app.CreateApiClient().GetArticleAsync(id)).Version;
        (await staff.SubmitAsync($"/admin/articles/{id}", new Dictionary<string, string>(story)
        {
            ["Input.Developing"] = "false", ["Input.Version"] = version.ToString(), ["intent"] = "publish",
        })).SavedArticleId();

        Assert.DoesNotContain("class=\"live-label\"", await reader.ReadPageAsync(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imported_WordPress_sticky_posts_become_featured_on_the_home_page()
    {
        var n = Unique.Next();
        var sticky = $"منشور مثبّت في ووردبريس {n}";
        var items = WxrFiles.Post(900_000 + n, sticky, dateGmt: "2020-01-01 10:00:00").Replace("</wp:post_type>",
            "</wp:post_type><wp:is_sticky>1</wp:is_sticky>", StringComparison.Ordinal)
            + WxrFiles.Post(910_000 + n, $"منشور عادي {n}", dateGmt: "2020-01-02 10:00:00");
        await app.WithDbAsync(db => db.FrontPageSlots.Where(s => s.SectionId == null
            && !s.IsLead).ExecuteDeleteAsync(Cancel));

        var report = await app.ImportAsync(new ImportRequest([app.WriteExport(WxrFiles.Document(items))]));

        Assert.Equal(1, report.StickyPinned);
        using var reader = app.CreateReaderClient();
        var cards = FrontPageCalls.CardHeadlines(await reader.ReadPageAsync("/"));
        Assert.Contains(sticky, cards.Take(5));
        Assert.DoesNotContain($"منشور عادي {n}", cards.Take(5));
    }
}
