using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Nashir.Tests.Support;
using Nashir.Web.Features.Demo;
using Xunit;

namespace Nashir.Tests.Browser;

/// <summary>
/// A reader has the seed article open; an editor posts a breaking alert from /admin/front-page; the open page shows
/// it without a reload (its script polls /breaking.json, every second here), and a dismissed alert stays dismissed.
/// </summary>
public sealed class BreakingNewsInBrowserTests : IAsyncLifetime
{
    private NashirApp app = null!;
    private string baseUrl = "";

    public async ValueTask InitializeAsync()
    {
        app = new NashirApp(NashirStorage.Sqlite(),
            settings: new Dictionary<string, string?> { ["Nashir:FrontPage:BreakingPollSeconds"] = "1" });
        await app.InitializeAsync();
        app.UseKestrel(Loopback.FreePort());
        app.StartServer();
        baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task An_alert_posted_by_an_editor_appears_on_an_already_open_article_page_and_stays_dismissed()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var readerContext = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var reader = await readerContext.NewPageAsync();
        await reader.GotoAsync(baseUrl + "/");
        await reader.GetByRole(AriaRole.Link, new() { Name = DemoContent.SeedHeadline }).First.ClickAsync();
        await reader.WaitForURLAsync("**/news/**");
        var bar = reader.Locator("#breaking");
        Assert.False(await bar.IsVisibleAsync());

        await using var editorContext = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var editor = await editorContext.NewPageAsync();
        await editor.GotoAsync(baseUrl + "/admin/login");
        await editor.Locator("input[name='Input.Email']").FillAsync(NashirApp.AdminEmail);
        await editor.Locator("input[name='Input.Password']").FillAsync(NashirApp.AdminPassword);
        await editor.GetByRole(AriaRole.Button, new() { Name = "دخول" }).ClickAsync();
        await editor.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        await editor.GotoAsync(baseUrl + "/admin/front-page");
        Assert.True(await editor.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0,
            "the front-page screen is wider than a 390 px phone");
        var text = $"عاجل: انقطاع واسع للكهرباء في العاصمة {Unique.Next()}";
        await editor.GetByLabel("نص الخبر العاجل").FillAsync(text);
        await editor.GetByRole(AriaRole.Button, new() { Name = "نشر الخبر العاجل" }).ClickAsync();
        await editor.Locator(".flash").WaitForAsync();
        await editor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDirectory,
            "front-page-admin-390.png"), FullPage = true });
        await editor.SetViewportSizeAsync(1280, 900);
        Assert.True(await editor.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0);
        await editor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDirectory,
            "front-page-admin-1280.png"), FullPage = true });

        // No reload: the open page's script finds it (poll every second here; 20 s by default).
        await reader.Locator("#breaking .breaking-text",
            new() { HasText = text }).WaitForAsync(new() { Timeout = 5000 });
        Assert.True(await bar.IsVisibleAsync());
        Assert.Equal("عاجل", (await bar.Locator(".breaking-label").InnerTextAsync()).Trim());
        Assert.Equal("polite", await bar.Locator(".breaking-inner").GetAttributeAsync("aria-live"));
        Assert.True(await reader.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0);
        await reader.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDirectory,
            "breaking-article-390.png") });

        await bar.GetByRole(AriaRole.Button, new() { Name = "إخفاء الخبر العاجل" }).ClickAsync();
        Assert.False(await bar.IsVisibleAsync());
        await reader.GotoAsync(baseUrl + "/");
        Assert.Contains(text, await reader.ContentAsync(), StringComparison.Ordinal); // in the page, but dismissed
        Assert.False(await reader.Locator("#breaking").IsVisibleAsync());
    }
}
