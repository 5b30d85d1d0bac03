using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Nashir.Tests.Features.SignIn;
using Nashir.Tests.Support;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;
using Xunit;

namespace Nashir.Tests.Browser;

/// <summary>
/// The newsroom as a team, end to end in Chromium on two nodes (one PostgreSQL, one Redis): an admin invites a
/// reporter, who sets a password and two-factor, signs in with a code, writes and submits an article; an editor
/// publishes it and pins it as the lead; a breaking alert posted on the first node appears on the article page that a
/// reader has open on the second node within 2 s.
/// </summary>
public sealed class NewsroomInBrowserTests(PostgresServer postgres, RedisServer redis) : IAsyncLifetime
{
    private NashirApp? first;
    private NashirApp? second;
    private string firstUrl = "";
    private string secondUrl = "";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium.ExecutablePath)) Assert.Skip($"{Chromium.ExecutablePath} is not installed.");
        if (!await postgres.EnsureStartedAsync()) Assert.Skip("PostgreSQL unavailable: " + postgres.Unavailable);
        if (!await redis.EnsureStartedAsync()) Assert.Skip("Redis unavailable: " + redis.Unavailable);
        var storage = NashirStorage.Postgres(await postgres.CreateDatabaseAsync());
        var settings = new Dictionary<string, string?>
        {
            ["Nashir:Redis:Configuration"] = redis.Configuration,
            ["Nashir:Redis:Channel"] = $"nashir-tests:{Unique.Next()}",
            ["Nashir:FrontPage:BreakingPollSeconds"] = "1",
        };
        (first, firstUrl) = Start(new NashirApp(storage, settings: settings));
        (second, secondUrl) = Start(new NashirApp(
            storage with { DataDirectory = Directory.CreateTempSubdirectory("nashir-node-").FullName }, settings: settings));
    }

    private static (NashirApp, string) Start(NashirApp app)
    {
        app.UseKestrel(Loopback.FreePort());
        app.StartServer();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async ValueTask DisposeAsync()
    {
        if (second is not null) await second.DisposeAsync();
        if (first is not null) await first.DisposeAsync();
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task A_reporter_is_invited_files_a_story_an_editor_leads_with_it_and_breaking_news_reaches_the_other_node(
        int width, int height)
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var viewport = new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } };
        var email = $"reporter{Unique.Next()}@nashir.test";
        const string password = "a-long-enough-password";

        // The admin (also the desk's editor) invites a reporter on node 1.
        await using var deskContext = await browser.NewContextAsync(viewport);
        var desk = await deskContext.NewPageAsync();
        await SignInAsync(desk, firstUrl, NashirApp.AdminEmail, NashirApp.AdminPassword);
        await desk.GotoAsync(firstUrl + "/admin/users");
        await desk.FillAsync("#Invite_Email", email);
        await desk.SelectOptionAsync("#Invite_Role", "contributor");
        await desk.ClickAsync(".invite-form button[type=submit]");
        var link = new Uri((await desk.Locator("code.invitation-link").InnerTextAsync()).Trim());
        await FitsAsync(desk, $"newsroom-invited-{width}");

        // The reporter accepts, sets up an authenticator, and signs in again with a code.
        await using var reporterContext = await browser.NewContextAsync(viewport);
        var reporter = await reporterContext.NewPageAsync();
        await reporter.GotoAsync(firstUrl + link.AbsolutePath);
        await reporter.FillAsync("#Input_DisplayName", "مراسلة الميدان");
        await reporter.FillAsync("#Input_Password", password);
        await reporter.FillAsync("#Input_PasswordConfirmation", password);
        await reporter.ClickAsync("form button[type=submit]");
        await reporter.WaitForURLAsync(firstUrl + "/admin");
        await reporter.GotoAsync(firstUrl + "/admin/account/two-factor");
        var key = (await reporter.InnerTextAsync(".shared-key")).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        await reporter.FillAsync("#Code", SignInSteps.CodeAt(key, first!.Clock));
        await reporter.ClickAsync(".code-form button[type=submit]");
        await reporter.WaitForSelectorAsync(".recovery-codes");
        if (await reporter.Locator(".admin-menu > summary").IsVisibleAsync()) await reporter.ClickAsync(".admin-menu > summary");
        await reporter.ClickAsync(".who button");
        await reporter.WaitForURLAsync(firstUrl + "/admin/login");
        await reporter.FillAsync("#Input_Email", email);
        await reporter.FillAsync("#Input_Password", password);
        await reporter.ClickAsync("form button[type=submit]");
        await reporter.WaitForURLAsync("**/admin/login/two-factor**");
        SignInSteps.NextCode(first.Clock);
        second!.Clock.Advance(TimeSpan.FromSeconds(30)); // the nodes keep one time: node 1 publishes, node 2 shows
        await reporter.FillAsync("#Code", SignInSteps.CodeAt(key, first.Clock));
        await reporter.ClickAsync("form button[type=submit]");
        await reporter.WaitForURLAsync(firstUrl + "/admin");

        // The reporter writes a story and submits it for review (a contributor cannot publish).
        var headline = $"مجلس النواب يقر الموازنة العامة بعد جلسة طويلة {Unique.Next()}";
        await reporter.GotoAsync(firstUrl + "/admin/articles/new");
        await reporter.FillAsync("#Input_Headline", headline);
        await reporter.FillAsync("#Input_Body", "<p>أقر مجلس النواب مساء اليوم الموازنة العامة للدولة.</p><h2>تفاصيل</h2><p>صوّت 300 نائب.</p>");
        await reporter.ClickAsync("button[name=intent][value=submit]");
        // A number, not "new": the form's own URL would match "articles/*" before the post has navigated.
        await reporter.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/admin/articles/\d+$"));
        await FitsAsync(reporter, $"newsroom-submitted-{width}");
        var articleId = await first.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<NashirDb>()
            .Articles.Where(a => a.Headline == headline).Select(a => new { a.Id, a.Status }).SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(ArticleStatus.PendingReview, articleId.Status);

        // The editor publishes it and pins it as the home page's lead.
        await desk.GotoAsync($"{firstUrl}/admin/articles/{articleId.Id}");
        await desk.ClickAsync("button[name=intent][value=publish]");
        await desk.WaitForSelectorAsync(".pin-lead button");
        await desk.ClickAsync(".pin-lead button");
        await desk.WaitForURLAsync("**/admin/front-page**");
        await FitsAsync(desk, $"newsroom-front-page-{width}");

        // A reader on node 2 sees it leading the home page and opens it.
        await using var readerContext = await browser.NewContextAsync(viewport);
        var reader = await readerContext.NewPageAsync();
        await reader.GotoAsync(secondUrl + "/");
        var lead = reader.Locator("article.card-lead", new() { HasText = headline });
        await lead.WaitForAsync(new() { Timeout = 5000 });
        await lead.GetByRole(AriaRole.Link, new() { Name = headline }).First.ClickAsync();
        await reader.WaitForURLAsync("**/news/**");
        Assert.False(await reader.Locator("#breaking").IsVisibleAsync());

        // Breaking news posted on node 1 reaches the open page on node 2 within 2 s.
        var alert = $"عاجل: إقرار الموازنة العامة {Unique.Next()}";
        await desk.GotoAsync(firstUrl + "/admin/front-page");
        await desk.FillAsync("[name='Alert.Text']", alert);
        var posted = Stopwatch.StartNew();
        await desk.Locator("form", new() { Has = desk.Locator("[name='Alert.Text']") }).Locator("button[type=submit]").ClickAsync();
        await reader.Locator("#breaking .breaking-text", new() { HasText = alert }).WaitForAsync(new() { Timeout = 2000 });
        TestContext.Current.SendDiagnosticMessage($"alert on node 2's open page after {posted.ElapsedMilliseconds} ms");
        await FitsAsync(reader, $"newsroom-breaking-{width}");
    }

    private static async Task SignInAsync(IPage page, string baseUrl, string email, string password)
    {
        await page.GotoAsync(baseUrl + "/admin/login");
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", password);
        await page.ClickAsync("form button[type=submit]");
        await page.WaitForURLAsync(baseUrl + "/admin");
    }

    private static async Task FitsAsync(IPage page, string name)
    {
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDirectory, name + ".png"), FullPage = true });
        Assert.True(overflow <= 0, $"{name}: the page is {overflow}px wider than the screen.");
    }
}
