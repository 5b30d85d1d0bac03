using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Audit;
using Xunit;

namespace Nashir.Tests.Features.Accounts;

public sealed class StaffRosterTests_on_Sqlite(SqliteApp app) : StaffRosterTests<SqliteApp>(app);

public sealed class StaffRosterTests_on_Postgres(PostgresApp app) : StaffRosterTests<PostgresApp>(app);

/// <summary>Admins change roles and disable people; the change reaches open sessions and API tokens at once.</summary>
public abstract class StaffRosterTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_staff_list_shows_each_person_with_role_and_status_in_Arabic()
    {
        var editor = await app.CreateStaffAsync(Roles.Editor);
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        var page = await admin.ReadPageAsync("/admin/users");

        Assert.Contains($"<bdi dir=\"ltr\" class=\"staff-email\">{editor.Email}</bdi>", page, StringComparison.Ordinal);
        Assert.Contains(editor.DisplayName, page, StringComparison.Ordinal);
        Assert.Contains("نشِط", page, StringComparison.Ordinal);
        Assert.Contains("التحقق بخطوتين: غير مفعَّل", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_role_applies_to_the_persons_open_session_at_once()
    {
        var member = await app.CreateStaffAsync(Roles.Contributor);
        using var session = await app.SignInAsync(member.Email, member.Password);
        Assert.Equal(HttpStatusCode.Redirect, await session.StatusOfAsync("/admin/users"));
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        using (var changed = await admin.StaffActionAsync("Role", member.Id, Roles.Admin))
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, await session.StatusOfAsync("/admin/users"));
        Assert.Equal([AuditActions.UserRoleChanged], await app.AuditActionsAsync(member.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var detail = await app.WithDbAsync(db => db.AuditLog.Where(e => e.Action == AuditActions.UserRoleChanged && e.TargetId == member.Id.ToString()).Select(e => e.Detail).SingleAsync(Cancel));
        Assert.Equal("الدور: مساهم ← مدير", detail);
    }

    [Fact]
    public async Task An_unknown_role_is_refused_and_nothing_changes()
    {
        var member = await app.CreateStaffAsync(Roles.Author);
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        using var refused = await admin.StaffActionAsync("Role", member.Id, "owner");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("دور غير معروف", await refused.HtmlAsync(), StringComparison.Ordinal);
        Assert.Empty(await app.AuditActionsAsync(member.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_disabled_person_is_signed_out_their_token_refused_and_their_articles_stay()
    {
        var member = await app.CreateStaffAsync(Roles.Author);
        using var session = await app.SignInAsync(member.Email, member.Password);
        using var api = app.CreateApiClient(member.ApiToken);
        var article = await api.CreateArticleAsync(ArticleInput.Story());
        Assert.Equal(HttpStatusCode.OK, await session.StatusOfAsync("/admin"));
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        using (var disabled = await admin.StaffActionAsync("Disable", member.Id))
            Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);

        using (var page = await session.GetAsync(new Uri("/admin", UriKind.Relative), Cancel))
            Assert.Equal("/admin/login", page.RedirectPath());
        using (var refused = await api.PostArticleAsync(ArticleInput.Story()))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using (var signIn = await NashirApp.PostLoginFormAsync(app.CreateInviteeClient(), member.Email, member.Password))
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        using var reader = app.CreateReaderClient();
        Assert.Contains(member.DisplayName, await reader.ReadPageAsync(article.Path), StringComparison.Ordinal);
        Assert.Contains("معطَّل", await admin.ReadPageAsync("/admin/users"), StringComparison.Ordinal);

        using (var enabled = await admin.StaffActionAsync("Enable", member.Id))
            Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        using var again = await app.SignInAsync(member.Email, member.Password);
        using var created = await api.PostArticleAsync(ArticleInput.Story());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal([AuditActions.UserDisabled, AuditActions.UserEnabled],
            await app.AuditActionsAsync(member.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task The_last_admin_can_neither_demote_nor_disable_themselves()
    {
        await using var site = await app.StartNewAsync(demoContent: false);
        using var admin = await site.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var me = await site.UserIdAsync(NashirApp.AdminEmail);

        using (var demoted = await admin.StaffActionAsync("Role", me, Roles.Editor))
        {
            Assert.Equal(HttpStatusCode.Conflict, demoted.StatusCode);
            Assert.Contains("آخر مدير نشِط", await demoted.HtmlAsync(), StringComparison.Ordinal);
        }
        using (var disabled = await admin.StaffActionAsync("Disable", me))
        {
            Assert.Equal(HttpStatusCode.Conflict, disabled.StatusCode);
            Assert.Contains("آخر مدير نشِط", await disabled.HtmlAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, await admin.StatusOfAsync("/admin/users"));
        Assert.Empty(await site.AuditActionsAsync(me.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        // With a second admin, the first may step down.
        var other = await site.CreateStaffAsync(Roles.Admin);
        using (var demoted = await admin.StaffActionAsync("Role", me, Roles.Editor))
            Assert.Equal(HttpStatusCode.Redirect, demoted.StatusCode);
        using var second = await site.SignInAsync(other.Email, other.Password);
        using var refused = await second.StaffActionAsync("Disable", other.Id);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Contributor)]
    public async Task Only_admins_may_invite_or_change_people_and_a_refusal_leaves_nothing_behind(string role)
    {
        var member = await app.CreateStaffAsync(role);
        var target = await app.CreateStaffAsync(Roles.Author);
        using var session = await app.SignInAsync(member.Email, member.Password);
        var invitations = await app.WithDbAsync(db => db.Invitations.CountAsync(Cancel));
        var token = NashirApp.AntiforgeryToken(await (await session.GetAsync(new Uri("/admin", UriKind.Relative), Cancel)).Content.ReadAsStringAsync(Cancel))!;

        foreach (var (handler, fields) in new (string, Dictionary<string, string>)[]
        {
            ("Invite", new() { ["Invite.Email"] = $"x{Unique.Next()}@nashir.test", ["Invite.Role"] = Roles.Admin }),
            ("Role", new() { ["id"] = target.Id.ToString(), ["role"] = Roles.Admin }),
            ("Disable", new() { ["id"] = target.Id.ToString() }),
        })
        {
            fields["__RequestVerificationToken"] = token;
            using var refused = await session.PostFormAsync($"/admin/users?handler={handler}", fields);
            Assert.Equal("/admin/denied", refused.RedirectPath());
        }

        Assert.Equal(invitations, await app.WithDbAsync(db => db.Invitations.CountAsync(Cancel)));
        Assert.Empty(await app.AuditActionsAsync(target.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var api = app.CreateApiClient(target.ApiToken);
        using var created = await api.PostArticleAsync(ArticleInput.Story());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }
}
