using System.Net;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Audit;
using Xunit;
using static Nashir.Tests.Features.SignIn.SignInSteps;

namespace Nashir.Tests.Features.SignIn;

public sealed class SignInAuditTests_on_Sqlite(SqliteApp app) : SignInAuditTests<SqliteApp>(app);

public sealed class SignInAuditTests_on_Postgres(PostgresApp app) : SignInAuditTests<PostgresApp>(app);

/// <summary>Every staff sign-in, failed sign-in and sign-out is a line in the audit log, with the IP.</summary>
public abstract class SignInAuditTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    [Fact]
    public async Task Signing_in_failing_and_signing_out_are_audited_with_the_IP()
    {
        var member = await app.CreateStaffAsync(Roles.Author);
        using var client = ClientAddress.From(app, "198.51.100.33");

        using var failed = await NashirApp.PostLoginFormAsync(client, member.Email, "wrong-password-guess");
        using var signedIn = await NashirApp.PostLoginFormAsync(client, member.Email, member.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        using var signedOut = await client.SubmitAsync("/admin", new Dictionary<string, string>(), "/admin/logout");
        Assert.Equal("/admin/login", signedOut.RedirectPath());

        var failure = Assert.Single(await AuditAsync(app, AuditActions.SignInFailed), e => e.TargetId == Id(member));
        Assert.Equal((member.Email, "198.51.100.33", "كلمة مرور خاطئة"), (failure.UserName, failure.Ip, failure.Detail));
        var success = Assert.Single(await AuditAsync(app, AuditActions.SignIn), e => e.UserId == member.Id);
        Assert.Equal((member.DisplayName, "198.51.100.33"), (success.UserName, success.Ip));
        var signOut = Assert.Single(await AuditAsync(app, AuditActions.SignOut), e => e.UserId == member.Id);
        Assert.Equal("198.51.100.33", signOut.Ip);
    }

    private static string Id(StaffMember member) => member.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
