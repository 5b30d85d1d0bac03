using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Web.Platform.Data;
using Xunit;

namespace Nashir.Tests.Support;

/// <summary>The staff screen (/admin/users) and the invitation page as an admin and an invitee use them.</summary>
public static partial class PeopleCalls
{
    public static Task<HttpResponseMessage> PostInviteAsync(this HttpClient admin, string email, string role, int? userId = null)
    {
        var fields = new Dictionary<string, string> { ["Invite.Email"] = email, ["Invite.Role"] = role };
        if (userId is { } id) fields["Invite.UserId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return admin.SubmitAsync("/admin/users", fields, "/admin/users?handler=Invite");
    }

    /// <summary>Invites and returns the link the screen shows once (absolute, from Nashir:Site:Url).</summary>
    public static async Task<string> InviteAsync(this HttpClient admin, string email, string role, int? userId = null)
    {
        using var response = await admin.PostInviteAsync(email, role, userId);
        return await LinkShownAsync(response);
    }

    public static async Task<string> LinkShownAsync(HttpResponseMessage response)
    {
        await response.ShouldBeAsync(HttpStatusCode.OK);
        var html = await response.HtmlAsync();
        var link = InvitationLink().Match(html);
        Assert.True(link.Success, "The staff screen shows no invitation link.");
        return link.Groups[1].Value.Trim();
    }

    /// <summary>A row action of the staff screen (Role, Disable, Enable, Resend, Revoke) on an id.</summary>
    public static Task<HttpResponseMessage> StaffActionAsync(this HttpClient admin, string handler, int id, string? role = null)
    {
        var fields = new Dictionary<string, string> { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (role is not null) fields["role"] = role;
        return admin.SubmitAsync("/admin/users", fields, $"/admin/users?handler={handler}");
    }

    /// <summary>Opens the link (a GET, for the form's anti-forgery token) and sends the name and password.</summary>
    public static async Task<HttpResponseMessage> AcceptInvitationAsync(
        this HttpClient invitee, string link, string name, string password, string? confirmation = null)
    {
        var path = new Uri(link).AbsolutePath;
        using var form = await invitee.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var token = NashirApp.AntiforgeryToken(await form.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        if (token is null)
        {
            // A dead link's page has no form; the browser's anti-forgery token from any form stands in (a form opened
            // while the link still worked, sent after it died).
            using var login = await invitee.GetAsync(new Uri("/admin/login", UriKind.Relative), TestContext.Current.CancellationToken);
            token = NashirApp.AntiforgeryToken(await login.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        return await invitee.PostFormAsync(path, new Dictionary<string, string>
        {
            ["Input.DisplayName"] = name,
            ["Input.Password"] = password,
            ["Input.PasswordConfirmation"] = confirmation ?? password,
            ["__RequestVerificationToken"] = token ?? "",
        });
    }

    /// <summary>A browser for someone who has no account yet: keeps cookies, does not follow redirects.</summary>
    public static HttpClient CreateInviteeClient(this NashirApp app) =>
        app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<T> WithDbAsync<T>(this NashirApp app, Func<NashirDb, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<NashirDb>());
    }

    public static Task<int> UserIdAsync(this NashirApp app, string email)
    {
        var normalized = email.ToUpperInvariant();
        return app.WithDbAsync(db => db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id)
            .SingleAsync(TestContext.Current.CancellationToken));
    }

    public static Task<bool> HasUserAsync(this NashirApp app, string email)
    {
        var normalized = email.ToUpperInvariant();
        return app.WithDbAsync(db => db.Users.AnyAsync(u => u.NormalizedEmail == normalized, TestContext.Current.CancellationToken));
    }

    public static Task<List<string>> AuditActionsAsync(this NashirApp app, string targetId) =>
        app.WithDbAsync(db => db.AuditLog.Where(e => e.TargetType == "user" && e.TargetId == targetId && !e.Action.StartsWith("signin."))
            .OrderBy(e => e.Id)
            .Select(e => e.Action).ToListAsync(TestContext.Current.CancellationToken));

    [GeneratedRegex("class=\"invitation-link\">([^<]+)</code>")]
    private static partial Regex InvitationLink();
}
