using System.Net;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Xunit;

namespace Nashir.Tests.Features.Accounts;

public sealed class SignInTests_on_Sqlite(SqliteApp app) : SignInTests<SqliteApp>(app);

public sealed class SignInTests_on_Postgres(PostgresApp app) : SignInTests<PostgresApp>(app);

/// <summary>Staff sign in through the real form at /admin/login; the editors' area is closed to everyone else.</summary>
public abstract class SignInTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    [Fact]
    public async Task The_editors_area_sends_visitors_to_the_login_form()
    {
        using var visitor = app.CreateReaderClient();

        using var response = await visitor.GetAsync(new Uri("/admin", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/login", response.RedirectPath());
    }

    [Fact]
    public async Task The_configured_admin_signs_in_and_reaches_the_editors_area()
    {
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, await admin.StatusOfAsync("/admin"));
    }

    [Theory]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Contributor)]
    public async Task Staff_of_any_role_sign_in(string role)
    {
        var member = await app.CreateStaffAsync(role);

        using var client = await app.SignInAsync(member.Email, member.Password);

        Assert.Equal(HttpStatusCode.OK, await client.StatusOfAsync("/admin"));
    }

    [Fact]
    public async Task A_wrong_password_shows_the_form_again_and_signs_nobody_in()
    {
        var member = await app.CreateStaffAsync(Roles.Author);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

        using var response = await NashirApp.PostLoginFormAsync(client, member.Email, "not-the-password-at-all");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await client.StatusOfAsync("/admin"));
    }

    [Fact]
    public async Task After_five_wrong_passwords_even_the_right_one_is_refused()
    {
        var member = await app.CreateStaffAsync(Roles.Author);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await NashirApp.PostLoginFormAsync(client, member.Email, $"wrong-password-{attempt}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        using var right = await NashirApp.PostLoginFormAsync(client, member.Email, member.Password);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await client.StatusOfAsync("/admin"));
    }
}
