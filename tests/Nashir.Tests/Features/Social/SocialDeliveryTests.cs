using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Tests.Support.SocialEmulators;
using Nashir.Web.Features.Social;
using Xunit;

namespace Nashir.Tests.Features.Social;

public sealed class SocialDeliveryTests_on_Sqlite(SqliteSocialSite site) : SocialDeliveryTests<SqliteSocialSite>(site);

public sealed class SocialDeliveryTests_on_Postgres(PostgresSocialSite site) : SocialDeliveryTests<PostgresSocialSite>(site);

/// <summary>Publishing reaches every account once, through the outbox and the dispatcher, against the emulated networks.</summary>
public abstract class SocialDeliveryTests<TSite>(TSite site) : IClassFixture<TSite> where TSite : SocialSite
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<ArticleJson> PublishAsync(string status = "published", DateTimeOffset? publishAt = null, IReadOnlyList<string>? tags = null)
    {
        site.SkipIfUnavailable();
        using var api = site.App.CreateApiClient();
        return await api.CreateArticleAsync(ArticleInput.Story(status) with { PublishAt = publishAt, Tags = tags });
    }

    [Fact]
    public async Task Publishing_posts_once_to_every_account_with_the_arabic_text_and_the_link()
    {
        var article = await PublishAsync(tags: ["الطاقة الشمسية"]);
        await site.DispatchAsync();

        var deliveries = await site.DeliveriesAsync(article.Id);
        Assert.Equal(["bluesky", "facebook", "linkedin", "mastodon", "telegram", "x"], deliveries.Select(d => d.Account.Key).Order());
        Assert.All(deliveries, d => Assert.True(d.Status == DeliveryStatus.Sent && d.RemoteUrl is { Length: > 0 } || d.Account.Key == "facebook" && d.Status == DeliveryStatus.Sent,
            $"{d.Account.Key}: {d.Status} {d.LastError}"));

        var link = new Uri(article.Url).AbsoluteUri;
        var toot = Assert.Single(site.Mastodon.Received, r => r.Path == "/api/v1/statuses" && r.Carries(article.Headline));
        Assert.Equal($"nashir-delivery-{(await site.DeliveryAsync(article.Id, "mastodon")).Id}", toot.Headers["Idempotency-Key"]);
        Assert.Equal($"{article.Headline}\n#الطاقة_الشمسية\n{link}", toot.Json!["status"]!.GetValue<string>());
        Assert.Contains(site.X.Texts, t => t == $"{article.Headline}\n{link}");

        var bluesky = await site.DeliveryAsync(article.Id, "bluesky");
        var record = site.Bluesky.Records[bluesky.RemoteId!.Split('/')[^1]];
        var text = record["text"]!.GetValue<string>();
        var facet = record["facets"]![0]!["index"]!;
        var bytes = Encoding.UTF8.GetBytes(text);
        // The text shows a short readable link (a percent-encoded Arabic slug alone passes 300 graphemes); the facet carries the real one.
        Assert.Equal(link, record["facets"]![0]!["features"]![0]!["uri"]!.GetValue<string>());
        var shown = Encoding.UTF8.GetString(bytes, facet["byteStart"]!.GetValue<int>(), facet["byteEnd"]!.GetValue<int>() - facet["byteStart"]!.GetValue<int>());
        Assert.StartsWith($"localhost/news/{article.Id}/وزارة", shown, StringComparison.Ordinal);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
        Assert.Equal(article.Headline, record["embed"]!["external"]!["title"]!.GetValue<string>());
        Assert.StartsWith("https://bsky.app/profile/news.test/post/", bluesky.RemoteUrl, StringComparison.Ordinal);
        var linkedIn = Assert.Single(site.LinkedIn.Received, r => r.Path == "/rest/posts" && r.Carries(link));
        Assert.Equal("2.0.0", linkedIn.Headers["X-Restli-Protocol-Version"]);

        // An update of a posted article posts nothing.
        var before = site.Emulators.Sum(e => e.PostCount);
        using var api = site.App.CreateApiClient();
        await api.UpdateArticleAsync(article.Id, new ArticleInput { Headline = article.Headline + " (محدّث)", Version = article.Version });
        await site.DispatchAsync();
        Assert.Equal(before, site.Emulators.Sum(e => e.PostCount));
        Assert.Equal(6, (await site.DeliveriesAsync(article.Id)).Count);
    }

    [Fact]
    public async Task Drafts_and_the_demo_content_never_post()
    {
        var draft = await PublishAsync("draft");
        await site.DispatchAsync();

        Assert.Empty(await site.DeliveriesAsync(draft.Id));
        // The demo articles were published at first start, through the same editor.
        await site.WithDbAsync(async db =>
        {
            var demo = await db.Articles.Where(a => a.IsDemo).Select(a => a.Id).ToListAsync(Cancel);
            Assert.NotEmpty(demo);
            Assert.False(await db.SocialDeliveries.AnyAsync(d => demo.Contains(d.ArticleId), Cancel));
        });
    }

    [Fact]
    public async Task A_scheduled_article_posts_at_its_time_and_unpublishing_it_first_cancels_the_jobs()
    {
        var at = site.App.Clock.GetUtcNow().AddHours(1);
        var scheduled = await PublishAsync("scheduled", at);
        var unpublished = await PublishAsync("scheduled", at);
        await site.DispatchAsync();
        Assert.All(await site.DeliveriesAsync(scheduled.Id), d =>
        {
            Assert.Equal(DeliveryStatus.Queued, d.Status);
            Assert.Equal(at.UtcDateTime, d.NotBefore, TimeSpan.FromMilliseconds(1));
        });

        using var api = site.App.CreateApiClient();
        await api.UpdateArticleAsync(unpublished.Id, new ArticleInput { Status = "draft", Version = unpublished.Version });
        site.App.Clock.Advance(TimeSpan.FromHours(1));
        await site.DispatchAsync();

        Assert.All(await site.DeliveriesAsync(scheduled.Id), d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.All(await site.DeliveriesAsync(unpublished.Id), d => Assert.Equal(DeliveryStatus.Cancelled, d.Status));
        Assert.DoesNotContain(site.Mastodon.Received, r => r.Carries(unpublished.Headline));
    }

    [Fact]
    public async Task A_rate_limited_job_waits_for_the_networks_reset_time_then_goes_out()
    {
        site.Mastodon.RateLimitWait = TimeSpan.FromMinutes(10);
        site.Mastodon.FailNext(Fault.RateLimited);
        var article = await PublishAsync();
        await site.DispatchAsync();

        var waiting = await site.DeliveryAsync(article.Id, "mastodon");
        Assert.Equal(DeliveryStatus.Queued, waiting.Status);
        Assert.True(waiting.NotBefore >= site.App.Clock.GetUtcNow().UtcDateTime.AddMinutes(9), $"next try at {waiting.NotBefore:O}");
        Assert.Contains("429", waiting.LastError, StringComparison.Ordinal);

        site.App.Clock.Advance(TimeSpan.FromMinutes(5));
        await site.DispatchAsync();
        Assert.Equal(DeliveryStatus.Queued, (await site.DeliveryAsync(article.Id, "mastodon")).Status);
        site.App.Clock.Advance(TimeSpan.FromMinutes(6));
        await site.DispatchAsync();
        Assert.Equal((DeliveryStatus.Sent, 2), ((await site.DeliveryAsync(article.Id, "mastodon")).Status, (await site.DeliveryAsync(article.Id, "mastodon")).Attempts));
    }

    [Fact]
    public async Task A_server_error_is_retried_with_backoff_and_a_revoked_token_fails_at_once()
    {
        site.X.FailNext(Fault.ServerError);
        site.SkipIfUnavailable();
        using var api = site.App.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story() with { Categories = ["إعلانات"] });
        await site.DispatchAsync();

        var x = await site.DeliveryAsync(article.Id, "x");
        Assert.Equal((DeliveryStatus.Queued, 1, true), (x.Status, x.Attempts, x.Uncertain));
        Assert.True(x.NotBefore > site.App.Clock.GetUtcNow().UtcDateTime);
        var revoked = await site.DeliveryAsync(article.Id, SocialSite.BadMastodonKey);
        Assert.Equal((DeliveryStatus.Failed, 1), (revoked.Status, revoked.Attempts));
        Assert.Contains("401", revoked.LastError, StringComparison.Ordinal);

        site.App.Clock.Advance(TimeSpan.FromHours(1));
        await site.DispatchAsync();
        Assert.Equal((DeliveryStatus.Sent, 2), ((await site.DeliveryAsync(article.Id, "x")).Status, (await site.DeliveryAsync(article.Id, "x")).Attempts));
        Assert.Equal(1, (await site.DeliveryAsync(article.Id, SocialSite.BadMastodonKey)).Attempts);
        await site.WithDbAsync(async db =>
        {
            var account = await db.SocialAccounts.SingleAsync(a => a.Key == SocialSite.BadMastodonKey, Cancel);
            Assert.Contains("401", account.LastError, StringComparison.Ordinal);
        });
    }

    /// <summary>The node died after the network accepted the post and before the outcome was recorded.</summary>
    [Theory]
    [InlineData("mastodon", DeliveryStatus.Sent)]
    [InlineData("bluesky", DeliveryStatus.Sent)]
    [InlineData("x", DeliveryStatus.Sent)]
    [InlineData("linkedin", DeliveryStatus.Sent)]
    [InlineData("facebook", DeliveryStatus.Sent)]
    [InlineData("telegram", DeliveryStatus.Unknown)]
    public async Task A_job_whose_node_died_mid_send_is_never_posted_twice(string account, DeliveryStatus outcome)
    {
        var article = await PublishAsync();
        await site.DispatchAsync();
        var sent = await site.DeliveryAsync(article.Id, account);
        var posts = site.Emulators.Sum(e => e.PostCount);
        await site.WithDbAsync(db => db.SocialDeliveries.Where(d => d.Id == sent.Id).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Status, DeliveryStatus.Sending).SetProperty(d => d.LeaseOwner, "a-dead-node")
            .SetProperty(d => d.LeaseUntil, site.App.Clock.GetUtcNow().UtcDateTime.AddMinutes(1)).SetProperty(d => d.RemoteId, (string?)null), Cancel));

        await site.DispatchAsync();
        Assert.Equal(DeliveryStatus.Sending, (await site.DeliveryAsync(article.Id, account)).Status); // its lease still runs
        site.App.Clock.Advance(TimeSpan.FromMinutes(2));
        await site.DispatchAsync();

        var after = await site.DeliveryAsync(article.Id, account);
        Assert.Equal(outcome, after.Status);
        Assert.True(after.Uncertain);
        Assert.Equal(posts, site.Emulators.Sum(e => e.PostCount));
        if (account is "mastodon" or "bluesky" or "linkedin") Assert.Equal(sent.RemoteUrl, after.RemoteUrl);
    }

    [Fact]
    public async Task Post_again_sends_a_new_post_and_retry_resends_a_failed_one()
    {
        var article = await PublishAsync();
        site.Telegram.FailNext(Fault.ServerError);
        await site.DispatchAsync();
        await using var scope = site.App.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<SocialOutbox>();
        var telegram = await site.DeliveryAsync(article.Id, "telegram");
        Assert.Equal(DeliveryStatus.Queued, telegram.Status);
        Assert.True(await outbox.CancelAsync(telegram.Id, Cancel));
        Assert.False(await outbox.RetryAsync(telegram.Id, Cancel)); // cancelled is not failed

        var x = await site.DeliveryAsync(article.Id, "x");
        Assert.Null(await outbox.PostAgainAsync(article.Id, x.AccountId, Cancel));
        await site.DispatchAsync();

        var xJobs = (await site.DeliveriesAsync(article.Id)).Where(d => d.Account.Key == "x").ToList();
        Assert.Equal(2, xJobs.Count);
        // X refuses the same text twice: the second job stops at once, with the reason.
        Assert.Equal(DeliveryStatus.Failed, xJobs[1].Status);
        Assert.Contains("مكرر", xJobs[1].LastError, StringComparison.Ordinal);
        Assert.Equal(1, xJobs[1].Attempts);
    }

    [Fact]
    public async Task The_editor_chooses_the_accounts_and_writes_a_custom_text_for_one_network()
    {
        site.SkipIfUnavailable();
        var x = 0;
        await site.WithDbAsync(async db => x = (await db.SocialAccounts.SingleAsync(a => a.Key == "x", Cancel)).Id);
        using var api = site.App.CreateApiClient();
        using var refused = await api.PostArticleAsync(ArticleInput.Story() with { Social = new([x], new() { ["x"] = "{POST_TITEL}" }) });
        await refused.ShouldBeInvalidAsync("social.texts.x");

        var article = await api.CreateArticleAsync(ArticleInput.Story() with { Social = new([x], new() { ["x"] = "عاجل من غرفة الأخبار: {POST_TITLE} {PERMALINK}" }) });
        await site.DispatchAsync();

        var delivery = Assert.Single(await site.DeliveriesAsync(article.Id));
        Assert.Equal(("x", DeliveryStatus.Sent), (delivery.Account.Key, delivery.Status));
        Assert.Contains(site.X.Texts, t => t == $"عاجل من غرفة الأخبار: {article.Headline}\n{new Uri(article.Url).AbsoluteUri}");
    }
}
