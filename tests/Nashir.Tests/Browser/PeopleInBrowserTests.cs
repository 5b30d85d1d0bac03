using Microsoft.Playwright;
using Nashir.Tests.Support;
using Xunit;

namespace Nashir.Tests.Browser;

/// <summary>An admin invites a reporter from the staff screen; the reporter opens the link, sets a password, and is in.</summary>
public sealed class PeopleInBrowserTests : IAsyncLifetime
{
    private NashirApp app = null!;
    private string baseUrl = "";

    public async ValueTask InitializeAsync() => (app, baseUrl) = await Chromium.StartSiteAsync();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task An_admin_invites_a_reporter_who_sets_a_password_and_signs_in(int width, int height)
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var viewport = new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } };
        await using var adminContext = await browser.NewContextAsync(viewport);
        var admin = await adminContext.NewPageAsync();
        await admin.GotoAsync(baseUrl + "/admin/login");
        await admin.FillAsync("#Input_Email", NashirApp.AdminEmail);
        await admin.FillAsync("#Input_Password", NashirApp.AdminPassword);
        await admin.ClickAsync("button[type=submit]");
        await admin.WaitForURLAsync("**/admin");

        await admin.GotoAsync(baseUrl + "/admin/users");
        var email = $"reporter{Unique.Next()}@nashir.test";
        await admin.FillAsync("#Invite_Email", email);
        await admin.SelectOptionAsync("#Invite_Role", "author");
        await admin.ClickAsync(".invite-form button[type=submit]");
        var link = (await admin.Locator(".invitation-link").InnerTextAsync()).Trim();
        await FitsAsync(admin, $"users-{width}");

        await using var reporterContext = await browser.NewContextAsync(viewport);
        var reporter = await reporterContext.NewPageAsync();
        await reporter.GotoAsync(baseUrl + new Uri(link).AbsolutePath);
        await FitsAsync(reporter, $"invitation-{width}");
        await reporter.FillAsync("#Input_DisplayName", "مراسل الميدان");
        await reporter.FillAsync("#Input_Password", "a-long-enough-password");
        await reporter.FillAsync("#Input_PasswordConfirmation", "a-long-enough-password");
        await reporter.ClickAsync("button[type=submit]");
        await reporter.WaitForURLAsync("**/admin");
        // TextContent: on a phone the name sits in the collapsed menu.
        Assert.Contains("مراسل الميدان", await reporter.Locator(".admin-header").TextContentAsync() ?? "", StringComparison.Ordinal);

        await reporter.GotoAsync(baseUrl + "/admin/profile");
        await FitsAsync(reporter, $"profile-{width}");
        await reporter.FillAsync("#Input_Bio", "مراسل الشؤون المحلية منذ 2019، يغطي البرلمان والبلديات (City Council).");
        await reporter.FillAsync("#Input_XUrl", "https://x.com/field_reporter");
        await reporter.FillAsync("#Input_WebsiteUrl", "https://reporter.example.com/");
        await reporter.ClickAsync(".profile-form button[type=submit]");
        await reporter.WaitForURLAsync("**/admin/profile");
        var authorPage = await reporterContext.RunAndWaitForPageAsync(() => reporter.ClickAsync("text=صفحة الكاتب للقراء"));
        await authorPage.WaitForLoadStateAsync();
        Assert.Contains("City Council", await authorPage.Locator(".author-bio").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("me noopener", await authorPage.Locator(".author-links a").First.GetAttributeAsync("rel"));
        await FitsAsync(authorPage, $"author-page-{width}");
        await admin.GotoAsync(baseUrl + "/admin/users");
        Assert.Contains("مراسل الميدان", await admin.Locator(".staff-list").InnerTextAsync(), StringComparison.Ordinal);
        await FitsAsync(admin, $"users-after-{width}");
    }

    private static async Task FitsAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDirectory, name + ".png"), FullPage = true });
        Assert.Equal("rtl", await page.EvaluateAsync<string>("document.documentElement.dir"));
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{name}: the page is {overflow}px wider than the screen.");
    }
}
