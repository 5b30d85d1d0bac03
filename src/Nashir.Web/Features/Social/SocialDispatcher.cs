using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;
using Nashir.Web.Platform.Text;
using Polly.Timeout;

namespace Nashir.Web.Features.Social;

/// <summary>
/// Sends due delivery jobs. A node claims a batch with a lease in one statement (PostgreSQL: FOR UPDATE SKIP
/// LOCKED, so two nodes never take the same row; SQLite: one writer), freezes each job's text, sends per account
/// in order (accounts in parallel), and records the outcome only if it still holds the lease. A job whose node
/// died is taken again when its lease expires, marked uncertain: networks with idempotency get the same post
/// again (and recognise it); the others (Telegram) go to "unknown" for a person to check.
/// </summary>
public sealed partial class SocialDispatcher(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<SocialOptions> options, IOptions<NashirOptions> site,
    IEnumerable<ISocialNetworkClient> clients, SqliteWriteGate writeGate, ILogger<SocialDispatcher> logger) : BackgroundService
{
    public const string MeterName = "Nashir.Social";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> SentCounter = Meter.CreateCounter<long>("nashir.social.sent", description: "Posts the networks accepted");
    private static readonly Counter<long> FailedCounter = Meter.CreateCounter<long>("nashir.social.failed", description: "Attempts that failed (retried or not)");
    private static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("nashir.social.latency", "ms", "Time of one send to a network");

    /// <summary>This node's name on the jobs it holds; new at every start, so a restarted node never mistakes old leases for its own.</summary>
    private readonly string node = $"{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly Dictionary<string, ISocialNetworkClient> networks = clients.ToDictionary(c => c.Network);
    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>A publish on this node: look for due jobs now.</summary>
    public void Wake()
    {
        try { wake.Release(); }
        catch (SemaphoreFullException) { /* already awake */ }
    }

    /// <summary>Accounts declared in configuration join the database ones before anything is sent or queued.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<SocialAccounts>().SyncFromConfigurationAsync(options.Value, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatchInBackground) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await DispatchDueAsync(stoppingToken) > 0) continue;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogDispatchFailed(e);
            }
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            poll.CancelAfter(options.Value.PollInterval);
            try { await wake.WaitAsync(poll.Token); }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested) { /* poll */ }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>One round: claim due jobs, send them, record the outcomes. Returns how many jobs were claimed.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var accounts = scope.ServiceProvider.GetRequiredService<SocialAccounts>();
        var now = clock.GetUtcNow().UtcDateTime;
        var leaseUntil = now + settings.Lease;

        List<long> ids;
        using (await writeGate.EnterAsync(db, cancellationToken))
            ids = await ClaimAsync(db, now, leaseUntil, settings.BatchSize, cancellationToken);
        if (ids.Count == 0) return 0;

        var jobs = await db.SocialDeliveries.AsTracking()
            .Include(d => d.Account)
            .Include(d => d.Article).ThenInclude(a => a.Categories)
            .Include(d => d.Article).ThenInclude(a => a.Tags)
            .Include(d => d.Article).ThenInclude(a => a.Authors).ThenInclude(a => a.User)
            .AsSplitQuery()
            .Where(d => ids.Contains(d.Id)).OrderBy(d => d.Id).ToListAsync(cancellationToken);

        var outcomes = new Dictionary<long, SendResult?>();
        var posts = new List<(SocialDelivery Job, SocialPost Post, ISocialNetworkClient Client)>();
        foreach (var job in jobs)
        {
            if (!job.Article.IsLiveAt(now) || !job.Account.Enabled)
            {
                outcomes[job.Id] = new SendResult.Cancelled(job.Account.Enabled ? "أُلغي: المقال لم يعد منشورًا." : "أُلغي: الحساب معطّل.");
                continue;
            }
            if (!networks.TryGetValue(job.Account.Network, out var client))
            {
                outcomes[job.Id] = new SendResult.Failed($"شبكة غير معروفة: {job.Account.Network}");
                continue;
            }
            if (job.Uncertain && !client.SafeToRetryUncertain)
            {
                outcomes[job.Id] = new SendResult.Unknown("غير معروف: انقطع إرسال سابق قبل معرفة نتيجته، والشبكة لا تتيح التحقق. راجع الحساب.");
                continue;
            }
            try
            {
                var post = Compose(job, accounts.Connect(job.Account));
                job.FrozenText ??= post.Text;
                posts.Add((job, post, client));
            }
            catch (Exception e) when (e is SocialConfigurationException or System.Security.Cryptography.CryptographicException)
            {
                outcomes[job.Id] = new SendResult.Failed(e is SocialConfigurationException ? e.Message : "تعذّر فك تشفير بيانات الاعتماد: أعد إدخالها.");
            }
        }
        // Freeze the text before the first send, so a retry after a crash sends exactly the same post.
        using (await writeGate.EnterAsync(db, cancellationToken))
            await db.SaveChangesAsync(cancellationToken);

        await Task.WhenAll(posts.GroupBy(p => p.Job.AccountId).Select(async group =>
        {
            // In job order, a few at a time per account; the rest of an account's batch waits behind a rate limit
            // or an outage, in order, without spending an attempt.
            var stopped = false;
            foreach (var chunk in group.Chunk(settings.ParallelPerAccount))
            {
                if (stopped || clock.GetUtcNow().UtcDateTime + settings.RequestTimeout > leaseUntil)
                {
                    lock (outcomes) foreach (var (job, _, _) in chunk) outcomes[job.Id] = null;
                    continue;
                }
                var results = await Task.WhenAll(chunk.Select(p => SendAsync(p.Client, p.Post, cancellationToken)));
                lock (outcomes) foreach (var (item, result) in chunk.Zip(results)) outcomes[item.Job.Id] = result;
                stopped = results.Any(r => r is SendResult.Retry);
            }
        }));

        using (await writeGate.EnterAsync(db, cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var end = clock.GetUtcNow().UtcDateTime;
            DateTime? deferredUntil = null;
            foreach (var job in jobs)
            {
                var result = outcomes[job.Id];
                var mine = db.SocialDeliveries.Where(d => d.Id == job.Id && d.LeaseOwner == node && d.Status == DeliveryStatus.Sending);
                switch (result)
                {
                    case SendResult.Sent sent:
                        await mine.ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DeliveryStatus.Sent).SetProperty(d => d.SentAt, end)
                            .SetProperty(d => d.RemoteId, SocialAccounts.Trim(sent.RemoteId)).SetProperty(d => d.RemoteUrl, sent.RemoteUrl)
                            .SetProperty(d => d.LastError, sent.RemoteId == null ? "أُرسل (رفضت الشبكة التكرار بعد محاولة لم يصل ردها؛ لا يُعرف معرّف المنشور)." : null)
                            .SetProperty(d => d.LastErrorDetail, (string?)null)
                            .SetProperty(d => d.LeaseOwner, (string?)null), cancellationToken);
                        break;
                    case SendResult.Retry retry when job.Attempts < settings.MaxAttempts:
                        var next = end + Backoff(job.Attempts, retry.After, settings);
                        deferredUntil = next;
                        await mine.ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DeliveryStatus.Queued).SetProperty(d => d.NotBefore, next)
                            .SetProperty(d => d.LastError, SocialAccounts.Trim(retry.Reason))
                            .SetProperty(d => d.LastErrorDetail, SocialAccounts.Trim(retry.Detail))
                            .SetProperty(d => d.Uncertain, d => d.Uncertain || retry.Uncertain)
                            .SetProperty(d => d.LeaseOwner, (string?)null), cancellationToken);
                        break;
                    case null:
                        // Not tried: back in the queue without counting an attempt, behind its account's failing job.
                        var later = deferredUntil ?? end;
                        await mine.ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DeliveryStatus.Queued).SetProperty(d => d.NotBefore, d => d.NotBefore > later ? d.NotBefore : later)
                            .SetProperty(d => d.Attempts, d => d.Attempts - 1).SetProperty(d => d.LeaseOwner, (string?)null), cancellationToken);
                        break;
                    default:
                        var (status, reason, detail) = result switch
                        {
                            SendResult.Unknown unknown => (DeliveryStatus.Unknown, unknown.Reason, unknown.Detail),
                            SendResult.Cancelled cancelled => (DeliveryStatus.Cancelled, cancelled.Reason, null),
                            SendResult.Failed failed => (DeliveryStatus.Failed, failed.Reason, failed.Detail),
                            SendResult.Retry retry => (DeliveryStatus.Failed,
                                $"توقفت المحاولات بعد {ArabicPlural.Count(job.Attempts, ArabicPlural.Attempts)}: "
                                + retry.Reason, retry.Detail),
                            _ => (DeliveryStatus.Failed, "?", null),
                        };
                        await mine.ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, status).SetProperty(d => d.LastError, SocialAccounts.Trim(reason))
                            .SetProperty(d => d.LastErrorDetail, SocialAccounts.Trim(detail))
                            .SetProperty(d => d.LeaseOwner, (string?)null), cancellationToken);
                        break;
                }
            }
            // In account order: two nodes updating the same accounts in different orders would deadlock on PostgreSQL.
            foreach (var account in jobs.GroupBy(j => j.AccountId).OrderBy(g => g.Key))
            {
                var results = account.Select(j => outcomes[j.Id]).Where(r => r is not null).ToList();
                if (results.OfType<SendResult.Sent>().Any())
                    await accounts.RecordHealthAsync(account.Key, true, default, cancellationToken);
                if (results.FirstOrDefault(r => r is not SendResult.Sent) is { } bad)
                    await accounts.RecordHealthAsync(account.Key, false, bad switch
                    {
                        SendResult.Failed f => (f.Reason, f.Detail), SendResult.Retry r => (r.Reason, r.Detail),
                        SendResult.Unknown u => (u.Reason, u.Detail), _ => (null, null),
                    }, cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        return jobs.Count;
    }

    private async Task<SendResult> SendAsync(ISocialNetworkClient client, SocialPost post, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        SendResult result;
        try
        {
            result = await client.SendAsync(post, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutRejectedException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            result = SocialHttp.Retry(SocialErrors.FromException(client.Network, e), null, uncertain: true);
        }
        catch (HttpRequestException e)
        {
            // A refused connection never reached the network; anything later may have.
            var reached = e.HttpRequestError != HttpRequestError.ConnectionError;
            result = SocialHttp.Retry(SocialErrors.FromException(client.Network, e), null, uncertain: reached);
        }
        catch (SocialConfigurationException e)
        {
            result = new SendResult.Failed(e.Message);
        }
        if (result is SendResult.Retry { Uncertain: true } uncertain && !client.SafeToRetryUncertain)
            result = new SendResult.Unknown(
                $"غير معروف: {uncertain.Reason} قد يكون المنشور وصل؛ الشبكة لا تتيح التحقق. راجع الحساب.",
                uncertain.Detail);
        var tags = new KeyValuePair<string, object?>("network", client.Network);
        Latency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tags);
        if (result is SendResult.Sent) SentCounter.Add(1, tags); else FailedCounter.Add(1, tags);
        if (result is not SendResult.Sent) LogSendFailed(post.DeliveryId, client.Network, result.ToString());
        return result;
    }

    /// <summary>Exponential with full jitter (half to all of it), never sooner than the network asked.</summary>
    internal static TimeSpan Backoff(int attempts, TimeSpan? networkAsked, SocialOptions settings)
    {
        var exponential = Math.Min(settings.RetryMaxDelay.TotalMilliseconds, settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(30, attempts - 1)));
        var jittered = TimeSpan.FromMilliseconds(exponential * (0.5 + Random.Shared.NextDouble() / 2));
        return networkAsked is { } asked && asked > jittered ? asked : jittered;
    }

    private SocialPost Compose(SocialDelivery job, SocialConnection connection)
    {
        var article = job.Article;
        var account = job.Account;
        var siteUrl = site.Value.Site.Url.TrimEnd('/');
        var link = new Uri(siteUrl + ArticleUrls.Path(article.Id, article.Slug)).AbsoluteUri; // percent-encoded, never the IRI (§0.3.1)
        if (account.Utm.Length > 0) link += "?" + account.Utm.TrimStart('?');
        var zone = TimeZoneInfo.FindSystemTimeZoneById(site.Value.Site.TimeZone);
        var author = article.Authors.OrderBy(a => a.Position).Select(a => a.User).FirstOrDefault();
        var image = article.FeaturedImageUrl is { } url ? (url.StartsWith('/') ? siteUrl + url : url) : null;
        var text = job.FrozenText;
        if (text is null)
        {
            var values = new SocialArticle(article.Id, article.Headline, link, article.Excerpt, PlainText.FromHtml(article.Body), site.Value.Site.Name,
                author?.Slug ?? "", author?.DisplayName ?? "", ArabicDates.Gregorian(TimeZoneInfo.ConvertTimeFromUtc(article.PublishAt ?? job.CreatedAt, zone)),
                article.Categories.Select(c => c.Name).ToList(), article.Tags.Select(t => t.Name).ToList(), image);
            var caption = account.Network == SocialNetworks.Telegram && account.Attachment == SocialAttachment.Image && image is not null;
            var shown = account.Network == SocialNetworks.Bluesky ? SocialLength.DisplayLink(link) : link;
            text = SocialLength.Fit(account.Network, SocialTemplate.Render(job.CustomText ?? account.Template, values with { Permalink = shown }), shown, caption);
        }
        return new SocialPost(connection, job.Id, text, link, article.Headline, article.Excerpt, image, account.Attachment, job.Uncertain, job.CreatedAt);
    }

    /// <summary>
    /// Takes up to `limit` due jobs (queued and due, or sending with an expired lease) in one statement.
    /// A job taken from a dead node's lease is marked uncertain: its last attempt may have reached the network.
    /// </summary>
    private async Task<List<long>> ClaimAsync(NashirDb db, DateTime now, DateTime leaseUntil, int limit, CancellationToken cancellationToken)
    {
        var lockClause = db.Database.IsNpgsql() ? "FOR UPDATE SKIP LOCKED" : "";
        var sql = $$"""
            UPDATE "SocialDeliveries"
            SET "Uncertain" = CASE WHEN "Status" = 1 THEN TRUE ELSE "Uncertain" END,
                "Status" = 1, "LeaseUntil" = {0}, "LeaseOwner" = {1}, "Attempts" = "Attempts" + 1
            WHERE "Id" IN (
                SELECT "Id" FROM "SocialDeliveries"
                WHERE ("Status" = 0 AND "NotBefore" <= {2}) OR ("Status" = 1 AND "LeaseUntil" < {2})
                ORDER BY "NotBefore", "Id" LIMIT {3} {{lockClause}})
            RETURNING "Id" AS "Value"
            """;
        return await db.Database.SqlQueryRaw<long>(sql, leaseUntil, node, now, limit).ToListAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Social dispatch round failed; trying again at the next poll")]
    private partial void LogDispatchFailed(Exception e);

    [LoggerMessage(LogLevel.Information, "Social delivery {DeliveryId} to {Network} not sent: {Result}")]
    private partial void LogSendFailed(long deliveryId, string network, string result);
}
