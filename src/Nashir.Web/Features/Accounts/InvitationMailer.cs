using Microsoft.Extensions.Options;
using MimeKit;
using Nashir.Web.Features.Mail;
using Nashir.Web.Platform.Hosting;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Features.Accounts;

public enum InvitationMailResult { NotConfigured, Sent, Failed }

/// <summary>
/// E-mails an invitation's link at once, while the admin waits (one message; MailKit's 15 s timeout bounds it), so
/// the screen can say whether it went out. No retry queue: the link is also shown to the admin, who can pass it on
/// or resend; without SMTP nothing is sent and the shown link is the way.
/// </summary>
public sealed partial class InvitationMailer(SmtpMail mail, IOptions<NashirOptions> site, SiteClock siteClock, ILogger<InvitationMailer> logger)
{
    public async Task<InvitationMailResult> SendAsync(Invitation invitation, string link, Actor? inviter, CancellationToken cancellationToken)
    {
        if (!mail.IsConfigured) return InvitationMailResult.NotConfigured;
        var siteName = site.Value.Site.Name;
        using var message = new MimeMessage();
        message.To.Add(MailboxAddress.Parse(invitation.Email));
        message.Subject = $"دعوة للانضمام إلى غرفة تحرير {siteName}";
        var who = inviter is null ? "" : $"{inviter.DisplayName} ";
        message.Body = new TextPart("plain")
        {
            Text = $"""
                دعاك {who}للانضمام إلى غرفة تحرير «{siteName}» بدور {Roles.ArabicName(invitation.Role)}.

                افتح هذا الرابط لتختار اسمك وكلمة مرورك:
                {link}

                يعمل الرابط مرة واحدة وتنتهي صلاحيته في {ArabicDates.Full(siteClock.ToLocal(invitation.ExpiresAt))}.
                إن لم تكن تنتظر هذه الدعوة فتجاهل هذه الرسالة.
                """,
        };
        try
        {
            await mail.SendAsync(message, cancellationToken);
            return InvitationMailResult.Sent;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The invitation id only: neither the address nor the link goes to the logs.
            LogSendFailed(logger, invitation.Id, e.GetType().Name);
            return InvitationMailResult.Failed;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not e-mail invitation {InvitationId}: {Error}")]
    private static partial void LogSendFailed(ILogger logger, int invitationId, string error);
}
