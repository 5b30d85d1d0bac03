using System.Net;
using System.Text;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Audit;
using Xunit;
using static Nashir.Tests.Features.SignIn.SignInSteps;

namespace Nashir.Tests.Features.SignIn;

public sealed class TwoFactorTests_on_Sqlite(SqliteApp app) : TwoFactorTests<SqliteApp>(app);

public sealed class TwoFactorTests_on_Postgres(PostgresApp app) : TwoFactorTests<PostgresApp>(app);

/// <summary>Two-factor sign-in with an authenticator app: enrolment with a QR code, the code step, replays, recovery codes.</summary>
public abstract class TwoFactorTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    [Fact]
    public async Task The_enrolment_screen_draws_the_QR_code_itself_and_shows_the_key()
    {
        var member = await app.CreateStaffAsync(Roles.Author);
        using var staff = await app.SignInAsync(member.Email, member.Password);

        var page = await staff.ReadPageAsync("/admin/account/two-factor");

        var key = SharedKey(page);
        Assert.Equal(32, key.Length);
        var qr = System.Text.RegularExpressions.Regex.Match(page, "<img class=\"qr\" src=\"data:image/svg\\+xml;base64,([^\"]+)\"");
        Assert.True(qr.Success, "No QR code as an SVG data URI.");
        Assert.StartsWith("<svg", Encoding.UTF8.GetString(Convert.FromBase64String(qr.Groups[1].Value)).TrimStart(), StringComparison.Ordinal);
        Assert.DoesNotContain("http://", page.Replace("http://www.w3.org", "", StringComparison.Ordinal).Replace("http://localhost", "", StringComparison.Ordinal), StringComparison.Ordinal);
        // Reloading keeps the key, so a code already scanned still works.
        Assert.Equal(key, SharedKey(await staff.ReadPageAsync("/admin/account/two-factor")));
    }

    [Fact]
    public async Task A_wrong_first_code_leaves_two_factor_off_with_an_Arabic_message_at_the_field()
    {
        var member = await app.CreateStaffAsync(Roles.Author);
        using var staff = await app.SignInAsync(member.Email, member.Password);

        using var response = await staff.SubmitAsync("/admin/account/two-factor", new Dictionary<string, string> { ["Code"] = "000000" },
            "/admin/account/two-factor?handler=Enable");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.HtmlAsync();
        Assert.Contains("الرمز غير صحيح", html, StringComparison.Ordinal);
        Assert.Contains("data-valmsg-for=\"Code\"", html, StringComparison.Ordinal);
        using var again = await PasswordlessCheckAsync(member);
        Assert.Equal("/admin", again.RedirectPath());
    }

    [Fact]
    public async Task Once_enabled_signing_in_asks_for_the_code_after_the_password()
    {
        var member = await app.CreateStaffAsync(Roles.Editor);
        using (var staff = await app.SignInAsync(member.Email, member.Password))
        {
            var (key, codes) = await EnableTwoFactorAsync(staff, app.Clock);
            Assert.Equal(10, codes.Distinct().Count());
            Assert.Equal(HttpStatusCode.OK, await staff.StatusOfAsync("/admin"));
            NextCode(app.Clock);

            using var client = await PasswordStepAsync(app, member.Email, member.Password);
            Assert.Equal(HttpStatusCode.Redirect, await client.StatusOfAsync("/admin"));

            using var signedIn = await CodeStepAsync(client, CodeAt(key, app.Clock));

            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Equal("/admin", signedIn.RedirectPath());
            Assert.Equal(HttpStatusCode.OK, await client.StatusOfAsync("/admin"));
        }
        var enabled = (await AuditAsync(app, AuditActions.TwoFactorChanged)).Where(e => e.TargetId == member.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(enabled, e => e.Detail == "تفعيل الدخول بخطوتين" && e.UserId == member.Id);
        Assert.Contains(await AuditAsync(app, AuditActions.SignIn), e => e.UserId == member.Id && e.Detail == "بكلمة المرور ورمز تطبيق المصادقة");
    }

    [Fact]
    public async Task A_code_that_was_used_once_is_refused_the_second_time()
    {
        var member = await app.CreateStaffAsync(Roles.Author);
        using var staff = await app.SignInAsync(member.Email, member.Password);
        var (key, _) = await EnableTwoFactorAsync(staff, app.Clock);
        NextCode(app.Clock);
        var code = CodeAt(key, app.Clock);
        using var first = await PasswordStepAsync(app, member.Email, member.Password);
        using var accepted = await CodeStepAsync(first, code);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        // Ten seconds later the same code is still inside its window, but it was used already.
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        using var second = await PasswordStepAsync(app, member.Email, member.Password);
        using var replayed = await CodeStepAsync(second, code);

        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("استُعمل من قبل", await replayed.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, await second.StatusOfAsync("/admin"));
        Assert.Contains(await AuditAsync(app, AuditActions.SignInFailed), e => e.UserName == member.Email && e.Detail == "رمز تحقق خاطئ أو مستعمل");

        // The app's next code works.
        NextCode(app.Clock);
        using var next = await CodeStepAsync(second, CodeAt(key, app.Clock));
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await second.StatusOfAsync("/admin"));
    }

    [Fact]
    public async Task A_code_older_than_the_last_one_used_is_refused_too()
    {
        var member = await app.CreateStaffAsync(Roles.Author);
        using var staff = await app.SignInAsync(member.Email, member.Password);
        var (key, _) = await EnableTwoFactorAsync(staff, app.Clock);
        NextCode(app.Clock);
        var older = CodeAt(key, app.Clock);
        NextCode(app.Clock);
        using var first = await PasswordStepAsync(app, member.Email, member.Password);
        using var accepted = await CodeStepAsync(first, CodeAt(key, app.Clock));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        using var second = await PasswordStepAsync(app, member.Email, member.Password);
        using var refused = await CodeStepAsync(second, older);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await second.StatusOfAsync("/admin"));
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once()
    {
        var member = await app.CreateStaffAsync(Roles.Author);
        using var staff = await app.SignInAsync(member.Email, member.Password);
        var (_, codes) = await EnableTwoFactorAsync(staff, app.Clock);

        using var first = await PasswordStepAsync(app, member.Email, member.Password);
        using var accepted = await first.SubmitAsync("/admin/login/recovery-code", new Dictionary<string, string> { ["RecoveryCode"] = codes[3] });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await first.StatusOfAsync("/admin"));
        var account = await first.ReadPageAsync("/admin/account");
        Assert.True(account.Contains("رموز الاسترداد الباقية: <bdi dir=\"ltr\">9</bdi>", StringComparison.Ordinal), account);

        using var second = await PasswordStepAsync(app, member.Email, member.Password);
        using var reused = await second.SubmitAsync("/admin/login/recovery-code", new Dictionary<string, string> { ["RecoveryCode"] = codes[3] });

        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Contains("رمز الاسترداد غير صحيح أو استُعمل من قبل", await reused.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, await second.StatusOfAsync("/admin"));
    }

    [Fact]
    public async Task The_code_step_without_a_password_step_goes_back_to_the_sign_in_form()
    {
        using var visitor = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

        using var response = await visitor.GetAsync(new Uri("/admin/login/two-factor", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/login", response.RedirectPath());
    }

    [Fact]
    public async Task New_recovery_codes_replace_the_old_ones_and_turning_off_needs_a_code()
    {
        var member = await app.CreateStaffAsync(Roles.Author);
        using var staff = await app.SignInAsync(member.Email, member.Password);
        var (key, old) = await EnableTwoFactorAsync(staff, app.Clock);
        NextCode(app.Clock);

        using var renewed = await staff.SubmitAsync("/admin/account/two-factor", new Dictionary<string, string> { ["Code"] = CodeAt(key, app.Clock) },
            "/admin/account/two-factor?handler=RecoveryCodes");
        var fresh = RecoveryCodes(await renewed.HtmlAsync());
        Assert.Equal(10, fresh.Count);
        Assert.Empty(fresh.Intersect(old));
        using (var withOld = await PasswordStepAsync(app, member.Email, member.Password))
        {
            using var refused = await withOld.SubmitAsync("/admin/login/recovery-code", new Dictionary<string, string> { ["RecoveryCode"] = old[0] });
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        }

        using var wrong = await staff.SubmitAsync("/admin/account/two-factor", new Dictionary<string, string> { ["Code"] = "123456" },
            "/admin/account/two-factor?handler=Disable");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        NextCode(app.Clock);
        using var off = await staff.SubmitAsync("/admin/account/two-factor", new Dictionary<string, string> { ["Code"] = CodeAt(key, app.Clock) },
            "/admin/account/two-factor?handler=Disable");
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await staff.StatusOfAsync("/admin"));

        using var passwordOnly = await PasswordlessCheckAsync(member);
        Assert.Equal("/admin", passwordOnly.RedirectPath());
        // The old key (perhaps on a lost phone) is gone: setting up again starts with a new one.
        Assert.NotEqual(key, SharedKey(await staff.ReadPageAsync("/admin/account/two-factor")));
        Assert.Contains(await AuditAsync(app, AuditActions.TwoFactorChanged), e => e.UserId == member.Id && e.Detail == "إيقاف الدخول بخطوتين");
    }

    /// <summary>Signs in with the password only; answers where the form sent the person.</summary>
    private async Task<HttpResponseMessage> PasswordlessCheckAsync(StaffMember member)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        return await NashirApp.PostLoginFormAsync(client, member.Email, member.Password);
    }
}
