using Microsoft.Playwright;
using Nashir.Tests.Features.SignIn;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Xunit;

namespace Nashir.Tests.Browser;

/// <summary>A reporter sets up an authenticator app and signs in with its code, in Chromium, on a phone and a desktop.</summary>
public sealed class SignInInBrowserTests : IAsyncLifetime
{
    private NashirApp app = null!;
    private string baseUrl = "";

    public async ValueTask InitializeAsync() => (app, baseUrl) = await Chromium.StartSiteAsync();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task A_reporter_turns_on_two_factor_and_signs_in_with_a_code(int width, int height)
    {
        var reporter = await app.CreateStaffAsync(Roles.Author);
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });

        await page.GotoAsync(baseUrl + "/admin/login");
        await FitsAsync(page, $"signin-login-{width}");
        await page.FillAsync("#Input_Email", reporter.Email);
        await page.FillAsync("#Input_Password", reporter.Password);
        await page.ClickAsync("form button[type=submit]");
        await page.WaitForURLAsync(baseUrl + "/admin");

        await page.GotoAsync(baseUrl + "/admin/account");
        await FitsAsync(page, $"signin-account-{width}");
        await page.GotoAsync(baseUrl + "/admin/account/two-factor");
        await FitsAsync(page, $"signin-enrol-{width}");
        Assert.True(await page.EvaluateAsync<bool>("document.querySelector('img.qr').naturalWidth > 0"), "The QR code did not load.");
        var key = (await page.InnerTextAsync(".shared-key")).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        await page.FillAsync("#Code", SignInSteps.CodeAt(key, app.Clock));
        await page.ClickAsync(".code-form button[type=submit]");
        await page.WaitForSelectorAsync(".recovery-codes");
        Assert.Equal(10, await page.Locator(".recovery-codes li").CountAsync());
        await FitsAsync(page, $"signin-recovery-codes-{width}");

        // On a phone the log-out button is in the collapsed menu.
        if (await page.Locator(".admin-menu > summary").IsVisibleAsync()) await page.ClickAsync(".admin-menu > summary");
        await page.ClickAsync(".who button");
        await page.WaitForURLAsync(baseUrl + "/admin/login");
        await page.FillAsync("#Input_Email", reporter.Email);
        await page.FillAsync("#Input_Password", reporter.Password);
        await page.ClickAsync("form button[type=submit]");
        await page.WaitForURLAsync("**/admin/login/two-factor**");
        await FitsAsync(page, $"signin-code-{width}");
        SignInSteps.NextCode(app.Clock);
        await page.FillAsync("#Code", SignInSteps.CodeAt(key, app.Clock));
        await page.ClickAsync("form button[type=submit]");
        await page.WaitForURLAsync(baseUrl + "/admin");

        await page.GotoAsync(baseUrl + "/admin/account/password");
        await FitsAsync(page, $"signin-password-{width}");
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task The_anonymous_and_admin_security_screens_fit_the_screen(int width, int height)
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });

        await page.GotoAsync(baseUrl + "/admin/forgot-password");
        await FitsAsync(page, $"signin-forgot-{width}");
        await page.GotoAsync(baseUrl + "/admin/reset-password?user=1&token=broken");
        await FitsAsync(page, $"signin-reset-broken-{width}");

        await page.GotoAsync(baseUrl + "/admin/login");
        await page.FillAsync("#Input_Email", NashirApp.AdminEmail);
        await page.FillAsync("#Input_Password", NashirApp.AdminPassword);
        await page.ClickAsync("form button[type=submit]");
        await page.WaitForURLAsync(baseUrl + "/admin");
        await page.GotoAsync(baseUrl + "/admin/settings/security");
        await FitsAsync(page, $"signin-security-settings-{width}");
    }

    private static async Task FitsAsync(IPage page, string name)
    {
        Assert.Equal("rtl", await page.EvaluateAsync<string>("document.documentElement.dir"));
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDirectory, name + ".png"), FullPage = true });
        Assert.True(overflow <= 0, $"{name}: the page is {overflow}px wider than the screen.");
    }
}
