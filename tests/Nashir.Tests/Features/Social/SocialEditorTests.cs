using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Nashir.Tests.Support;
using Nashir.Tests.Support.SocialEmulators;
using Nashir.Web.Features.Social;
using Xunit;

namespace Nashir.Tests.Features.Social;

/// <summary>The editor's own social fieldset: which accounts, a custom text per network, and the live count.</summary>
public sealed class SocialEditorTests(SqliteSocialSite site) : IClassFixture<SqliteSocialSite>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Story(string headline, string intent = "publish") => new()
    {
        ["Input.Headline"] = headline,
        ["Input.Body"] = "<p>فقرة من الخبر.</p>",
        ["intent"] = intent,
        ["Social.Shown"] = "true",
    };

    private async Task<int> AccountIdAsync(string key)
    {
        var id = 0;
        await site.WithDbAsync(async db => id = await db.SocialAccounts.Where(a => a.Key == key).Select(a => a.Id).SingleAsync(Cancel));
        return id;
    }

    [Fact]
    public async Task The_form_lists_the_accounts_and_publishing_with_one_chosen_posts_only_there_with_the_custom_text()
    {
        using var admin = await site.App.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var blank = await (await admin.GetAsync(new Uri("/admin/articles/new", UriKind.Relative), Cancel)).HtmlAsync();
        Assert.Contains("النشر على الشبكات الاجتماعية", blank, StringComparison.Ordinal);
        var mastodon = await AccountIdAsync("mastodon");
        Assert.Contains($"name=\"Social.Accounts\" value=\"{mastodon}\" checked", blank, StringComparison.Ordinal);

        var headline = $"خبر للنشر على حساب واحد {Unique.Next()}";
        var form = Story(headline);
        form["Social.Accounts"] = mastodon.ToString(CultureInfo.InvariantCulture);
        form["Social.Texts[mastodon]"] = "عاجل من المحرر: {POST_TITLE} {PERMALINK}";
        using var saved = await admin.SubmitAsync("/admin/articles/new", form);
        var id = saved.SavedArticleId();
        await site.DispatchAsync();

        var deliveries = await site.DeliveriesAsync(id);
        Assert.Equal(["mastodon"], deliveries.Select(d => d.Account.Key));
        Assert.Equal(DeliveryStatus.Sent, deliveries[0].Status);
        var toot = Assert.Single(site.Mastodon.Received, r => r.Path == "/api/v1/statuses" && r.Carries(headline));
        Assert.StartsWith($"عاجل من المحرر: {headline}\n", toot.Json!["status"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(site.X.Texts, t => t.Contains(headline, StringComparison.Ordinal));

        // Once posted, the fieldset is read-only and shows what was chosen.
        var after = await (await admin.GetAsync(new Uri($"/admin/articles/{id}", UriKind.Relative), Cancel)).HtmlAsync();
        Assert.Contains("<fieldset class=\"social-choice\" disabled=\"disabled\"", after, StringComparison.Ordinal);
        Assert.Contains("عاجل من المحرر: {POST_TITLE} {PERMALINK}", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_keeps_its_social_choice_until_it_is_published_later()
    {
        using var admin = await site.App.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var headline = $"مسودة تُنشر غدًا {Unique.Next()}";
        var form = Story(headline, "save");
        form["Social.Accounts"] = (await AccountIdAsync("x")).ToString(CultureInfo.InvariantCulture);
        form["Social.Texts[x]"] = "من المسودة: {POST_TITLE} {PERMALINK}";
        var id = (await admin.SubmitAsync("/admin/articles/new", form)).SavedArticleId();

        var reopened = await (await admin.GetAsync(new Uri($"/admin/articles/{id}", UriKind.Relative), Cancel)).HtmlAsync();
        Assert.Contains($"name=\"Social.Accounts\" value=\"{await AccountIdAsync("x")}\" checked", reopened, StringComparison.Ordinal);
        Assert.DoesNotContain($"name=\"Social.Accounts\" value=\"{await AccountIdAsync("mastodon")}\" checked", reopened, StringComparison.Ordinal);
        Assert.Contains(">من المسودة: {POST_TITLE} {PERMALINK}</textarea>", reopened, StringComparison.Ordinal);
        Assert.Contains("/ 280", reopened, StringComparison.Ordinal); // the count without JavaScript, after saving

        // Published later through the API, which says nothing about social: the saved choice still decides.
        using var api = site.App.CreateApiClient();
        var draft = await api.GetArticleAsync(id);
        await api.UpdateArticleAsync(id, new ArticleInput { Status = "published", Version = draft.Version });
        await site.DispatchAsync();

        Assert.Equal(["x"], (await site.DeliveriesAsync(id)).Select(d => d.Account.Key));
        Assert.Contains(site.X.Texts, t => t.StartsWith($"من المسودة: {headline}\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_tag_in_a_custom_text_is_explained_in_arabic_and_the_text_is_kept()
    {
        using var admin = await site.App.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var headline = $"خبر بوسم خاطئ {Unique.Next()}";
        var form = Story(headline);
        form["Social.Texts[x]"] = "نص المحرر {POST_AUTHOR} {PERMALINK}";

        using var refused = await admin.SubmitAsync("/admin/articles/new", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await refused.HtmlAsync();
        Assert.Contains("وسوم غير معروفة في القالب: {POST_AUTHOR}", html, StringComparison.Ordinal);
        Assert.Contains(">نص المحرر {POST_AUTHOR} {PERMALINK}</textarea>", html, StringComparison.Ordinal);
        await site.WithDbAsync(async db => Assert.False(await db.Articles.AnyAsync(a => a.Headline == headline, Cancel)));
    }

    [Fact]
    public async Task The_count_endpoint_weighs_an_arabic_text_with_a_link_as_x_does_and_refuses_anonymous_callers()
    {
        var fields = new Dictionary<string, string>
        {
            ["network"] = "x", ["text"] = "خبر عاجل {PERMALINK}", ["title"] = "",
            ["permalink"] = "https://news.example/news/7/%D9%88%D8%B2%D8%A7%D8%B1%D8%A9-%D8%A7%D9%84%D8%B7%D8%A7%D9%82%D8%A9",
        };
        using var admin = await site.App.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        using var counted = await admin.SubmitAsync("/admin/articles/new", fields, "/admin/social/count");
        Assert.Equal(HttpStatusCode.OK, counted.StatusCode);
        var json = JsonNode.Parse(await counted.Content.ReadAsStringAsync(Cancel))!;
        Assert.Equal(3 + 1 + 4 + 1 + 23, json["count"]!.GetValue<int>()); // Arabic (below U+10FF) weighs 1 on X; the long link weighs 23
        Assert.Equal(280, json["limit"]!.GetValue<int>());
        Assert.False(json["over"]!.GetValue<bool>());
        Assert.Equal("خبر عاجل\n" + fields["permalink"], json["preview"]!.GetValue<string>());

        fields["text"] = string.Concat(Enumerable.Repeat("كلمة ", 60)) + "{PERMALINK}";
        using var longer = await admin.SubmitAsync("/admin/articles/new", fields, "/admin/social/count");
        var over = JsonNode.Parse(await longer.Content.ReadAsStringAsync(Cancel))!;
        Assert.True(over["over"]!.GetValue<bool>());
        Assert.EndsWith("…\n" + fields["permalink"], over["preview"]!.GetValue<string>(), StringComparison.Ordinal);

        using var anonymous = site.App.CreateReaderClient();
        using var refused = await anonymous.PostFormAsync("/admin/social/count", fields);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/admin/login", refused.RedirectPath(), StringComparison.Ordinal);
        using var forged = await admin.PostFormAsync("/admin/social/count", fields); // signed in, but no anti-forgery token
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }
}
