using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Nashir.Tests.Support;
using Xunit;

namespace Nashir.Tests.Features.Comments;

/// <summary>Commenters' emails never reach the logs at Information level (the operator's default), whatever path a comment takes.</summary>
public sealed class CommentLoggingTests
{
    [Fact]
    public async Task Posting_moderating_and_rejecting_comments_logs_no_email_at_information_level()
    {
        var logs = new CapturedLogs();
        await using var app = new LoggedApp(logs);
        var article = await app.PublishedArticleAsync();
        var email = $"never.in.logs{Unique.Next()}@example.com";
        using var reader = app.CreateBrowserClient();

        var created = await reader.CommentAsync(app, article.Path, CommentInputJson.Unique(email));
        await app.CreateApiClient().ModerateAsync(created.Id, "approved");
        (await app.CreateReaderClient().PostCommentApiAsync(article.Id, CommentInputJson.Unique(email))).Dispose();
        (await app.CreateReaderClient().PostCommentApiAsync(article.Id, CommentInputJson.Unique(email) with { Text = null })).Dispose();
        await app.CreateReaderClient().ReadPageAsync(article.Path);

        Assert.NotEmpty(logs.Messages);
        Assert.DoesNotContain(logs.Messages, m => m.Contains(email, StringComparison.OrdinalIgnoreCase));
    }

    private sealed class LoggedApp(CapturedLogs logs) : NashirApp(NashirStorage.Sqlite(), settings: new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
    })
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(logs));
        }
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLogs logs, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) logs.Messages.Enqueue($"{category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
