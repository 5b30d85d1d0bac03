using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Tests.Support;
using Nashir.Tests.Support.SocialEmulators;
using Nashir.Web.Features.Social;
using Xunit;

namespace Nashir.Tests.Features.Social;

/// <summary>The admin screens: accounts (secrets never shown again), test connection, and the per-article status with its actions.</summary>
public sealed class SocialAdminTests(SqliteSocialSite site) : IClassFixture<SqliteSocialSite>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_connects_an_account_whose_secret_is_stored_encrypted_and_never_shown()
    {
        using var admin = await site.App.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var fields = new Dictionary<string, string>
        {
            ["Input.Network"] = "mastodon", ["Input.Name"] = "ماستودون الثاني", ["Input.BaseUrl"] = site.Mastodon.BaseUrl.ToString(),
            ["Input.Credentials[AccessToken]"] = MastodonEmulator.Token, ["Input.Template"] = "{POST_TITLE} {POST_AUTHOR}", ["Input.Enabled"] = "false",
        };

        using var refused = await admin.SubmitAsync("/admin/social", fields, "/admin/social?handler=Save");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await refused.HtmlAsync();
        Assert.Contains("{POST_AUTHOR}", html, StringComparison.Ordinal);
        Assert.Contains("{POST_EXCERPT}", html, StringComparison.Ordinal); // the list of valid tags

        fields["Input.Template"] = "{POST_TITLE}\n{PERMALINK}";
        using var saved = await admin.SubmitAsync("/admin/social", fields, "/admin/social?handler=Save");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await (await admin.GetAsync(new Uri("/admin/social", UriKind.Relative), Cancel)).HtmlAsync();
        Assert.Contains("ماستودون الثاني", page, StringComparison.Ordinal);
        Assert.DoesNotContain(MastodonEmulator.Token, page, StringComparison.Ordinal);
        Assert.DoesNotContain(TelegramEmulator.BotToken, page, StringComparison.Ordinal); // config-declared ones neither
        int id = 0;
        await site.WithDbAsync(async db =>
        {
            var account = await db.SocialAccounts.SingleAsync(a => a.Name == "ماستودون الثاني", Cancel);
            Assert.DoesNotContain(MastodonEmulator.Token, account.ProtectedCredentials, StringComparison.Ordinal);
            id = account.Id;
        });

        using var tested = await admin.SubmitAsync("/admin/social", new Dictionary<string, string> { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/admin/social?handler=Test");
        var flash = await (await admin.GetAsync(new Uri("/admin/social", UriKind.Relative), Cancel)).HtmlAsync();
        Assert.Contains("يعمل", flash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_editor_shows_each_accounts_status_and_a_failed_job_can_be_retried_from_it()
    {
        site.X.FailNext(Fault.ServerError);
        using var api = site.App.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story() with { Categories = ["إعلانات"] });
        await site.DispatchAsync();
        using var editor = await site.App.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        var html = await (await editor.GetAsync(new Uri($"/admin/articles/{article.Id}", UriKind.Relative), Cancel)).HtmlAsync();
        Assert.Contains("النشر على الشبكات", html, StringComparison.Ordinal);
        Assert.Contains("أُرسل", html, StringComparison.Ordinal);
        Assert.Contains("فشل — ستُعاد المحاولة", html, StringComparison.Ordinal); // X, queued again after its 503
        Assert.Contains("401", html, StringComparison.Ordinal); // the revoked account's reason

        var failed = await site.DeliveryAsync(article.Id, SocialSite.BadMastodonKey);
        using var retried = await editor.SubmitAsync($"/admin/articles/{article.Id}",
            new Dictionary<string, string> { ["id"] = failed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["returnUrl"] = $"/admin/articles/{article.Id}" },
            "/admin/social/deliveries?handler=Retry");
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal(DeliveryStatus.Queued, (await site.DeliveryAsync(article.Id, SocialSite.BadMastodonKey)).Status);

        var log = await (await editor.GetAsync(new Uri("/admin/social/deliveries?status=Sent", UriKind.Relative), Cancel)).HtmlAsync();
        Assert.Contains(article.Headline, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_account_with_an_unknown_template_tag_stops_the_start_with_the_valid_tags()
    {
        await using var app = new NashirApp(NashirStorage.Sqlite(), demoContent: false, new Dictionary<string, string?>
        {
            ["Nashir:Social:DispatchInBackground"] = "false",
            ["Nashir:Social:Accounts:main:Network"] = "mastodon",
            ["Nashir:Social:Accounts:main:BaseUrl"] = "https://mastodon.example",
            ["Nashir:Social:Accounts:main:AccessToken"] = "token",
            ["Nashir:Social:Accounts:main:Template"] = "{POST_TITLE} {POST_URL}",
        });

        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        var message = error.ToString();
        Assert.Contains("Nashir:Social:Accounts:main:Template", message, StringComparison.Ordinal);
        Assert.Contains("{POST_URL}", message, StringComparison.Ordinal);
        Assert.Contains("{PERMALINK}", message, StringComparison.Ordinal);
    }
}
