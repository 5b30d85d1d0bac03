using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nashir.Tests.Support;
using Nashir.Web.Features.Audit;
using Nashir.Web.Platform.Data;
using OtpNet;
using Xunit;

namespace Nashir.Tests.Features.SignIn;

/// <summary>What a person does with the sign-in screens and their authenticator app, as the tests need it.</summary>
public static partial class SignInSteps
{
    /// <summary>The code an authenticator app shows for <paramref name="key"/> at the site's (fake) time.</summary>
    public static string CodeAt(string key, FakeTimeProvider clock) =>
        new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(clock.GetUtcNow().UtcDateTime);

    /// <summary>Moves the clock to the next 30-second step, so the app shows a new code.</summary>
    public static void NextCode(FakeTimeProvider clock) => clock.Advance(TimeSpan.FromSeconds(30));

    /// <summary>Opens the enrolment screen, reads the shared key, types the app's code; returns the key and the recovery codes shown.</summary>
    public static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnableTwoFactorAsync(HttpClient staff, FakeTimeProvider clock)
    {
        var page = await staff.ReadPageAsync("/admin/account/two-factor");
        var key = SharedKey(page);
        using var enabled = await staff.SubmitAsync("/admin/account/two-factor", new Dictionary<string, string> { ["Code"] = CodeAt(key, clock) },
            "/admin/account/two-factor?handler=Enable");
        await enabled.ShouldBeAsync(HttpStatusCode.OK);
        var html = await enabled.HtmlAsync();
        var codes = RecoveryCodes(html);
        Assert.Equal(10, codes.Count);
        return (key, codes);
    }

    public static string SharedKey(string html)
    {
        var shown = SharedKeyPattern().Match(html);
        Assert.True(shown.Success, "The enrolment screen shows no shared key.");
        return shown.Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
    }

    public static IReadOnlyList<string> RecoveryCodes(string html) =>
        RecoveryCodePattern().Matches(html).Select(m => m.Groups[1].Value).ToList();

    /// <summary>The password step; with two-factor on it answers a redirect to the code step.</summary>
    public static async Task<HttpClient> PasswordStepAsync(NashirApp app, string email, string password)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        using var response = await NashirApp.PostLoginFormAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/login/two-factor", response.RedirectPath());
        return client;
    }

    public static Task<HttpResponseMessage> CodeStepAsync(HttpClient client, string code) =>
        client.SubmitAsync("/admin/login/two-factor", new Dictionary<string, string> { ["Code"] = code });

    public static async Task<List<AuditEntry>> AuditAsync(NashirApp app, string action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        return await db.AuditLog.Where(e => e.Action == action).OrderBy(e => e.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    [GeneratedRegex("<code class=\"shared-key\" dir=\"ltr\">([a-z2-7 ]+)</code>")]
    private static partial Regex SharedKeyPattern();

    [GeneratedRegex("<li><code>([A-Za-z0-9-]+)</code></li>")]
    private static partial Regex RecoveryCodePattern();
}
