using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nashir.Tests.Support;
using Nashir.Web.Features.Demo;
using Xunit;

namespace Nashir.Tests.Features.FrontPage;

public sealed class BreakingNewsTests_on_Sqlite(SqliteApp app) : BreakingNewsTests<SqliteApp>(app);

public sealed class BreakingNewsTests_on_Postgres(PostgresApp app) : BreakingNewsTests<PostgresApp>(app);

/// <summary>
/// The breaking-news bar (عاجل): an alert posted from /admin/front-page shows on every cached public page and in
/// /breaking.json at once, and leaves them when removed or past its expiry. Bad alerts are refused, nothing saved.
/// </summary>
public abstract class BreakingNewsTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<string> SeedPathAsync() =>
        new Uri((await app.CreateApiClient().ListArticlesAsync("?pageSize=100")).Items.First(a =>
            a.Headline == DemoContent.SeedHeadline).Url).AbsolutePath;

    /// <summary>Reads the pages once, so that what follows is served from (or evicted from) the output cache.</summary>
    private static async Task WarmAsync(HttpClient reader, params string[] paths)
    {
        foreach (var path in paths) await reader.ReadPageAsync(path);
        await reader.BreakingJsonAsync();
    }

    [Fact]
    public async Task A_posted_alert_shows_at_once_on_the_cached_home_article_and_archive_pages_and_in_the_json()
    {
        var article = await SeedPathAsync();
        using var reader = app.CreateReaderClient();
        await WarmAsync(reader, "/", article, "/search?q=طاقة");
        using var staff = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var text = $"عاجل: زلزال بقوة 5 درجات يضرب المنطقة {Unique.Next()}";

        await (await staff.PostAlertAsync(text)).ShouldBeDoneAsync();

        Assert.Equal(text, FrontPageCalls.BreakingText(await reader.ReadPageAsync("/")));
        Assert.Equal(text, FrontPageCalls.BreakingText(await reader.ReadPageAsync(article)));
        Assert.Equal(text, FrontPageCalls.BreakingText(await reader.ReadPageAsync("/search?q=طاقة")));
        var json = await reader.BreakingJsonAsync();
        Assert.Equal(text, json.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("url").ValueKind);
    }

    [Fact]
    public async Task Removing_the_alert_takes_it_off_the_cached_pages_and_the_json_at_once()
    {
        var article = await SeedPathAsync();
        using var staff = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        await (await staff.PostAlertAsync($"خبر عاجل سيُزال {Unique.Next()}")).ShouldBeDoneAsync();
        using var reader = app.CreateReaderClient();
        await WarmAsync(reader, "/", article);
        var id = (await reader.BreakingJsonAsync()).GetProperty("id").GetInt32();

        await (await staff.SubmitAsync(FrontPageCalls.Screen,
            new Dictionary<string, string> { ["alertId"] = id.ToString() },
            FrontPageCalls.Screen + "?handler=RemoveBreaking")).ShouldBeDoneAsync();

        Assert.Null(FrontPageCalls.BreakingText(await reader.ReadPageAsync("/")));
        Assert.Null(FrontPageCalls.BreakingText(await reader.ReadPageAsync(article)));
        Assert.Equal(JsonValueKind.Null, (await reader.BreakingJsonAsync()).ValueKind);
    }

    [Fact]
    public async Task An_alert_leaves_the_cached_pages_at_its_expiry_without_anyone_removing_it()
    {
        var article = await SeedPathAsync();
        using var staff = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var text = $"خبر عاجل لربع ساعة {Unique.Next()}";
        await (await staff.PostAlertAsync(text, minutes: 15)).ShouldBeDoneAsync();
        using var reader = app.CreateReaderClient();
        await WarmAsync(reader, "/", article);
        Assert.Equal(text, FrontPageCalls.BreakingText(await reader.ReadPageAsync(article)));

        app.Clock.Advance(TimeSpan.FromMinutes(15));

        Assert.Null(FrontPageCalls.BreakingText(await reader.ReadPageAsync("/")));
        Assert.Null(FrontPageCalls.BreakingText(await reader.ReadPageAsync(article)));
        Assert.Equal(JsonValueKind.Null, (await reader.BreakingJsonAsync()).ValueKind);
    }

    [Fact]
    public async Task A_new_alert_replaces_the_current_one()
    {
        using var staff = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        await (await staff.PostAlertAsync($"الخبر العاجل الأول {Unique.Next()}")).ShouldBeDoneAsync();
        var second = $"الخبر العاجل الثاني {Unique.Next()}";

        await (await staff.PostAlertAsync(second)).ShouldBeDoneAsync();

        using var reader = app.CreateReaderClient();
        Assert.Equal(second, FrontPageCalls.BreakingText(await reader.ReadPageAsync("/")));
        Assert.Equal(1, await app.WithDbAsync(db => db.BreakingAlerts.CountAsync(a => a.RemovedAt == null, Cancel)));
    }

    [Fact]
    public async Task An_alert_of_2000_characters_is_refused_in_Arabic_next_to_its_field_and_nothing_is_saved()
    {
        using var staff = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var before = await app.FrontPageRowsAsync();

        using var response = await staff.PostAlertAsync(new string('خ', 2000));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.HtmlAsync();
        Assert.Matches("data-valmsg-for=\"Alert.Text\"[^>]*>[^<]*سطر واحد لا يتجاوز 200 حرف، والنص المرسل 2,000 حرف",
            html);
        Assert.Contains("خخخخخخخخ", html, StringComparison.Ordinal); // what was typed is still in the form
        Assert.Equal(before, await app.FrontPageRowsAsync());
    }

    [Theory]
    [InlineData("", "اكتب نص الخبر العاجل")]
    [InlineData("تحذير <script>alert(1)</script>", "نص عادي")]
    public async Task An_empty_alert_or_one_with_markup_is_refused(string text, string message)
    {
        using var staff = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var before = await app.FrontPageRowsAsync();

        using var response = await staff.PostAlertAsync(text);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, await response.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.FrontPageRowsAsync());
    }

    [Fact]
    public async Task An_alert_links_to_an_article_of_this_site_given_by_its_url_or_number_and_refuses_other_sites()
    {
        var article = await SeedPathAsync();
        using var staff = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var before = await app.FrontPageRowsAsync();
        using var elsewhere = await staff.PostAlertAsync("خبر عاجل برابط خارجي", link: "https://evil.example/news/1/x");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, elsewhere.StatusCode);
        Assert.Matches("data-valmsg-for=\"Alert.Link\"[^>]*>[^<]*من هذا الموقع", await elsewhere.HtmlAsync());
        Assert.Equal(before, await app.FrontPageRowsAsync());

        await (await staff.PostAlertAsync($"خبر عاجل برابط {Unique.Next()}",
            link: "http://localhost" + article)).ShouldBeDoneAsync();

        using var reader = app.CreateReaderClient();
        Assert.Equal(Uri.UnescapeDataString(article),
            Uri.UnescapeDataString((await reader.BreakingJsonAsync()).GetProperty("url").GetString()!));
        Assert.Contains($"<a class=\"breaking-text\" href=\"{article}\"", await reader.ReadPageAsync("/"),
            StringComparison.Ordinal);
        var id = article.Split('/')[2];
        await (await staff.PostAlertAsync($"خبر عاجل برقم مقال {Unique.Next()}", link: id)).ShouldBeDoneAsync();
        Assert.Equal(Uri.UnescapeDataString(article),
            Uri.UnescapeDataString((await reader.BreakingJsonAsync()).GetProperty("url").GetString()!));
    }

    [Fact]
    public async Task Bidi_override_characters_are_stripped_from_an_alert()
    {
        using var staff = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var n = Unique.Next();

        await (await staff.PostAlertAsync($"عاجل\u202E: انقطاع الكهرباء {n}\u202C")).ShouldBeDoneAsync();

        using var reader = app.CreateReaderClient();
        Assert.Equal($"عاجل: انقطاع الكهرباء {n}", (await reader.BreakingJsonAsync()).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Posting_and_removing_alerts_is_audited()
    {
        using var staff = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var text = $"خبر عاجل للسجل {Unique.Next()}";

        await (await staff.PostAlertAsync(text)).ShouldBeDoneAsync();

        var line = await app.WithDbAsync(db => db.AuditLog.SingleAsync(e => e.Action == "breaking.changed"
            && e.TargetLabel == text, Cancel));
        Assert.Equal(NashirApp.AdminEmail, await app.WithDbAsync(db => db.Users.Where(u =>
            u.Id == line.UserId).Select(u => u.Email).SingleAsync(Cancel)));
    }
}
