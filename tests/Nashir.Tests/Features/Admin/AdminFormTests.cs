using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Nashir.Tests.Features.Import;
using Nashir.Tests.Support;
using Nashir.Tests.Support.SocialEmulators;
using Nashir.Web.Features.Social;
using Xunit;

namespace Nashir.Tests.Features.Admin;

/// <summary>
/// Every form of the editors' area posted as a browser posts it with only its required fields filled (the optional
/// ones sent empty): saved, never a 500; and the usual mistakes answered 4xx with the Arabic message by the field.
/// </summary>
public sealed class AdminFormTests(SqliteSocialSite site) : IClassFixture<SqliteSocialSite>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Required credentials per network, as an admin copies them from the network's settings.</summary>
    public static TheoryData<string, Dictionary<string, string>> Networks => new()
    {
        { "x", new Form { ["AccessToken"] = "x-user-token" } },
        { "facebook", new Form { ["PageId"] = "1234567890", ["AccessToken"] = "EAAB-page-token" } },
        { "linkedin", new Form { ["Author"] = "urn:li:organization:42", ["AccessToken"] = "li-token" } },
        { "telegram", new Form { ["BotToken"] = "123456:ABC-DEF", ["ChatId"] = "@nashir_news" } },
        { "mastodon", new Form { ["AccessToken"] = "mastodon-token" } },
        { "bluesky", new Form { ["Identifier"] = "nashir.bsky.social", ["AppPassword"] = "abcd-efgh-ijkl-mnop" } },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public async Task A_social_account_saves_with_only_its_required_fields(
        string network, Dictionary<string, string> credentials)
    {
        using var admin = await site.App.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var name = $"حساب {network} {Unique.Next()}";
        var form = EmptyAccountForm(network, name);
        foreach (var (field, value) in credentials) form[$"Input.Credentials[{network}.{field}]"] = value;
        if (network == "mastodon") form["Input.BaseUrl"] = "https://mastodon.example";

        using var saved = await admin.SubmitAsync($"/admin/social?network={network}", form, SaveAction);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await site.WithDbAsync(async db =>
        {
            var account = await db.SocialAccounts.SingleAsync(a => a.Name == name, Cancel);
            Assert.Equal(network, account.Network);
            Assert.Equal("", account.Utm);
            Assert.Equal(SocialTemplate.Default, account.Template);
        });
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public async Task The_account_form_asks_only_for_the_chosen_networks_credentials_in_arabic(
        string network, Dictionary<string, string> credentials)
    {
        using var admin = await site.App.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        var html = await admin.ReadPageAsync($"/admin/social?network={network}");

        var form = html[html.IndexOf("id=\"account-form\"", StringComparison.Ordinal)..];
        foreach (var field in SocialCredentialFields.For(network))
        {
            Assert.Contains($"<label for=\"{field.Id}\">{field.Label}", form, StringComparison.Ordinal);
            Assert.Contains($"id=\"{field.Id}\" name=\"Input.Credentials[{field.Key}]\"", form,
                StringComparison.Ordinal);
            Assert.Contains($"id=\"{field.Id}-help\"", form, StringComparison.Ordinal);
        }
        Assert.True(credentials.Keys.All(k => SocialCredentialFields.For(network).Any(f => f.Name == k)));
        foreach (var other in SocialNetworks.All.Where(n => n != network))
            Assert.DoesNotContain($"Input.Credentials[{other}.", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_chosen_network_every_networks_group_is_in_the_form_under_its_own_legend()
    {
        using var admin = await site.App.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        var html = await admin.ReadPageAsync("/admin/social");

        foreach (var network in SocialNetworks.All)
            Assert.Contains($"<fieldset class=\"credentials\" data-network=\"{network}\">", html,
                StringComparison.Ordinal);
        Assert.Contains("data-network-switch", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Social_account_mistakes_are_refused_with_arabic_messages_by_their_fields()
    {
        using var admin = await site.App.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var count = await AccountCountAsync();

        var telegram = EmptyAccountForm("telegram", "قناة بلا رمز");
        telegram["Input.Credentials[telegram.ChatId]"] = "@nashir";
        await RefusedAsync(admin, telegram, "«رمز البوت» مطلوب لهذه الشبكة.");

        var mastodon = EmptyAccountForm("mastodon", "ماستودون بلا خادم");
        mastodon["Input.Credentials[mastodon.AccessToken]"] = "token";
        await RefusedAsync(admin, mastodon, "حدّد عنوان خادم ماستودون");

        var delay = EmptyAccountForm("x", "إكس بتأخير خاطئ");
        delay["Input.Credentials[x.AccessToken]"] = "token";
        delay["Input.DelaySeconds"] = "خمس دقائق";
        await RefusedAsync(admin, delay, "القيمة «خمس دقائق» غير صالحة لهذا الحقل.");

        var utm = EmptyAccountForm("x", "إكس بمعاملات خاطئة");
        utm["Input.Credentials[x.AccessToken]"] = "token";
        utm["Input.Utm"] = "utm_source=x utm_medium=social";
        await RefusedAsync(admin, utm, "معاملات UTM تُكتب مثل");

        var oauth = EmptyAccountForm("x", "إكس بمفتاح ناقص");
        oauth["Input.Credentials[x.AccessToken]"] = "token";
        oauth["Input.Credentials[x.ConsumerKey]"] = "key";
        await RefusedAsync(admin, oauth, "«سرّ مفتاح التطبيق» مطلوب مع مفتاح التطبيق.");

        var nameless = EmptyAccountForm("bluesky", "");
        nameless["Input.Credentials[bluesky.Identifier]"] = "a.bsky.social";
        nameless["Input.Credentials[bluesky.AppPassword]"] = "pass";
        await RefusedAsync(admin, nameless, "اكتب اسمًا للحساب");

        Assert.Equal(count, await AccountCountAsync());
    }

    [Fact]
    public async Task The_other_admin_forms_save_with_only_their_required_fields()
    {
        var app = site.App;
        app.CommentSettings().RateLimitsEnabled = false;
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        using var article = await admin.SubmitAsync("/admin/articles/new",
            new Form { ["Input.Headline"] = $"عنوان وحده {Unique.Next()}", ["intent"] = "save" });
        var articleId = article.SavedArticleId();

        var published = await app.CreateApiClient().CreateArticleAsync(ArticleInput.Story());
        var comment = await CommentOnAsync(published.Id);
        var id = comment.Id.ToString(CultureInfo.InvariantCulture);
        using var edited = await admin.SubmitAsync($"/admin/comments/{id}",
            new Form
            {
                ["Input.Name"] = "قارئ", ["Input.Email"] = "reader@example.com", ["Input.Website"] = "",
                ["Input.Text"] = "نص مصحّح",
            });
        using var moderated = await admin.SubmitAsync("/admin/comments",
            new Form { ["action"] = "approve", ["ids"] = id });
        using var reply = await admin.SubmitAsync($"/admin/comments/{id}",
            new Form { ["Reply"] = "شكرًا لك." }, $"/admin/comments/{id}?handler=Reply");
        using var token = await admin.SubmitAsync("/admin/tokens",
            new Form { ["name"] = "نظام آلي" }, "/admin/tokens?handler=Create");
        using var import = await UploadAsync(admin, WxrFiles.Document(WxrFiles.Post(Unique.Next())));
        using var erase = await admin.SubmitAsync("/admin/comments/privacy",
            new Form { ["Email"] = "nobody@example.com" },
            "/admin/comments/privacy?handler=Erase");

        Assert.True(articleId > 0);
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, moderated.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Contains("انسخ المفتاح الآن", await token.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, import.StatusCode);
        Assert.StartsWith("/admin/import", import.RedirectPath(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, erase.StatusCode);
        Assert.Equal("approved", (await app.StoredCommentAsync(comment.Id))!.Status);
    }

    [Fact]
    public async Task The_other_admin_forms_refuse_mistakes_with_arabic_messages()
    {
        var app = site.App;
        app.CommentSettings().RateLimitsEnabled = false;
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var published = await app.CreateApiClient().CreateArticleAsync(ArticleInput.Story());
        var comment = await CommentOnAsync(published.Id);

        await ShouldRefuseAsync(await admin.SubmitAsync("/admin/articles/new",
            new Form { ["Input.Headline"] = "", ["intent"] = "save" }), "العنوان مطلوب.");
        await ShouldRefuseAsync(await admin.SubmitAsync("/admin/articles/new",
            new Form { ["Input.Headline"] = "موعد خاطئ", ["Input.PublishAtLocal"] = "غدًا", ["intent"] = "schedule" }),
            "القيمة «غدًا» غير صالحة لهذا الحقل.");
        await ShouldRefuseAsync(await admin.SubmitAsync($"/admin/comments/{comment.Id}",
            new Form { ["Input.Name"] = "قارئ", ["Input.Email"] = "ليس بريدًا", ["Input.Text"] = "" }),
            "عنوان البريد الإلكتروني غير صالح.");
        await ShouldRefuseAsync(await admin.SubmitAsync("/admin/tokens",
            new Form { ["name"] = "" }, "/admin/tokens?handler=Create"),
            "اكتب اسمًا للمفتاح");
        await ShouldRefuseAsync(await admin.SubmitAsync("/admin/comments/privacy", new Form { ["Email"] = "" },
            "/admin/comments/privacy?handler=Erase"), "اكتب عنوان البريد.");
        await ShouldRefuseAsync(await UploadAsync(admin, null), "اختر ملف التصدير");
    }

    private const string SaveAction = "/admin/social?handler=Save";

    private async Task<CommentCreatedJson> CommentOnAsync(int articleId)
    {
        using var reader = site.App.CreateReaderClient();
        using var posted = await reader.PostCommentApiAsync(articleId, CommentInputJson.Unique());
        return await posted.ReadJsonAsync<CommentCreatedJson>();
    }

    private static Dictionary<string, string> EmptyAccountForm(string network, string name) => new()
    {
        ["Input.Network"] = network, ["Input.Name"] = name, ["Input.BaseUrl"] = "", ["Input.Template"] = "",
        ["Input.Categories"] = "",
        ["Input.Attachment"] = "Card", ["Input.Utm"] = "", ["Input.DelaySeconds"] = "0", ["Input.Enabled"] = "true",
    };

    private async Task<int> AccountCountAsync()
    {
        var count = 0;
        await site.WithDbAsync(async db => count = await db.SocialAccounts.CountAsync(Cancel));
        return count;
    }

    private static async Task RefusedAsync(HttpClient admin, Dictionary<string, string> form, string message) =>
        await ShouldRefuseAsync(await admin.SubmitAsync("/admin/social", form, "/admin/social?handler=Save"), message);

    /// <summary>A 4xx page (never 500) carrying the Arabic message in a field error or the error summary.</summary>
    private static async Task ShouldRefuseAsync(HttpResponseMessage response, string message)
    {
        using (response)
        {
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"answered {(int)response.StatusCode}");
            var html = await response.HtmlAsync();
            Assert.Matches("class=\"(field-error|errors)[^\"]*\"[^>]*>[^<]*\\p{IsArabic}", html);
            Assert.Contains(message, html, StringComparison.Ordinal);
        }
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient admin, string? export)
    {
        using var page = await admin.GetAsync(new Uri("/admin/import", UriKind.Relative), Cancel);
        var token = NashirApp.AntiforgeryToken(await page.Content.ReadAsStringAsync(Cancel))!;
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        if (export is not null)
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(export)), "export", "wordpress.xml");
        return await admin.PostAsync(new Uri("/admin/import", UriKind.Relative), form, Cancel);
    }

    /// <summary>Form fields by name, as a browser posts them.</summary>
    private sealed class Form : Dictionary<string, string>;
}
