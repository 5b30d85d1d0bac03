using System.Net;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Audit;
using Xunit;
using static Nashir.Tests.Features.SignIn.SignInSteps;

namespace Nashir.Tests.Features.SignIn;

public sealed class PasswordChangeTests_on_Sqlite(SqliteApp app) : PasswordChangeTests<SqliteApp>(app);

public sealed class PasswordChangeTests_on_Postgres(PostgresApp app) : PasswordChangeTests<PostgresApp>(app);

/// <summary>Staff change their own password at /admin/account/password.</summary>
public abstract class PasswordChangeTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    [Fact]
    public async Task A_wrong_current_password_is_refused_with_an_Arabic_message_at_its_field()
    {
        var member = await app.CreateStaffAsync(Roles.Contributor);
        using var staff = await app.SignInAsync(member.Email, member.Password);

        using var response = await ChangeAsync(staff, "not-my-password", "a-brand-new-password");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.HtmlAsync();
        Assert.Matches("data-valmsg-for=\"CurrentPassword\"[^>]*>كلمة المرور الحالية غير صحيحة.", html);
        using var old = await app.SignInAsync(member.Email, member.Password);
        Assert.DoesNotContain(await AuditAsync(app, AuditActions.PasswordChanged), e => e.UserId == member.Id);
    }

    [Fact]
    public async Task A_short_or_mistyped_new_password_is_refused_at_its_field()
    {
        var member = await app.CreateStaffAsync(Roles.Author);
        using var staff = await app.SignInAsync(member.Email, member.Password);

        using var tooShort = await ChangeAsync(staff, member.Password, "short");
        using var mistyped = await ChangeAsync(staff, member.Password, "a-brand-new-password", "a-brand-new-passw0rd");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooShort.StatusCode);
        Assert.Matches("data-valmsg-for=\"Input.NewPassword\"[^>]*>كلمة المرور قصيرة", await tooShort.HtmlAsync());
        Assert.Matches("data-valmsg-for=\"Input.ConfirmPassword\"[^>]*>الكلمتان غير متطابقتين", await mistyped.HtmlAsync());
        using var old = await app.SignInAsync(member.Email, member.Password);
    }

    [Fact]
    public async Task A_new_password_ends_the_other_sessions_and_keeps_this_one()
    {
        var member = await app.CreateStaffAsync(Roles.Editor);
        using var laptop = await app.SignInAsync(member.Email, member.Password);
        using var phone = await app.SignInAsync(member.Email, member.Password);
        Assert.Equal(HttpStatusCode.OK, await phone.StatusOfAsync("/admin"));

        using var changed = await ChangeAsync(laptop, member.Password, "the-new-password-of-the-editor");

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await laptop.StatusOfAsync("/admin"));
        using var phoneNow = await phone.GetAsync(new Uri("/admin", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, phoneNow.StatusCode);
        Assert.Equal("/admin/login", phoneNow.RedirectPath());
        using var withNew = await app.SignInAsync(member.Email, "the-new-password-of-the-editor");
        using var withOld = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        using var refused = await NashirApp.PostLoginFormAsync(withOld, member.Email, member.Password);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var audited = Assert.Single(await AuditAsync(app, AuditActions.PasswordChanged), e => e.UserId == member.Id);
        Assert.Equal(member.Email, audited.TargetLabel);
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient staff, string current, string replacement, string? confirmation = null) =>
        staff.SubmitAsync("/admin/account/password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = current,
            ["Input.NewPassword"] = replacement,
            ["Input.ConfirmPassword"] = confirmation ?? replacement,
        });
}
