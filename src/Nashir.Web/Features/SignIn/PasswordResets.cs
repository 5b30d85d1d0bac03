using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MimeKit;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Audit;
using Nashir.Web.Features.Mail;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Features.SignIn;

/// <summary>
/// "Forgot password": a link by e-mail (Identity's data-protection token: signed, expiring after
/// <see cref="SignInOptions.ResetLinkLifetime"/>, and void once used because using it changes the security stamp
/// it carries). Asking never tells whether the address has an account: the same work is done either way (a token
/// for a stand-in, a composed message) and only a real person's message is queued; the SMTP conversation happens
/// in the background, so its time never shows in the answer.
/// </summary>
public sealed class PasswordResets(
    UserManager<NashirUser> users, PasswordResetMail mail, IOptions<NashirOptions> site, AuditedChanges changes,
    SessionStamps stamps)
{
    public const string Path = "/admin/reset-password";

    private static readonly NashirUser StandIn = new()
    {
        // Not 0: Identity treats the default id as "no id" and refuses to make a token for it.
        Id = -1,
        DisplayName = "",
        Slug = "",
        Email = "nobody@invalid",
        SecurityStamp = Guid.NewGuid().ToString("N"),
    };

    public async Task RequestAsync(string email)
    {
        var user = await users.FindByEmailAsync(email);
        var person = user ?? StandIn;
        var token = await users.GeneratePasswordResetTokenAsync(person);
        var message = Compose(person, Link(person.Id, token));
        if (user is not null) mail.Enqueue(message);
        else message.Dispose();
    }

    /// <summary>Checks a link without using it up (the form is shown only for a working link).</summary>
    public async Task<NashirUser?> FindValidAsync(int userId, string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        var user = await users.FindByIdAsync(userId.ToString(CultureInfo.InvariantCulture));
        if (user is null) return null;
        var valid = await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider,
            UserManager<NashirUser>.ResetPasswordTokenPurpose, token);
        return valid ? user : null;
    }

    public async Task<IdentityResult> ResetAsync(NashirUser user, string token, string password)
    {
        // The person is not signed in: they are the actor of their own reset.
        var result = await changes.RunAsync(AuditActions.PasswordReset, user, "برابط «نسيت كلمة المرور»",
            () => users.ResetPasswordAsync(user, token, password), new Actor(user.Id, user.DisplayName, ""));
        if (!result.Succeeded) return result;
        // Whoever was locked out by wrong guesses has proved who they are.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await stamps.ChangedAsync(user.Id);
        return result;
    }

    private string Link(int userId, string token) =>
        $"{site.Value.Site.Url.TrimEnd('/')}{Path}?user={userId.ToString(CultureInfo.InvariantCulture)}&token={Uri.EscapeDataString(token)}";

    private MimeMessage Compose(NashirUser person, string link)
    {
        var siteName = site.Value.Site.Name;
        var message = new MimeMessage();
        message.To.Add(MailboxAddress.Parse(person.Email!));
        message.Subject = $"إعادة تعيين كلمة المرور في {siteName}";
        message.Body = new TextPart("plain")
        {
            Text = $"""
                طلب أحدٌ إعادة تعيين كلمة مرورك في غرفة تحرير «{siteName}».

                لاختيار كلمة مرور جديدة افتح هذا الرابط:
                {link}

                يعمل الرابط مرة واحدة خلال ساعتين. إن لم تطلب ذلك فتجاهل هذه الرسالة: كلمة مرورك لم تتغير.
                """,
        };
        return message;
    }
}

/// <summary>
/// Sends reset messages from a bounded in-memory queue, so the request never waits for the mail server. One
/// attempt each: a lost message costs the person one more click on "send the link again", and a message held for
/// retries could arrive after the link has expired.
/// </summary>
public sealed partial class PasswordResetMail(SmtpMail smtp, ILogger<PasswordResetMail> logger) : BackgroundService
{
    private readonly Channel<MimeMessage> queue =
        Channel.CreateBounded<MimeMessage>(new BoundedChannelOptions(200) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Enqueue(MimeMessage message)
    {
        if (!smtp.IsConfigured)
        {
            message.Dispose();
            return;
        }
        queue.Writer.TryWrite(message);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in queue.Reader.ReadAllAsync(stoppingToken))
        {
            using (message)
            {
                try
                {
                    await smtp.SendAsync(message, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Neither the address nor the link goes to the logs.
                    LogSendFailed(logger, e.GetType().Name);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send a password reset message: {Error}")]
    private static partial void LogSendFailed(ILogger logger, string error);
}
