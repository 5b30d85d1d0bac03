using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Audit;
using Nashir.Web.Platform.Caching;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Features.FrontPage;

/// <summary>The alert as every page shows it.</summary>
public sealed record BreakingView(int Id, string Text, string? Url, DateTime ExpiresAt);

/// <summary>What an editor's change of the front page or the alert came to: done, or refused with a reason per
/// field.</summary>
public sealed record FrontPageOutcome(string? Message, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public static FrontPageOutcome Done(string message) => new(message, new Dictionary<string, string>());

    public static FrontPageOutcome Refused(string field, string message) => new(null,
        new Dictionary<string, string> { [field] = message });
}

/// <summary>
/// The breaking-news bar (عاجل). Every public page embeds the current alert when it is rendered, and a small script
/// asks <c>/breaking.json</c> for it every few seconds. Both are output-cached: posting or removing an alert evicts
/// every HTML page and the JSON on every node (through Redis), and each node evicts them itself at the alert's
/// expiry (<see cref="FrontPageExpiry"/>), so cached pages keep their speed and never show a stale alert for long.
/// </summary>
public sealed class BreakingNews(
    NashirDb db, TimeProvider clock, IMemoryCache cache, CacheEviction eviction, FrontPageExpiry expiry, AuditLog audit,
    IOptions<NashirOptions> site, IOptions<FrontPageOptions> options)
{
    /// <summary>One line, as on a news channel's ticker: about two lines on a phone.</summary>
    public const int MaxLength = 200;

    /// <summary>The output-cache tag of <c>/breaking.json</c>.</summary>
    public const string Tag = "breaking";

    /// <summary>The JSON's cache policy; short-lived, so a node without Redis catches up within it.</summary>
    public const string Policy = "breaking";

    public static readonly TimeSpan JsonLifetime = TimeSpan.FromSeconds(10);

    internal const string CacheKey = "breaking:current";

    /// <summary>What pages and the JSON must forget when the alert changes or expires.</summary>
    internal static readonly Eviction Changed = new([CachingSetup.LayoutTag, Tag], [CacheKey]);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The live alert, from memory (one small query per node every 10 s at most); expiry is checked on every
    /// read.</summary>
    public async Task<BreakingView?> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var alert = await cache.GetOrCreateAsync(CacheKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = JsonLifetime;
            var now = Now;
            var row = await db.BreakingAlerts.Where(a => a.RemovedAt == null && a.ExpiresAt > now)
                .OrderByDescending(a => a.PostedAt).ThenByDescending(a => a.Id)
                .Select(a => new { a.Id, a.Text, a.ArticleId, a.ExpiresAt }).FirstOrDefaultAsync(cancellationToken);
            if (row is null) return null;
            string? url = null;
            if (row.ArticleId is { } articleId)
            {
                var slug = await db.Articles.Where(PublicArticles.LiveAt(now)).Where(a => a.Id == articleId)
                    .Select(a => a.Slug).FirstOrDefaultAsync(cancellationToken);
                if (slug is not null) url = ArticleUrls.Path(articleId, slug);
            }
            expiry.Watch(row.ExpiresAt, Changed);
            return new BreakingView(row.Id, row.Text, url, row.ExpiresAt);
        });
        return alert is not null && alert.ExpiresAt > Now ? alert : null;
    }

    public int DefaultMinutes => options.Value.BreakingDefaultMinutes;

    /// <summary>Posts an alert (replacing the current one). Refused with nothing saved when the text or link is
    /// wrong.</summary>
    public async Task<FrontPageOutcome> PostAsync(Actor actor, string? text, string? link, int? minutes,
        CancellationToken cancellationToken)
    {
        var clean = UserText.CleanLine(text);
        if (clean.Length == 0) return FrontPageOutcome.Refused("text", "اكتب نص الخبر العاجل.");
        if (clean.Length > MaxLength)
            return FrontPageOutcome.Refused("text",
                $"الخبر العاجل سطر واحد لا يتجاوز {MaxLength} حرف، والنص المرسل "
                + $"{clean.Length.ToString("N0", CultureInfo.InvariantCulture)} حرف. اختصره؛ لم يُحفظ شيء.");
        if (UserText.ContainsMarkup(clean)) return FrontPageOutcome.Refused("text",
            "الخبر العاجل نص عادي: لا يُسمح فيه بوسوم HTML.");
        var span = minutes ?? DefaultMinutes;
        if (span is < 5 or > 1440) return FrontPageOutcome.Refused("minutes", "مدة الظهور بين 5 دقائق و24 ساعة.");

        int? articleId = null;
        string? headline = null;
        if (!string.IsNullOrWhiteSpace(link))
        {
            articleId = ArticleIdOf(link.Trim(), site.Value.Site.Url);
            if (articleId is null)
                return FrontPageOutcome.Refused("link",
                    "الرابط يكون رقم مقال أو رابط مقال من هذا الموقع (مثل /news/12/…).");
            var now = Now;
            headline = await db.Articles.Where(PublicArticles.LiveAt(now)).Where(a => a.Id == articleId)
                .Select(a => a.Headline).FirstOrDefaultAsync(cancellationToken);
            if (headline is null) return FrontPageOutcome.Refused("link", "لا يوجد مقال منشور بهذا الرقم أو الرابط.");
        }

        var at = Now;
        // Replacing the current alert and adding this one is one transaction: never two alerts, never none by mistake.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.BreakingAlerts.Where(a => a.RemovedAt == null).ExecuteUpdateAsync(u => u.SetProperty(a =>
            a.RemovedAt, at), cancellationToken);
        var alert = new BreakingAlert
        {
            Text = clean, ArticleId = articleId, PostedAt = at, ExpiresAt = at.AddMinutes(span),
            PostedById = actor.UserId, PostedByName = actor.DisplayName,
        };
        db.BreakingAlerts.Add(alert);
        audit.Add(AuditActions.BreakingAlert, new AuditTarget("breaking", "", clean),
            $"نُشر خبر عاجل لمدة {span} دقيقة" + (headline is null ? "" : $"، يربط بالمقال «{headline}»"), actor);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await eviction.EvictAsync(Changed);
        return FrontPageOutcome.Done("نُشر الخبر العاجل على كل صفحات الموقع.");
    }

    public async Task<FrontPageOutcome> RemoveAsync(Actor actor, int id, CancellationToken cancellationToken)
    {
        var alert = await db.BreakingAlerts.AsTracking().FirstOrDefaultAsync(a => a.Id == id && a.RemovedAt == null,
            cancellationToken);
        if (alert is null) return FrontPageOutcome.Refused("alert", "هذا الخبر العاجل أُزيل من قبل أو استُبدل.");
        alert.RemovedAt = Now;
        audit.Add(AuditActions.BreakingAlert, new AuditTarget("breaking", id.ToString(CultureInfo.InvariantCulture),
            alert.Text),
            "أُزيل الخبر العاجل", actor);
        await db.SaveChangesAsync(cancellationToken);
        await eviction.EvictAsync(Changed);
        return FrontPageOutcome.Done("أُزيل الخبر العاجل.");
    }

    /// <summary>Recent alerts for the screen, newest first.</summary>
    public Task<List<BreakingAlert>> RecentAsync(int count, CancellationToken cancellationToken) =>
        db.BreakingAlerts.OrderByDescending(a => a.PostedAt).ThenByDescending(a =>
            a.Id).Take(count).ToListAsync(cancellationToken);

    /// <summary>An article id from "12", "/news/12/slug" or "https://this.site/news/12/slug"; null for anything
    /// else.</summary>
    public static int? ArticleIdOf(string link, string siteUrl)
    {
        if (int.TryParse(link, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return id > 0 ? id : null;
        if (Uri.TryCreate(link, UriKind.Absolute, out var absolute))
        {
            if (absolute.Scheme is not ("http" or "https") || !Uri.TryCreate(siteUrl, UriKind.Absolute, out var site)
                || !string.Equals(absolute.Host, site.Host, StringComparison.OrdinalIgnoreCase)) return null;
            link = absolute.AbsolutePath;
        }
        if (!link.StartsWith("/news/", StringComparison.Ordinal)) return null;
        var path = link.Split('?', '#')[0];
        if (!path.EndsWith('/') && path.Count(c => c == '/') == 2) path += "/";
        return ArticleReadsMiddleware.ArticleIdOf(new PathString(path));
    }
}
