using System.Net;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Xunit;

namespace Nashir.Tests.Features.Accounts;

/// <summary>The invitation e-mail, through a real SMTP server on loopback (SQLite only: the mail path is the same on both).</summary>
public sealed class InvitationMailTests
{
    [Fact]
    public async Task The_invitee_gets_the_same_link_by_email_that_the_admin_sees_once()
    {
        await using var smtp = new LoopbackSmtp();
        await using var app = new NashirApp(NashirStorage.Sqlite(), demoContent: false, settings: new Dictionary<string, string?>
        {
            ["Nashir:Smtp:Host"] = "127.0.0.1",
            ["Nashir:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Nashir:Smtp:Security"] = "None",
            ["Nashir:Smtp:From"] = "newsroom@nashir.test",
        });
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var email = $"mailed{Unique.Next()}@nashir.test";

        using var response = await admin.PostInviteAsync(email, Roles.Editor);
        var link = await PeopleCalls.LinkShownAsync(response);

        var message = await smtp.NextAsync();
        Assert.Equal(email, Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("newsroom@nashir.test", Assert.Single(message.From.Mailboxes).Address);
        Assert.Contains("محرر", message.TextBody, StringComparison.Ordinal);
        Assert.Contains(link, message.TextBody, StringComparison.Ordinal);
        Assert.Contains("وأُرسل إلى بريده", await response.HtmlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_mail_server_the_screen_says_to_pass_the_link_on()
    {
        await using var app = new NashirApp(NashirStorage.Sqlite(), demoContent: false);
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        using var response = await admin.PostInviteAsync($"nomail{Unique.Next()}@nashir.test", Roles.Author);

        await response.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Contains("البريد غير مُعدّ في هذا الموقع: أرسله إليه بنفسك", await response.HtmlAsync(), StringComparison.Ordinal);
    }
}
