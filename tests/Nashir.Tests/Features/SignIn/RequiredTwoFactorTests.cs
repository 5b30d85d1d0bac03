using System.Net;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Audit;
using Xunit;
using static Nashir.Tests.Features.SignIn.SignInSteps;

namespace Nashir.Tests.Features.SignIn;

public sealed class RequiredTwoFactorTests_on_Sqlite() : RequiredTwoFactorTests(() => Task.FromResult(NashirStorage.Sqlite()));

public sealed class RequiredTwoFactorTests_on_Postgres(PostgresServer server) : RequiredTwoFactorTests(async () =>
{
    if (!await server.EnsureStartedAsync()) Assert.Skip("PostgreSQL unavailable: " + server.Unavailable);
    return NashirStorage.Postgres(await server.CreateDatabaseAsync());
});

/// <summary>An admin can require two-factor sign-in for editors and admins (a site setting, audited).</summary>
public abstract class RequiredTwoFactorTests(Func<Task<NashirStorage>> storage)
{
    [Fact]
    public async Task Editors_without_two_factor_can_only_enrol_until_they_have_it()
    {
        await using var app = new NashirApp(await storage(), demoContent: false);
        var editor = await app.CreateStaffAsync(Roles.Editor);
        var author = await app.CreateStaffAsync(Roles.Author);
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        using var saved = await admin.SubmitAsync("/admin/settings/security", new Dictionary<string, string> { ["RequireTwoFactor"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var setting = Assert.Single(await AuditAsync(app, AuditActions.SettingChanged));
        Assert.Equal(("setting", "security.require-two-factor-for-editors", "تشغيل"), (setting.TargetType, setting.TargetId, setting.Detail));
        // The admin's own session was opened with a password only: they, too, must enrol first.
        using var adminHome = await admin.GetAsync(new Uri("/admin", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal("/admin/account/two-factor", adminHome.RedirectPath());

        using var editorClient = await app.SignInAsync(editor.Email, editor.Password);
        foreach (var path in new[] { "/admin", "/admin/articles/new", "/admin/account/password" })
        {
            using var sent = await editorClient.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
            Assert.Equal("/admin/account/two-factor", sent.RedirectPath());
        }
        Assert.Contains("يشترط الموقع الدخول بخطوتين", await editorClient.ReadPageAsync("/admin/account/two-factor"), StringComparison.Ordinal);

        await EnableTwoFactorAsync(editorClient, app.Clock);

        Assert.Equal(HttpStatusCode.OK, await editorClient.StatusOfAsync("/admin"));
        using var authorClient = await app.SignInAsync(author.Email, author.Password);
        Assert.Equal(HttpStatusCode.OK, await authorClient.StatusOfAsync("/admin"));
    }

    [Fact]
    public async Task Only_an_admin_may_change_the_setting_and_a_refusal_changes_nothing()
    {
        await using var app = new NashirApp(await storage(), demoContent: false);
        var editor = await app.CreateStaffAsync(Roles.Editor);
        using var editorClient = await app.SignInAsync(editor.Email, editor.Password);
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var token = NashirApp.AntiforgeryToken(await editorClient.ReadPageAsync("/admin"))!;

        using var refused = await editorClient.PostFormAsync("/admin/settings/security", new Dictionary<string, string>
        {
            ["RequireTwoFactor"] = "true",
            ["__RequestVerificationToken"] = token,
        });

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/admin/denied", refused.RedirectPath());
        Assert.Empty(await AuditAsync(app, AuditActions.SettingChanged));
        Assert.Equal(HttpStatusCode.OK, await editorClient.StatusOfAsync("/admin"));
    }
}
