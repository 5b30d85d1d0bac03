using System.Net;
using Microsoft.Playwright;
using Nashir.Tests.Support;
using Xunit;

namespace Nashir.Tests.Browser;

/// <summary>The sections, tags, pages, menus and audit screens on a phone and a desktop: they fit, and they
/// work.</summary>
public sealed class NewsroomScreensInBrowserTests : IAsyncLifetime
{
    private static readonly string[] Screens =
        ["/admin/sections", "/admin/sections?edit={section}", "/admin/tags", "/admin/pages", "/admin/pages/new",
            "/admin/menus", "/admin/audit"];

    private NashirApp app = null!;
    private string baseUrl = "";

    public async ValueTask InitializeAsync() => (app, baseUrl) = await Chromium.StartSiteAsync();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task An_admin_creates_a_section_and_a_page_adds_them_to_the_menus_and_every_screen_fits(int width,
        int height)
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width =
            width, Height = height } });
        await page.GotoAsync(baseUrl + "/admin/login");
        await page.FillAsync("[name='Input.Email']", NashirApp.AdminEmail);
        await page.FillAsync("[name='Input.Password']", NashirApp.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/admin");

        await page.GotoAsync(baseUrl + "/admin/sections");
        await page.FillAsync("#name", $"تقنية {width}");
        await page.FillAsync("#slug", $"tech-{width}");
        await page.FillAsync("#description", "أخبار التقنية والاتصالات والذكاء الاصطناعي في العالم العربي.");
        await page.ClickAsync("form.c-form button.primary");
        Assert.Contains("أُنشئ القسم", await page.Locator(".flash").InnerTextAsync(), StringComparison.Ordinal);
        var sectionLink = page.Locator("ol.c-rows a.title", new() { HasText = $"تقنية {width}" });
        var sectionId = (await sectionLink.GetAttributeAsync("href"))!.Split('=')[^1];

        await page.GotoAsync(baseUrl + "/admin/pages/new");
        await page.FillAsync("[name='Input.Title']", $"من نحن {width}");
        await page.FillAsync("[name='Input.Body']", "<p>ناشر موقع إخباري عربي مستقل.</p>");
        await page.CheckAsync("[name='Input.Published']");
        await page.ClickAsync(".actions button.primary");
        // A number, not "new": the form's own URL matches "pages/*" before the post has navigated anywhere.
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/admin/pages/\d+$"));

        await page.GotoAsync(baseUrl + "/admin/menus");
        await page.SelectOptionAsync("#menu", "header");
        await page.SelectOptionAsync("#kind", "section");
        await page.SelectOptionAsync("#section", sectionId);
        await page.ClickAsync("form.c-form button.primary");
        await page.SelectOptionAsync("#menu", "footer");
        await page.SelectOptionAsync("#kind", "link");
        await page.FillAsync("#url", "https://example.com/");
        await page.FillAsync("#label", "رابط خارجي طويل العنوان ليختبر الالتفاف");
        await page.ClickAsync("form.c-form button.primary");
        Assert.Equal(2, await page.Locator(".c-menu ol.c-rows > li").CountAsync());

        foreach (var screen in Screens)
        {
            var path = screen.Replace("{section}", sectionId, StringComparison.Ordinal);
            var response = await page.GotoAsync(baseUrl + path);
            Assert.Equal((int)HttpStatusCode.OK, response!.Status);
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"{path} is {overflow}px wider than the {width}px screen.");
            var name = path.Trim('/').Replace('/', '-').Replace('?', '-').Replace('=', '-');
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDirectory,
                $"{name}-{width}.png"), FullPage = true });
        }

        await page.GotoAsync(baseUrl + $"/category/tech-{width}");
        Assert.Contains("الذكاء الاصطناعي", await page.Locator(".archive-description").InnerTextAsync(),
            StringComparison.Ordinal);
        Assert.Contains($"تقنية {width}", await page.Locator("nav.sections").InnerTextAsync(),
            StringComparison.Ordinal);
        Assert.Contains("رابط خارجي", await page.Locator("nav.footer-menu").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDirectory,
            $"category-tech-{width}.png"), FullPage = true });
    }
}
