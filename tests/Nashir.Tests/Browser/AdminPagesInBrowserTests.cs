using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Nashir.Tests.Support;
using Xunit;

namespace Nashir.Tests.Browser;

/// <summary>
/// Every screen of the editors' area, found by following the links from the admin navigation (so screens added
/// later are covered without touching this test), at a phone's 390 px and a desktop's 1280 px: it answers 200 and
/// never scrolls sideways.
/// </summary>
public sealed partial class AdminPagesInBrowserTests : IAsyncLifetime
{
    private static readonly int[] Widths = [390, 1280];
    private NashirApp app = null!;
    private string baseUrl = "";

    public async ValueTask InitializeAsync() => (app, baseUrl) = await Chromium.StartSiteAsync();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Every_admin_page_fits_a_phone_and_a_desktop_without_sideways_scrolling()
    {
        // Something in each list: a pending comment, an API token.
        app.CommentSettings().RateLimitsEnabled = false;
        var story = ArticleInput.Story() with { Tags = ["طاقة", "AI"] };
        var article = await OnSite(app.CreateApiClient()).CreateArticleAsync(story);
        using var comment = await OnSite(app.CreateReaderClient()).PostCommentApiAsync(article.Id,
            new CommentInputJson("Reader with a long Latin name", "a.very.long.address.of.a.reader@example-news.com",
                "تعليق طويل فيه رابط https://example.com/a/very/long/path/that/should/wrap/inside/its/cell/not/push"));
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        await page.GotoAsync(baseUrl + "/admin/login");
        await page.Locator("input[name='Input.Email']").FillAsync(NashirApp.AdminEmail);
        await page.Locator("input[name='Input.Password']").FillAsync(NashirApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "دخول" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));

        // On a phone the menu is collapsed behind its summary, and opens without any script.
        Assert.False(await page.Locator(".admin-menu nav").IsVisibleAsync());
        await page.Locator(".admin-menu > summary").ClickAsync();
        Assert.True(await page.Locator(".admin-menu nav").IsVisibleAsync());
        var queue = new Queue<string>(await AdminLinksAsync(page, ".admin-menu nav a"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotDirectory, "admin-menu-390.png") });

        var seen = new HashSet<string>();
        var visited = new List<string>();
        var problems = new List<string>();
        while (queue.TryDequeue(out var path))
        {
            // One page per shape (/admin/articles/{n}): the rows of a list all lead to the same screen.
            if (!seen.Add(Shape(path))) continue;
            visited.Add(path);
            foreach (var width in Widths)
            {
                await page.SetViewportSizeAsync(width, width == 390 ? 844 : 900);
                var response = await page.GotoAsync(baseUrl + path);
                if (response?.Status != 200) problems.Add($"{path}: answered {response?.Status}");
                var (scroll, client) = await WidthsAsync(page);
                if (scroll > client) problems.Add($"{path} at {width} px: scrollWidth {scroll} > clientWidth {client}");
                var file = $"admin-{Safe().Replace(path.Trim('/'), "_")}-{width}.png";
                await page.ScreenshotAsync(new()
                {
                    Path = Path.Combine(Chromium.ScreenshotDirectory, file), FullPage = true,
                });
                if (width == 1280)
                {
                    // On a desktop the menu is simply open.
                    Assert.False(await page.Locator(".admin-menu > summary").IsVisibleAsync());
                    foreach (var link in await AdminLinksAsync(page, "a")) queue.Enqueue(link);
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        // The crawl reached the screens the navigation leads to, and the ones only reachable from them.
        string[] screens = ["/admin", "/admin/articles/new", "/admin/comments", "/admin/comments/privacy",
            "/admin/tokens", "/admin/social", "/admin/social/deliveries", "/admin/import"];
        foreach (var expected in screens)
            Assert.Contains(visited, p => p.Split('?')[0] == expected);
        Assert.Contains(visited, p => RevisionsPath().IsMatch(p));
        Assert.Contains(visited, p => CommentPath().IsMatch(p));
    }

    /// <summary>Where the page's links lead inside the editors' area (GET screens: no log-out, no handlers).</summary>
    private async Task<IReadOnlyList<string>> AdminLinksAsync(IPage page, string selector)
    {
        var hrefs = await page.Locator(selector).EvaluateAllAsync<string[]>("links => links.map(a => a.href)");
        return hrefs.Select(href => new Uri(href))
            .Where(url => url.GetLeftPart(UriPartial.Authority) == new Uri(baseUrl).GetLeftPart(UriPartial.Authority))
            .Select(url => url.PathAndQuery)
            .Where(path => AdminPath().IsMatch(path)
                && !path.StartsWith("/admin/logout", StringComparison.Ordinal)
                && !path.Contains("handler=", StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    private static async Task<(int Scroll, int Client)> WidthsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        return (widths[0], widths[1]);
    }

    /// <summary>The screen a path shows: numbers and query values ignored, query names kept.</summary>
    private static string Shape(string path)
    {
        var parts = path.Split('?', 2);
        IEnumerable<string> names = parts.Length > 1 ? parts[1].Split('&').Select(p => p.Split('=')[0]) : [];
        names = names.Order(StringComparer.Ordinal);
        var query = string.Join("&", names);
        return Digits().Replace(parts[0], "{n}") + "?" + query;
    }

    private HttpClient OnSite(HttpClient client)
    {
        client.BaseAddress = new Uri(baseUrl);
        return client;
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();

    [GeneratedRegex("[^A-Za-z0-9_-]+")]
    private static partial Regex Safe();

    [GeneratedRegex("^/admin/articles/[0-9]+/revisions")]
    private static partial Regex RevisionsPath();

    [GeneratedRegex("^/admin/comments/[0-9]+")]
    private static partial Regex CommentPath();

    [GeneratedRegex("^/admin([/?]|$)")]
    private static partial Regex AdminPath();
}
