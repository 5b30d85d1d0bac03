using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Audit;
using Xunit;

namespace Nashir.Tests.Features.Accounts;

public sealed class InvitationTests_on_Sqlite(SqliteApp app) : InvitationTests<SqliteApp>(app);

public sealed class InvitationTests_on_Postgres(PostgresApp app) : InvitationTests<PostgresApp>(app);

/// <summary>An admin invites staff by e-mail with a role; the single-use link expires; the invitee sets a name and a password.</summary>
public abstract class InvitationTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string NewEmail() => $"reporter{Unique.Next()}@nashir.test";

    [Fact]
    public async Task An_invited_reporter_opens_the_link_sets_a_name_and_password_and_is_signed_in()
    {
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var email = NewEmail();

        var link = await admin.InviteAsync(email, Roles.Contributor);

        Assert.StartsWith("http://localhost/admin/invitation/", link, StringComparison.Ordinal);
        using var invitee = app.CreateInviteeClient();
        var form = await invitee.ReadPageAsync(new Uri(link).AbsolutePath);
        Assert.Contains(email, form, StringComparison.Ordinal);
        Assert.Contains("مساهم", form, StringComparison.Ordinal);
        using (var accepted = await invitee.AcceptInvitationAsync(link, "مراسلة الميدان", "a-long-enough-password"))
        {
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
            Assert.Equal("/admin", accepted.RedirectPath());
        }
        Assert.Contains("مراسلة الميدان", await invitee.ReadPageAsync("/admin"), StringComparison.Ordinal);

        using var again = await app.SignInAsync(email, "a-long-enough-password");
        var id = await app.UserIdAsync(email);
        var roles = await app.WithDbAsync(db => db.UserRoles.Where(r => r.UserId == id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync(Cancel));
        Assert.Equal([Roles.Contributor], roles);
        Assert.Equal([AuditActions.UserJoined], await app.AuditActionsAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var invitationId = await app.WithDbAsync(db => db.Invitations.Where(i => i.Email == email).Select(i => i.Id).SingleAsync(Cancel));
        var invited = await app.WithDbAsync(db => db.AuditLog.Where(e => e.Action == AuditActions.UserInvited && e.TargetLabel == email)
            .Select(e => new { e.TargetType, e.TargetId, e.Detail, e.UserName }).SingleAsync(Cancel));
        Assert.Equal(("user", $"invitation-{invitationId}", "الدور: مساهم"), (invited.TargetType, invited.TargetId, invited.Detail));
        // Only the token's hash is stored.
        var token = new Uri(link).AbsolutePath.Split('/')[^1];
        Assert.False(await app.WithDbAsync(db => db.Invitations.AnyAsync(i => i.TokenHash == token, Cancel)));
    }

    [Fact]
    public async Task An_invitation_link_works_once()
    {
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var link = await admin.InviteAsync(NewEmail(), Roles.Author);
        using var invitee = app.CreateInviteeClient();
        using (var accepted = await invitee.AcceptInvitationAsync(link, "كاتب أول", "a-long-enough-password"))
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var users = await app.WithDbAsync(db => db.Users.CountAsync(Cancel));

        using var someoneElse = app.CreateInviteeClient();
        using var reused = await someoneElse.AcceptInvitationAsync(link, "متطفل", "another-long-password");

        Assert.Equal(HttpStatusCode.Gone, reused.StatusCode);
        Assert.Contains("استُخدم رابط الدعوة هذا من قبل", await reused.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(users, await app.WithDbAsync(db => db.Users.CountAsync(Cancel)));
        Assert.Equal(HttpStatusCode.Redirect, await someoneElse.StatusOfAsync("/admin"));
    }

    [Fact]
    public async Task An_expired_link_shows_why_and_creates_nobody()
    {
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var email = NewEmail();
        var link = await admin.InviteAsync(email, Roles.Author);

        app.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));

        using var invitee = app.CreateInviteeClient();
        using (var opened = await invitee.GetAsync(new Uri(new Uri(link).AbsolutePath, UriKind.Relative), Cancel))
        {
            Assert.Equal(HttpStatusCode.Gone, opened.StatusCode);
            Assert.Contains("انتهت صلاحية رابط الدعوة", await opened.HtmlAsync(), StringComparison.Ordinal);
        }
        using var accepted = await invitee.AcceptInvitationAsync(link, "متأخر", "a-long-enough-password");
        Assert.Equal(HttpStatusCode.Gone, accepted.StatusCode);
        Assert.False(await app.HasUserAsync(email));
    }

    [Fact]
    public async Task A_resent_invitation_gets_a_new_link_and_the_old_one_dies()
    {
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var email = NewEmail();
        var old = await admin.InviteAsync(email, Roles.Editor);
        var id = await app.WithDbAsync(db => db.Invitations.Where(i => i.Email == email).Select(i => i.Id).SingleAsync(Cancel));

        using var resent = await admin.StaffActionAsync("Resend", id);
        var fresh = await PeopleCalls.LinkShownAsync(resent);

        Assert.NotEqual(old, fresh);
        using var invitee = app.CreateInviteeClient();
        Assert.Equal(HttpStatusCode.NotFound, await invitee.StatusOfAsync(new Uri(old).AbsolutePath));
        using var accepted = await invitee.AcceptInvitationAsync(fresh, "محررة جديدة", "a-long-enough-password");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    [Fact]
    public async Task A_revoked_invitation_link_is_refused()
    {
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var email = NewEmail();
        var link = await admin.InviteAsync(email, Roles.Author);
        var id = await app.WithDbAsync(db => db.Invitations.Where(i => i.Email == email).Select(i => i.Id).SingleAsync(Cancel));

        using (var revoked = await admin.StaffActionAsync("Revoke", id))
            Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);

        using var invitee = app.CreateInviteeClient();
        using var accepted = await invitee.AcceptInvitationAsync(link, "ملغى", "a-long-enough-password");
        Assert.Equal(HttpStatusCode.Gone, accepted.StatusCode);
        Assert.Contains("أُلغيت هذه الدعوة", await accepted.HtmlAsync(), StringComparison.Ordinal);
        Assert.False(await app.HasUserAsync(email));
    }

    [Theory]
    [InlineData("/admin/invitation/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("/admin/invitation/x")]
    [InlineData("/admin/invitation")]
    public async Task A_forged_link_gets_a_clear_page_and_changes_nothing(string path)
    {
        using var visitor = app.CreateInviteeClient();
        var users = await app.WithDbAsync(db => db.Users.CountAsync(Cancel));

        using var opened = await visitor.GetAsync(new Uri(path, UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, opened.StatusCode);
        Assert.Contains("رابط الدعوة هذا غير صحيح", await opened.HtmlAsync(), StringComparison.Ordinal);
        using var accepted = await visitor.AcceptInvitationAsync("http://localhost" + path, "مزوّر", "a-long-enough-password");

        Assert.Equal(HttpStatusCode.NotFound, accepted.StatusCode);
        Assert.Equal(users, await app.WithDbAsync(db => db.Users.CountAsync(Cancel)));
    }

    [Fact]
    public async Task Inviting_an_email_that_has_an_active_account_is_refused()
    {
        var author = await app.CreateStaffAsync(Roles.Author);
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        using var response = await admin.PostInviteAsync(author.Email.ToUpperInvariant(), Roles.Editor);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("لهذا البريد حساب نشِط", await response.HtmlAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Invitations.AnyAsync(i => i.Email == author.Email, Cancel)));
    }

    [Theory]
    [InlineData("not-an-email", Roles.Author, "اكتب بريدًا إلكترونيًا صالحًا")]
    [InlineData("someone@nashir.test", "owner", "اختر دورًا")]
    public async Task A_bad_invitation_form_gets_an_Arabic_message_and_sends_nothing(string email, string role, string message)
    {
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var before = await app.WithDbAsync(db => db.Invitations.CountAsync(Cancel));

        using var response = await admin.PostInviteAsync(email, role);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, await response.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Invitations.CountAsync(Cancel)));
    }

    [Fact]
    public async Task A_short_or_mistyped_password_is_refused_in_Arabic_and_the_link_still_works()
    {
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var link = await admin.InviteAsync(NewEmail(), Roles.Author);
        using var invitee = app.CreateInviteeClient();

        using (var tooShort = await invitee.AcceptInvitationAsync(link, "كاتبة", "short"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, tooShort.StatusCode);
            Assert.Contains("كلمة المرور قصيرة", await tooShort.HtmlAsync(), StringComparison.Ordinal);
        }
        using (var mistyped = await invitee.AcceptInvitationAsync(link, "كاتبة", "a-long-enough-password", "a-long-enough-passwort"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, mistyped.StatusCode);
            Assert.Contains("كلمتا المرور غير متطابقتين", await mistyped.HtmlAsync(), StringComparison.Ordinal);
        }
        using var accepted = await invitee.AcceptInvitationAsync(link, "كاتبة", "a-long-enough-password");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    [Fact]
    public async Task An_imported_author_is_invited_onto_their_account_and_keeps_their_bylines()
    {
        var imported = await ImportedAuthorAsync();
        using (var api = app.CreateApiClient(imported.Token))
            await api.CreateArticleAsync(ArticleInput.Story());
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var list = await admin.ReadPageAsync("/admin/users");
        Assert.Contains("مستورد بلا كلمة مرور", list, StringComparison.Ordinal);
        Assert.Contains($"/admin/users?invite={imported.Id}", list, StringComparison.Ordinal);
        var email = NewEmail();

        var link = await admin.InviteAsync(email, Roles.Author, imported.Id);
        using var invitee = app.CreateInviteeClient();
        Assert.Contains(imported.Name, await invitee.ReadPageAsync(new Uri(link).AbsolutePath), StringComparison.Ordinal);
        using (var accepted = await invitee.AcceptInvitationAsync(link, imported.Name, "a-long-enough-password"))
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        Assert.Equal(imported.Id, await app.UserIdAsync(email));
        using var reader = app.CreateReaderClient();
        var page = await reader.ReadPageAsync(ArticleUrlsOf(imported.Slug));
        Assert.Contains("مقال واحد", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inviting_the_address_of_an_imported_author_completes_their_account()
    {
        var imported = await ImportedAuthorAsync();
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        var link = await admin.InviteAsync(imported.Email, Roles.Author);

        using var invitee = app.CreateInviteeClient();
        using (var accepted = await invitee.AcceptInvitationAsync(link, imported.Name, "a-long-enough-password"))
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(imported.Id, await app.UserIdAsync(imported.Email));
    }

    private static string ArticleUrlsOf(string slug) => Nashir.Web.Features.Articles.ArticleUrls.Author(slug);

    private sealed record Imported(int Id, string Email, string Name, string Slug, string Token);

    /// <summary>A WordPress author as the import leaves them: an author without a password (and here an API token, to give them a byline).</summary>
    private async Task<Imported> ImportedAuthorAsync()
    {
        var n = Unique.Next();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<NashirUser>>();
        var user = new NashirUser { UserName = $"wp{n}@old.example", Email = $"wp{n}@old.example", DisplayName = $"كاتب مستورد {n}", Slug = $"wp-author-{n}" };
        Assert.True((await users.CreateAsync(user)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Author)).Succeeded);
        var (_, token) = await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(user.Id, "byline", Cancel);
        return new Imported(user.Id, user.Email, user.DisplayName, user.Slug, token);
    }
}
