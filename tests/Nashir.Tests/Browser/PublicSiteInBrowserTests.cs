using System.Net;
using Microsoft.Playwright;
using Nashir.Tests.Support;
using Nashir.Web.Features.Demo;
using Xunit;

namespace Nashir.Tests.Browser;

/// <summary>The home page and the seed article as a reader's phone and desktop show them.</summary>
public sealed class PublicSiteInBrowserTests : IAsyncLifetime
{
    private NashirApp app = null!;
    private string baseUrl = "";

    public async ValueTask InitializeAsync() => (app, baseUrl) = await Chromium.StartSiteAsync();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task Home_and_seed_article_are_right_to_left_and_fit_the_screen(int width, int height)
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });

        var home = await page.GotoAsync(baseUrl + "/");
        Assert.Equal((int)HttpStatusCode.OK, home!.Status);
        await AssertRightToLeftWithoutOverflowAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDirectory, $"home-{width}.png"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = DemoContent.SeedHeadline }).First.ClickAsync();
        await page.WaitForURLAsync("**/news/**");
        Assert.Equal(DemoContent.SeedHeadline, (await page.Locator("h1.headline").InnerTextAsync()).Trim());
        Assert.Equal("أهمية لقاء بايدن وبوتين", (await page.Locator(".story-body h2").InnerTextAsync()).Trim());
        Assert.Equal("rtl", await page.Locator(".story-body").EvaluateAsync<string>("e => getComputedStyle(e).direction"));
        Assert.True(await page.Locator(".story-body p").CountAsync() >= 18);
        await AssertRightToLeftWithoutOverflowAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDirectory, $"article-{width}.png"), FullPage = true });
    }

    private static async Task AssertRightToLeftWithoutOverflowAsync(IPage page)
    {
        Assert.Equal("ar", await page.EvaluateAsync<string>("document.documentElement.lang"));
        Assert.Equal("rtl", await page.EvaluateAsync<string>("document.documentElement.dir"));
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"The page is {overflow}px wider than the screen.");
        // Right to left: the site name sits at the right edge of the header.
        var logo = await page.Locator(".masthead .logo").BoundingBoxAsync();
        var viewport = page.ViewportSize!;
        Assert.True(logo!.X + logo.Width > viewport.Width / 2, "The masthead should start at the right.");
    }

}
