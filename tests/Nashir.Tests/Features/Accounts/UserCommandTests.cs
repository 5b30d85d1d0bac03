using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Audit;
using Xunit;

namespace Nashir.Tests.Features.Accounts;

/// <summary>`user invite|list|role|disable|enable`, run in-process against the site's own services and database.</summary>
public sealed class UserCommandTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private sealed record Run(int ExitCode, string Output, string Errors);

    private static async Task<Run> RunAsync(NashirApp site, params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = await UserCommand.RunAsync(site.Services, args, output, errors);
        return new Run(code, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task Invite_prints_the_absolute_link_alone_on_standard_output_and_the_link_works()
    {
        var email = $"cli{Unique.Next()}@nashir.test";

        var run = await RunAsync(app, "invite", email, "--role", "author");

        Assert.Equal(0, run.ExitCode);
        var link = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Trim();
        Assert.StartsWith("http://localhost/admin/invitation/", link, StringComparison.Ordinal);
        Assert.Contains(email, run.Errors, StringComparison.Ordinal);
        using var invitee = app.CreateInviteeClient();
        using (var accepted = await invitee.AcceptInvitationAsync(link, "كاتب من سطر الأوامر", "a-long-enough-password"))
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var id = await app.UserIdAsync(email);
        Assert.True(await app.WithDbAsync(db => db.AuditLog.AnyAsync(e => e.Action == AuditActions.UserInvited && e.UserName == UserCommand.ActorName && e.TargetLabel == email, Cancel)));
        Assert.Equal([AuditActions.UserJoined], await app.AuditActionsAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("invite", "someone@nashir.test", "--role", "owner")]
    [InlineData("invite", "someone@nashir.test")]
    [InlineData("invite", "not-an-email", "--role", "author")]
    [InlineData("invite", NashirApp.AdminEmail, "--role", "author")]
    [InlineData("role", "nobody@nashir.test", "editor")]
    [InlineData("disable", "nobody@nashir.test")]
    [InlineData("frobnicate")]
    public async Task Bad_input_exits_with_1_a_message_and_no_change(params string[] args)
    {
        var invitations = await app.WithDbAsync(db => db.Invitations.CountAsync(Cancel));

        var run = await RunAsync(app, args);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.NotEmpty(run.Errors.Trim());
        Assert.Equal(invitations, await app.WithDbAsync(db => db.Invitations.CountAsync(Cancel)));
    }

    [Fact]
    public async Task List_shows_a_table_of_the_staff()
    {
        var editor = await app.CreateStaffAsync(Roles.Editor);

        var run = await RunAsync(app, "list");

        Assert.Equal(0, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n'), l => l.Contains(editor.Email, StringComparison.Ordinal));
        Assert.Contains("editor", line, StringComparison.Ordinal);
        Assert.Contains("active", line, StringComparison.Ordinal);
        Assert.Contains(NashirApp.AdminEmail, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Role_disable_and_enable_change_the_person_and_are_audited()
    {
        var member = await app.CreateStaffAsync(Roles.Author);
        using var api = app.CreateApiClient(member.ApiToken);

        Assert.Equal(0, (await RunAsync(app, "role", member.Email, "editor")).ExitCode);
        Assert.Equal(0, (await RunAsync(app, "disable", member.Email)).ExitCode);
        using (var refused = await api.PostArticleAsync(ArticleInput.Story()))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(0, (await RunAsync(app, "enable", member.Email)).ExitCode);

        var article = await api.CreateArticleAsync(ArticleInput.Story());
        Assert.Equal(member.Id, Assert.Single(article.Authors).Id);
        Assert.Equal([AuditActions.UserRoleChanged, AuditActions.UserDisabled, AuditActions.UserEnabled],
            await app.AuditActionsAsync(member.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task The_last_admin_cannot_be_disabled_or_demoted_from_the_command_line()
    {
        await using var site = await app.StartNewAsync(demoContent: false);

        var disable = await RunAsync(site, "disable", NashirApp.AdminEmail);
        var demote = await RunAsync(site, "role", NashirApp.AdminEmail, "author");

        Assert.Equal((1, 1), (disable.ExitCode, demote.ExitCode));
        Assert.Contains("آخر مدير نشِط", disable.Errors, StringComparison.Ordinal);
        Assert.Contains("آخر مدير نشِط", demote.Errors, StringComparison.Ordinal);
        using var admin = await site.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, await admin.StatusOfAsync("/admin/users"));
    }
}
