using System.Net;
using System.Text.RegularExpressions;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Audit;
using Xunit;
using static Nashir.Tests.Features.SignIn.SignInSteps;

namespace Nashir.Tests.Features.SignIn;

/// <summary>"Forgot password": a link by e-mail (a real SMTP server on loopback), one use, two hours.</summary>
public sealed partial class PasswordResetTests : IAsyncLifetime
{
    private readonly LoopbackSmtp smtp = new();
    private NashirApp app = null!;

    public async ValueTask InitializeAsync()
    {
        app = new NashirApp(NashirStorage.Sqlite(), demoContent: false, settings: new Dictionary<string, string?>
        {
            ["Nashir:Smtp:Host"] = "127.0.0.1",
            ["Nashir:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Nashir:Smtp:Security"] = "None",
            ["Nashir:Smtp:From"] = "newsroom@nashir.test",
            ["Nashir:Site:Url"] = "https://news.example",
        });
        await app.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await smtp.DisposeAsync();
    }

    [Fact]
    public async Task Known_and_unknown_addresses_get_the_same_answer_and_only_the_known_one_gets_mail()
    {
        var member = await app.CreateStaffAsync(Roles.Author);

        using var unknown = await AskAsync("nobody-here@nashir.test");
        using var known = await AskAsync(member.Email);

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(unknown.StatusCode, known.StatusCode);
        Assert.Equal(Comparable(await unknown.HtmlAsync()), Comparable(await known.HtmlAsync()));
        Assert.Contains("إن كان هذا البريد مسجّلًا", await known.HtmlAsync(), StringComparison.Ordinal);
        // The queue is in order: had the unknown address produced a message, it would arrive first.
        var message = await smtp.NextAsync();
        Assert.Equal(member.Email, Assert.Single(message.To.Mailboxes).Address);
        Assert.StartsWith("https://news.example/admin/reset-password?user=", ResetLink(message.TextBody), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_link_sets_a_new_password_once()
    {
        var member = await app.CreateStaffAsync(Roles.Editor);
        using var otherSession = await app.SignInAsync(member.Email, member.Password);
        using var asked = await AskAsync(member.Email);
        var link = ResetLink((await smtp.NextAsync()).TextBody).Replace("https://news.example", "", StringComparison.Ordinal);
        using var visitor = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

        using var reset = await SetAsync(visitor, link, "a-password-from-the-link");

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal("/admin/login", reset.RedirectPath());
        using var signedIn = await app.SignInAsync(member.Email, "a-password-from-the-link");
        Assert.Equal(HttpStatusCode.Redirect, await otherSession.StatusOfAsync("/admin"));
        using var again = await visitor.GetAsync(new Uri(link, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("هذا الرابط لا يعمل", await again.HtmlAsync(), StringComparison.Ordinal);
        Assert.Single(await AuditAsync(app, AuditActions.PasswordReset), e => e.UserId == member.Id);
    }

    [Fact]
    public async Task The_link_stops_working_after_two_hours()
    {
        var member = await app.CreateStaffAsync(Roles.Author);
        using var asked = await AskAsync(member.Email);
        var link = ResetLink((await smtp.NextAsync()).TextBody).Replace("https://news.example", "", StringComparison.Ordinal);
        using var visitor = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.OK, await visitor.StatusOfAsync(link));

        app.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.Gone, await visitor.StatusOfAsync(link));
    }

    [Fact]
    public async Task A_forged_link_changes_nothing()
    {
        var member = await app.CreateStaffAsync(Roles.Author);
        using var visitor = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var forged = $"/admin/reset-password?user={member.Id}&token=Q2ZESjhGb3JnZWQ";

        Assert.Equal(HttpStatusCode.Gone, await visitor.StatusOfAsync(forged));
        using var post = await visitor.PostFormAsync(forged, new Dictionary<string, string>
        {
            ["Input.NewPassword"] = "a-forged-new-password",
            ["Input.ConfirmPassword"] = "a-forged-new-password",
            ["__RequestVerificationToken"] = await TokenAsync(visitor, "/admin/forgot-password"),
        });
        Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
        using var old = await app.SignInAsync(member.Email, member.Password);
    }

    private async Task<HttpResponseMessage> AskAsync(string email)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        return await client.SubmitAsync("/admin/forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
    }

    private static async Task<HttpResponseMessage> SetAsync(HttpClient client, string link, string password) =>
        await client.SubmitAsync(link, new Dictionary<string, string>
        {
            ["Input.NewPassword"] = password,
            ["Input.ConfirmPassword"] = password,
        }, link);

    private static async Task<string> TokenAsync(HttpClient client, string path) =>
        NashirApp.AntiforgeryToken(await client.ReadPageAsync(path))!;

    private static string ResetLink(string? body) => LinkPattern().Match(body ?? "").Value;

    /// <summary>The page without what differs by nature between two requests (anti-forgery token, the typed address).</summary>
    private static string Comparable(string html) => TokenPattern().Replace(html, "").Replace("nobody-here@nashir.test", "", StringComparison.Ordinal);

    [GeneratedRegex(@"https://news\.example/admin/reset-password\?\S+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]*\"")]
    private static partial Regex TokenPattern();
}
