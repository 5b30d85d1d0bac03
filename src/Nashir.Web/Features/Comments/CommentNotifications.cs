using System.Threading.Channels;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Polly;
using Polly.Retry;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Mail;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Features.Comments;

/// <summary>
/// Emails about comments, sent from a background queue so that a slow or absent mail server never
/// delays a reader's POST. The queue holds ids only; the sender reads the comment when it sends.
/// Bounded: under a flood the oldest notices are dropped rather than memory growing. In memory, not an
/// outbox table: a notice is a courtesy (the moderation queue and its badge are the record), so what a
/// restart drops is acceptable; what must not be lost is mail while the SMTP server restarts (CommentMailer retries).
/// </summary>
public sealed class CommentNotifications
{
    internal readonly Channel<(int CommentId, bool Approved)> Queue =
        Channel.CreateBounded<(int, bool)>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });

    public void CommentReceived(int commentId) => Queue.Writer.TryWrite((commentId, false));

    public void CommentApproved(int commentId) => Queue.Writer.TryWrite((commentId, true));
}

/// <summary>
/// Sends the queued notices one by one. A server that is briefly away (refused connection, timeout, a 4xx
/// "try later") is retried with exponential backoff for about a quarter of an hour (Polly, on the site's
/// TimeProvider); a permanent refusal (5xx, bad credentials or address) is logged and skipped at once.
/// Later notices wait in the queue meanwhile, in order.
/// </summary>
public sealed partial class CommentMailer(
    CommentNotifications notifications, IServiceScopeFactory scopes, IOptions<SmtpOptions> smtp, SmtpMail mail, IOptions<NashirOptions> site,
    TimeProvider clock, ILogger<CommentMailer> logger) : BackgroundService
{
    /// <summary>30 s, 1, 2, 4, 8 min (with jitter): rides out a mail server restart without hammering it.</summary>
    private readonly ResiliencePipeline retries = new ResiliencePipelineBuilder { TimeProvider = clock }
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 5,
            Delay = TimeSpan.FromSeconds(30),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not (OperationCanceledException
                or SmtpCommandException { StatusCode: >= (SmtpStatusCode)500 } or MailKit.Security.AuthenticationException or ParseException or ArgumentException)),
            OnRetry = args =>
            {
                LogRetrying(logger, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.GetType().Name);
                return default;
            },
        })
        .Build();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (commentId, _) in notifications.Queue.Reader.ReadAllAsync(stoppingToken))
        {
            if (string.IsNullOrWhiteSpace(smtp.Value.Host)) continue;
            try
            {
                await retries.ExecuteAsync(token => new ValueTask(SendAsync(commentId, token)), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A mail failure never reaches readers; the comment itself is saved and in the queue.
                LogSendFailed(logger, commentId, e.GetType().Name);
            }
        }
    }

    private async Task SendAsync(int commentId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId, cancellationToken);
        if (comment is null || comment.UserId is not null) return;
        var article = await db.Articles.Where(a => a.Id == comment.ArticleId)
            .Select(a => new { a.Id, a.Headline, a.Slug, a.IsDemo, Authors = a.Authors.Select(x => x.User.Email).ToList() })
            .FirstAsync(cancellationToken);
        var siteUrl = site.Value.Site.Url.TrimEnd('/');
        var (recipients, subject, intro) = comment.Status switch
        {
            CommentStatus.Approved => (article.Authors.OfType<string>().ToList(), $"تعليق جديد على «{article.Headline}»", "نُشر تعليق جديد على مقالك."),
            CommentStatus.Pending => (smtp.Value.Moderators, $"تعليق بانتظار المراجعة على «{article.Headline}»", "وصل تعليق ينتظر المراجعة."),
            _ => ([], "", ""),
        };
        if (recipients.Count == 0) return;

        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.Value.From));
        foreach (var to in recipients) message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain")
        {
            Text = $"{intro}\n\nالمقال: {article.Headline}\n{siteUrl}{ArticleUrls.Path(article.Id, article.Slug)}#comment-{comment.Id}\n\n" +
                   $"الكاتب: {comment.AuthorName}\n\n{comment.Text}\n\nالمراجعة: {siteUrl}/admin/comments?status={comment.Status}",
        };
        await mail.SendAsync(message, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The mail server did not take a comment notification ({Error}); try {Attempt} in {Delay}")]
    private static partial void LogRetrying(ILogger logger, int attempt, TimeSpan delay, string? error);

    // The comment id only: the author's email never goes to logs.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send the notification for comment {CommentId}: {Error}")]
    private static partial void LogSendFailed(ILogger logger, int commentId, string error);
}
