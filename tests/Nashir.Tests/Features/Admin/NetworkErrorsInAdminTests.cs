using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Tests.Support;
using Nashir.Tests.Support.SocialEmulators;
using Nashir.Web.Features.Social;
using Xunit;

namespace Nashir.Tests.Features.Admin;

/// <summary>What the newsroom sees when a network refuses: Arabic first, the network's words kept beside it.</summary>
public sealed class NetworkErrorsInAdminTests(SqliteSocialSite site) : IClassFixture<SqliteSocialSite>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failed_connection_test_becomes_the_accounts_last_error_in_arabic_with_the_networks_text()
    {
        using var admin = await site.App.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var id = 0;
        await site.WithDbAsync(async db => id = await db.SocialAccounts.Where(a => a.Key == SocialSite.BadMastodonKey)
            .Select(a => a.Id).SingleAsync(Cancel));

        using var tested = await admin.SubmitAsync("/admin/social",
            new Form { ["id"] = id.ToString(CultureInfo.InvariantCulture) }, "/admin/social?handler=Test");

        Assert.Equal(HttpStatusCode.Redirect, tested.StatusCode);
        await site.WithDbAsync(async db =>
        {
            var account = await db.SocialAccounts.SingleAsync(a => a.Id == id, Cancel);
            Assert.NotNull(account.LastErrorAt);
            var expected = SocialErrors.Explain(SocialErrorKind.Credentials, SocialNetworks.Mastodon, 401);
            Assert.Equal(expected, account.LastError);
            Assert.False(string.IsNullOrEmpty(account.LastErrorDetail)); // the emulator's own "error" text
        });
        var page = await admin.ReadPageAsync("/admin/social");
        Assert.Contains("فشل الاتصال بالحساب", page, StringComparison.Ordinal);
        Assert.Contains("بيانات الاعتماد مرفوضة لدى ماستودون", page, StringComparison.Ordinal);
        Assert.Contains("<details class=\"network-detail\"><summary>نص الشبكة</summary><code dir=\"ltr\">", page,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivery_failing_once_shows_failed_retrying_with_its_reason_a_badge_and_retry_now()
    {
        site.X.FailNext(Fault.ServerError);
        var article = await site.App.CreateApiClient().CreateArticleAsync(ArticleInput.Story());
        await site.DispatchAsync();
        var job = await site.DeliveryAsync(article.Id, "x");
        Assert.Equal(DeliveryStatus.Queued, job.Status);
        Assert.True(job.NotBefore > site.App.Clock.GetUtcNow().UtcDateTime);
        using var editor = await site.App.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        var html = await editor.ReadPageAsync($"/admin/articles/{article.Id}");
        var row = html[html.IndexOf($"<tr data-status=\"Queued\" class=\"problem\">", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("فشل — ستُعاد المحاولة", row, StringComparison.Ordinal);
        Assert.Contains(SocialErrors.Explain(SocialErrorKind.ServerError, SocialNetworks.X, 503), row,
            StringComparison.Ordinal);
        Assert.Contains("Service Unavailable", row, StringComparison.Ordinal); // the network's words, for support
        Assert.Contains("أعد المحاولة الآن", row, StringComparison.Ordinal);
        Assert.Matches("سجل الشبكات\\s*<span class=\"badge\" title=\"إرسالات متعثّرة\"><bdi>[1-9]", html);
        var problems = await editor.ReadPageAsync("/admin/social/deliveries?problems=true");
        Assert.Contains(article.Headline, problems, StringComparison.Ordinal);

        using var retried = await editor.SubmitAsync($"/admin/articles/{article.Id}",
            new Form
            {
                ["id"] = job.Id.ToString(CultureInfo.InvariantCulture), ["returnUrl"] = $"/admin/articles/{article.Id}",
            },
            "/admin/social/deliveries?handler=Retry");

        Assert.Equal($"/admin/articles/{article.Id}", retried.RedirectPath());
        var now = (await site.DeliveryAsync(article.Id, "x")).NotBefore;
        Assert.True(now <= site.App.Clock.GetUtcNow().UtcDateTime, "retry now did not move the next attempt to now");
        await site.DispatchAsync();
        Assert.Equal(DeliveryStatus.Sent, (await site.DeliveryAsync(article.Id, "x")).Status);
    }

    /// <summary>Form fields by name, as a browser posts them.</summary>
    private sealed class Form : Dictionary<string, string>;
}
