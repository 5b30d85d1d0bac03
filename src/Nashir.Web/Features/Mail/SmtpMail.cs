using Microsoft.Extensions.DependencyInjection.Extensions;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Nashir.Web.Features.Mail;

/// <summary>Settings under "Nashir:Smtp". Without a Host nothing is sent and nothing breaks.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Nashir:Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>Auto: STARTTLS when the server offers it; None for a loopback relay.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;
    public string From { get; set; } = "nashir@localhost";

    /// <summary>Who hears about held comments, besides nobody: the newsroom's moderation address.</summary>
    public List<string> Moderators { get; set; } = [];
}

/// <summary>
/// One message to the configured SMTP server (MailKit). Shared by the features that send mail (comment notices,
/// staff invitations); each decides itself whether to retry and what a failure means to its user.
/// </summary>
public sealed class SmtpMail(IOptions<SmtpOptions> options)
{
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Host);

    public SmtpOptions Options => options.Value;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (message.From.Count == 0) message.From.Add(MailboxAddress.Parse(smtp.From));
        using var client = new SmtpClient { Timeout = 15_000 };
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.Security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName)) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}

public static class MailSetup
{
    /// <summary>Idempotent: every feature that sends mail calls it.</summary>
    public static IServiceCollection AddSmtpMail(this IServiceCollection services)
    {
        // Bound once: a second BindConfiguration appends configured lists again (every moderator mailed twice).
        if (services.Any(s => s.ServiceType == typeof(SmtpMail))) return services;
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section);
        services.TryAddSingleton<SmtpMail>();
        return services;
    }
}
