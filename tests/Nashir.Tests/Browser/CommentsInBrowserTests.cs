using System.Net.Http.Json;
using Microsoft.Playwright;
using Nashir.Tests.Support;
using Nashir.Web.Features.Demo;
using Xunit;

namespace Nashir.Tests.Browser;

/// <summary>A reader comments on the seed article, an editor approves it, the reader sees it published.</summary>
public sealed class CommentsInBrowserTests : IAsyncLifetime
{
    private NashirApp app = null!;
    private string baseUrl = "";

    public async ValueTask InitializeAsync() => (app, baseUrl) = await Chromium.StartSiteAsync();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_reader_comments_an_editor_approves_and_the_reader_sees_it_published()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var readerContext = await browser.NewContextAsync();
        var reader = await readerContext.NewPageAsync();
        var text = $"تحليل ممتاز، شكرًا للكاتب. رقم {Unique.Next()}";

        await reader.GotoAsync(baseUrl + "/");
        await reader.GetByRole(AriaRole.Link, new() { Name = DemoContent.SeedHeadline }).First.ClickAsync();
        await reader.WaitForURLAsync("**/news/**");
        Assert.True(await reader.GetByText("اترك رداً").IsVisibleAsync());
        await reader.GetByRole(AriaRole.Textbox, new() { Name = "التعليق *" }).FillAsync(text);
        await reader.GetByRole(AriaRole.Textbox, new() { Name = "الاسم *" }).FillAsync("قارئ من القاهرة");
        await reader.GetByRole(AriaRole.Textbox, new() { Name = "البريد الإلكتروني *" }).FillAsync("reader.in.browser@example.com");
        app.Clock.Advance(TimeSpan.FromSeconds(30)); // the time a person takes to type
        await reader.GetByRole(AriaRole.Button, new() { Name = "إرسال التعليق" }).ClickAsync();

        // Posted in place: no navigation, the comment shows as awaiting moderation.
        await reader.Locator(".comment.pending").GetByText(text).WaitForAsync();
        Assert.True(await reader.Locator(".comment.pending .awaiting").First.IsVisibleAsync());
        await reader.ReloadAsync();
        Assert.Contains("بانتظار المراجعة", await reader.Locator(".comment.pending").First.InnerTextAsync(), StringComparison.Ordinal);
        await reader.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDirectory, "comment-pending.png"), FullPage = true });

        await using var editorContext = await browser.NewContextAsync();
        var editor = await editorContext.NewPageAsync();
        await editor.GotoAsync(baseUrl + "/admin/login");
        await editor.Locator("input[name='Input.Email']").FillAsync(NashirApp.AdminEmail);
        await editor.Locator("input[name='Input.Password']").FillAsync(NashirApp.AdminPassword);
        await editor.GetByRole(AriaRole.Button, new() { Name = "دخول" }).ClickAsync();
        await editor.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        Assert.Equal("1", (await editor.Locator("nav .badge").InnerTextAsync()).Trim());
        await editor.GetByRole(AriaRole.Link, new() { Name = "التعليقات" }).ClickAsync();
        var row = editor.Locator("tr", new() { HasText = text });
        await row.Locator("input[type=checkbox]").CheckAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "موافقة" }).ClickAsync();
        await editor.Locator(".flash").WaitForAsync();

        await reader.ReloadAsync();
        var published = reader.Locator(".comment", new() { HasText = text });
        Assert.Equal(1, await published.CountAsync());
        Assert.DoesNotContain("pending", await published.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        Assert.Equal("تعليق واحد", (await reader.Locator(".comments-count").InnerTextAsync()).Trim());
        Assert.Equal("1", await reader.Locator(".comments-count").GetAttributeAsync("data-count"));
        await reader.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDirectory, "comment-published.png"), FullPage = true });
    }

    [Fact]
    public async Task With_script_the_reply_form_moves_under_the_comment_and_the_reply_posts_in_place()
    {
        app.CommentSettings().RateLimitsEnabled = false;
        var seed = (await OnSite(app.CreateApiClient()).ListArticlesAsync("?pageSize=100")).Items.First(a => a.Headline == DemoContent.SeedHeadline);
        using var post = await OnSite(app.CreateReaderClient()).PostCommentApiAsync(seed.Id, new CommentInputJson("ليلى", $"layla{Unique.Next()}@example.com", "سؤال للكاتب: ما مصدر الأرقام؟"));
        var parent = await post.ReadJsonAsync<CommentCreatedJson>();
        await OnSite(app.CreateApiClient()).ModerateAsync(parent.Id, "approved");
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var reader = await browser.NewPageAsync();
        await reader.GotoAsync(baseUrl + new Uri(seed.Url).AbsolutePath);
        var url = reader.Url;

        await reader.Locator($"#comment-{parent.Id} .reply-link").ClickAsync();

        Assert.Equal(url, reader.Url); // no reload, no ?replyto
        var form = reader.Locator($"#comment-{parent.Id} form.comment-form");
        await form.WaitForAsync();
        Assert.Contains("ردًّا على ليلى", await reader.Locator($"#comment-{parent.Id} .replying").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(parent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), await form.Locator("input[name='Input.ParentId']").InputValueAsync());
        var text = $"من تقرير الوزارة المنشور أمس. رقم {Unique.Next()}";
        await form.Locator("textarea").FillAsync(text);
        await form.Locator("input[name='Input.Name']").FillAsync("الكاتب");
        await form.Locator("input[name='Input.Email']").FillAsync($"writer{Unique.Next()}@example.com");
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await form.GetByRole(AriaRole.Button, new() { Name = "إرسال التعليق" }).ClickAsync();

        var reply = reader.Locator(".comment.pending.depth-1", new() { HasText = text });
        await reply.WaitForAsync();
        Assert.Equal($"comment-{parent.Id}", await reply.EvaluateAsync<string>("e => e.previousElementSibling.id"));
        Assert.Equal(0, await reader.Locator($"#comment-{parent.Id} form.comment-form").CountAsync()); // the form went back home
        await reader.ReloadAsync();
        var stored = (await OnSite(app.CreateApiClient()).GetFromJsonAsync<ModeratedListJson>($"/api/v1/comments?articleId={seed.Id}&status=pending",
            ArticlesApiCalls.Json, TestContext.Current.CancellationToken))!.Items.Single(c => c.Text == text);
        Assert.Equal(parent.Id, stored.ParentId);
        Assert.Contains(text, await reader.Locator($"#comment-{stored.Id}").InnerTextAsync(), StringComparison.Ordinal);
    }

    /// <summary>The app listens on a real socket here: its clients must go there too.</summary>
    private HttpClient OnSite(HttpClient client)
    {
        client.BaseAddress = new Uri(baseUrl);
        return client;
    }
}
