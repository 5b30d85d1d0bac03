using System.Net;
using System.Net.Sockets;
using Nashir.Tests.Support;
using Xunit;

namespace Nashir.Tests.Features.Comments;

/// <summary>
/// Emails about comments through a real SMTP server on loopback. On SQLite only: what is tested is the
/// mail path, which is the same whatever the database.
/// </summary>
public sealed class CommentNotificationTests
{
    private static Dictionary<string, string?> Smtp(int port) => new()
    {
        ["Nashir:Smtp:Host"] = "127.0.0.1",
        ["Nashir:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Nashir:Smtp:Security"] = "None",
        ["Nashir:Smtp:From"] = "comments@nashir.test",
        ["Nashir:Smtp:Moderators:0"] = "moderators@nashir.test",
    };

    [Fact]
    public async Task Moderators_hear_of_a_held_comment_and_the_author_of_an_approved_one()
    {
        await using var smtp = new LoopbackSmtp();
        await using var app = new NashirApp(NashirStorage.Sqlite(), settings: Smtp(smtp.Port));
        var article = await app.PublishedArticleAsync();
        var comment = CommentInputJson.Unique();
        using var reader = app.CreateBrowserClient();

        var created = await reader.CommentAsync(app, article.Path, comment);
        var held = await smtp.NextAsync();
        Assert.Equal("moderators@nashir.test", held.To.Mailboxes.Single().Address);
        Assert.Contains("بانتظار المراجعة", held.Subject, StringComparison.Ordinal);
        Assert.Contains(comment.Text!, held.TextBody, StringComparison.Ordinal);

        await app.CreateApiClient().ModerateAsync(created.Id, "approved");
        var approved = await smtp.NextAsync();
        Assert.Equal(NashirApp.AdminEmail, approved.To.Mailboxes.Single().Address);
        Assert.Contains(article.Headline, approved.Subject, StringComparison.Ordinal);
        Assert.Contains($"#comment-{created.Id}", approved.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notice_waits_out_a_mail_server_that_is_briefly_down()
    {
        await using var smtp = new LoopbackSmtp(listening: false);
        await using var app = new NashirApp(NashirStorage.Sqlite(), settings: Smtp(smtp.Port));
        var article = await app.PublishedArticleAsync();
        var comment = CommentInputJson.Unique();

        // A server going down for a restart: it takes the connection and hangs up without a greeting.
        using (var down = new TcpListener(IPAddress.Loopback, smtp.Port))
        {
            down.Start();
            await app.CreateBrowserClient().CommentAsync(app, article.Path, comment);
            using var firstTry = await down.AcceptTcpClientAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
            firstTry.Close();
            down.Stop();
        }
        smtp.Start();
        var held = await smtp.NextAsync(app.Clock, TimeSpan.FromSeconds(30)); // the retry's backoff passes on the site's clock

        Assert.Contains(comment.Text!, held.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_smtp_settings_comments_work_and_nothing_is_sent()
    {
        await using var app = new NashirApp(NashirStorage.Sqlite());
        var article = await app.PublishedArticleAsync();

        var created = await app.CreateBrowserClient().CommentAsync(app, article.Path, CommentInputJson.Unique());
        await app.CreateApiClient().ModerateAsync(created.Id, "approved");

        Assert.Equal(1, (await app.CreateApiClient().GetArticleAsync(article.Id)).CommentCount);
    }
}
