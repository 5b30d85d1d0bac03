using System.Net;
using System.Text.RegularExpressions;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Audit;
using Xunit;
using static Nashir.Tests.Features.SignIn.SignInSteps;

namespace Nashir.Tests.Features.SignIn;

/// <summary>
/// Guessing passwords is slowed per IP and per typed e-mail (ASP.NET Core rate limiting, 429 with the Arabic error
/// page), and the answers never tell an existing address from an unknown one.
/// </summary>
public sealed partial class SignInLimitTests
{
    private static NashirApp AppWithLimits(int perIp, int perAccount) => new(NashirStorage.Sqlite(), demoContent: false, settings: new Dictionary<string, string?>
    {
        ["Nashir:SignIn:PerIpLimit"] = perIp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Nashir:SignIn:PerAccountLimit"] = perAccount.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    [Fact]
    public async Task One_address_is_answered_429_in_Arabic_after_its_limit_while_another_goes_on()
    {
        await using var app = AppWithLimits(perIp: 3, perAccount: 1000);
        using var attacker = ClientAddress.From(app, "203.0.113.7");
        using var colleague = ClientAddress.From(app, "198.51.100.20");

        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var wrong = await NashirApp.PostLoginFormAsync(attacker, $"guess{attempt}@nashir.test", "wrong-password-guess");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        using var limited = await NashirApp.PostLoginFormAsync(attacker, NashirApp.AdminEmail, NashirApp.AdminPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "No Retry-After.");
        var html = await limited.HtmlAsync();
        Assert.Contains("lang=\"ar\"", html, StringComparison.Ordinal);
        Assert.Contains("طلبات كثيرة", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, await attacker.StatusOfAsync("/admin"));
        using var other = await NashirApp.PostLoginFormAsync(colleague, NashirApp.AdminEmail, NashirApp.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
    }

    [Fact]
    public async Task One_account_is_answered_429_after_its_limit_from_any_address_known_or_not()
    {
        await using var app = AppWithLimits(perIp: 1000, perAccount: 3);
        var member = await app.CreateStaffAsync(Roles.Author);

        foreach (var email in new[] { member.Email, "nobody-at-all@nashir.test" })
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                using var client = ClientAddress.From(app, $"192.0.2.{attempt + 1}");
                using var wrong = await NashirApp.PostLoginFormAsync(client, email, "wrong-password-guess");
                Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            }
            using var fourth = ClientAddress.From(app, "192.0.2.99");
            using var limited = await NashirApp.PostLoginFormAsync(fourth, email, "wrong-password-guess");
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }
        // Another account from the same addresses is not held back.
        using var admin = ClientAddress.From(app, "192.0.2.99");
        using var signedIn = await NashirApp.PostLoginFormAsync(admin, NashirApp.AdminEmail, NashirApp.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_address_get_the_same_answer()
    {
        await using var app = AppWithLimits(perIp: 1000, perAccount: 1000);
        var member = await app.CreateStaffAsync(Roles.Editor);
        using var client = ClientAddress.From(app, "203.0.113.50");

        using var known = await NashirApp.PostLoginFormAsync(client, member.Email, "wrong-password-guess");
        using var unknown = await NashirApp.PostLoginFormAsync(client, "nobody-at-all@nashir.test", "wrong-password-guess");

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        var knownPage = Comparable(await known.HtmlAsync(), member.Email);
        Assert.Equal(knownPage, Comparable(await unknown.HtmlAsync(), "nobody-at-all@nashir.test"));
        Assert.Contains("لم ينجح الدخول", knownPage, StringComparison.Ordinal);

        // Five wrong passwords lock a known account; its answer still reads like an unknown address's.
        for (var attempt = 0; attempt < 4; attempt++)
        {
            using var more = await NashirApp.PostLoginFormAsync(client, member.Email, "wrong-password-guess");
        }
        using var locked = await NashirApp.PostLoginFormAsync(client, member.Email, member.Password);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Equal(knownPage, Comparable(await locked.HtmlAsync(), member.Email));

        var failures = await AuditAsync(app, AuditActions.SignInFailed);
        Assert.Contains(failures, e => e.UserName == "nobody-at-all@nashir.test" && e.Ip == "203.0.113.50" && e.UserId is null);
        Assert.Contains(failures, e => e.UserName == member.Email && e.Ip == "203.0.113.50" && e.Detail == "الحساب مقفل مؤقتًا");
    }

    [Fact]
    public async Task Forgot_password_is_limited_per_address_too()
    {
        await using var app = AppWithLimits(perIp: 1000, perAccount: 2);
        using var client = ClientAddress.From(app, "203.0.113.80");

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var asked = await client.SubmitAsync("/admin/forgot-password", new Dictionary<string, string> { ["Input.Email"] = NashirApp.AdminEmail });
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        }
        using var limited = await client.SubmitAsync("/admin/forgot-password", new Dictionary<string, string> { ["Input.Email"] = NashirApp.AdminEmail });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }

    /// <summary>The page without what differs by nature: the anti-forgery token and the typed address.</summary>
    private static string Comparable(string html, string email) =>
        TokenPattern().Replace(html, "").Replace(email, "", StringComparison.Ordinal);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]*\"")]
    private static partial Regex TokenPattern();
}
