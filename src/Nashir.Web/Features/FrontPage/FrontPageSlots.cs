using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Audit;
using Nashir.Web.Platform.Caching;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.FrontPage;

/// <summary>A pin as pages read it: which page (home or a section's slug), lead or featured, in which order, until
/// when.</summary>
public sealed record PinnedSlot(int Id, int? SectionId, string? SectionSlug, bool IsLead, int Position, int ArticleId,
    DateTime? ExpiresAt)
{
    public bool IsCurrentAt(DateTime now) => ExpiresAt is null || ExpiresAt > now;
}

/// <summary>A section archive's pinned lead and featured stories (page 1 only).</summary>
public sealed record SectionFront(ArticleCard? Lead, IReadOnlyList<ArticleCard> Featured)
{
    public static readonly SectionFront Empty = new(null, []);

    public bool IsEmpty => Lead is null && Featured.Count == 0;

    public IEnumerable<int> Ids => (Lead is null ? Featured : Featured.Prepend(Lead)).Select(c => c.Id);
}

/// <summary>
/// The pinned lead and featured slots of the home page and of each section's archive. Pages ask at render time which
/// pins are current (not expired) and which of their articles are live, so an expired pin or an unpublished article
/// falls back to the newest-article order without a job. Every change is audited and evicts the listings everywhere.
/// </summary>
public sealed class FrontPageSlots(
    NashirDb db, PublicArticles articles, TimeProvider clock, IMemoryCache cache, CacheEviction eviction,
    FrontPageExpiry expiry, AuditLog audit)
{
    /// <summary>The home page's front block is the lead and four stories beside it: as many featured slots as
    /// that.</summary>
    public const int MaxFeatured = 4;

    internal const string CacheKey = "front-page:slots";

    /// <summary>Pins show on listing pages only (home, section archives): those are what a change evicts.</summary>
    private static readonly Eviction Changed = new([CachingSetup.ListingsTag], [CacheKey]);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Every pin of the site (a few rows per page), from memory; each node re-reads at most once a
    /// minute.</summary>
    public async Task<IReadOnlyList<PinnedSlot>> AllAsync(CancellationToken cancellationToken = default) =>
        await cache.GetOrCreateAsync(CacheKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CachingSetup.PageLifetime;
            var slots = await db.FrontPageSlots
                .Select(s => new PinnedSlot(s.Id, s.SectionId, db.Categories.Where(c =>
                    c.Id == s.SectionId).Select(c => c.Slug).FirstOrDefault(),
                    s.IsLead, s.Position, s.ArticleId, s.ExpiresAt))
                .ToListAsync(cancellationToken);
            foreach (var at in slots.Where(s => s.ExpiresAt is not null).Select(s => s.ExpiresAt!.Value).Distinct())
                expiry.Watch(at, Changed);
            return (IReadOnlyList<PinnedSlot>)slots;
        }) ?? [];

    /// <summary>
    /// The home page's stories in order: the pinned lead (else the newest), the featured slots in the editors' order,
    /// then the newest of the rest. Three or four queries, whatever is pinned.
    /// </summary>
    public async Task<IReadOnlyList<ArticleCard>> HomeAsync(int count, CancellationToken cancellationToken)
    {
        var now = Now;
        var pins = (await AllAsync(cancellationToken)).Where(s => s.SectionId is null && s.IsCurrentAt(now)).ToList();
        var latest = await articles.LatestAsync(count + pins.Count, cancellationToken);
        if (pins.Count == 0) return latest.Take(count).ToList();
        var live = (await articles.LiveCardsAsync(pins.Select(p => p.ArticleId).ToList(),
            cancellationToken)).ToDictionary(c => c.Id);
        var lead = pins.Where(p => p.IsLead).Select(p => live.GetValueOrDefault(p.ArticleId)).FirstOrDefault(c =>
            c is not null);
        var featured = pins.Where(p => !p.IsLead).OrderBy(p => p.Position).Select(p =>
            live.GetValueOrDefault(p.ArticleId)).OfType<ArticleCard>();
        var ordered = (lead is null ? latest.Take(1) : [lead]).Concat(featured).Concat(latest);
        return ordered.DistinctBy(c => c.Id).Take(count).ToList();
    }

    /// <summary>A section archive's pinned stories that are current and live; empty (no query) when nothing is
    /// pinned.</summary>
    public async Task<SectionFront> SectionAsync(string sectionSlug, CancellationToken cancellationToken)
    {
        var now = Now;
        var pins = (await AllAsync(cancellationToken)).Where(s => s.SectionSlug == sectionSlug
            && s.IsCurrentAt(now)).ToList();
        if (pins.Count == 0) return SectionFront.Empty;
        var live = (await articles.LiveCardsAsync(pins.Select(p => p.ArticleId).ToList(),
            cancellationToken)).ToDictionary(c => c.Id);
        var lead = pins.Where(p => p.IsLead).Select(p => live.GetValueOrDefault(p.ArticleId)).FirstOrDefault(c =>
            c is not null);
        var featured = pins.Where(p => !p.IsLead).OrderBy(p => p.Position).Select(p =>
            live.GetValueOrDefault(p.ArticleId))
            .OfType<ArticleCard>().Where(c => c.Id != lead?.Id).ToList();
        return new SectionFront(lead, featured);
    }

    /// <summary>Pins a live article as the lead (replacing the current lead) or as the last featured slot of a
    /// page.</summary>
    public async Task<FrontPageOutcome> PinAsync(Actor actor, int? sectionId, bool lead, int articleId,
        DateTime? expiresAt, CancellationToken cancellationToken)
    {
        var now = Now;
        var article = await db.Articles.Where(PublicArticles.LiveAt(now)).Where(a => a.Id == articleId)
            .Select(a => new { a.Id, a.Headline }).FirstOrDefaultAsync(cancellationToken);
        if (article is null) return FrontPageOutcome.Refused("articleId",
            "اختر مقالًا منشورًا: لا يُثبَّت إلا ما يراه القرّاء.");
        if (expiresAt is { } until && until <= now) return FrontPageOutcome.Refused("expiresAt",
            "وقت انتهاء التثبيت يجب أن يكون في المستقبل.");
        var page = await PageNameAsync(sectionId, cancellationToken);
        if (page is null) return FrontPageOutcome.Refused("section", "القسم غير موجود.");

        var slots = await db.FrontPageSlots.AsTracking().Where(s =>
            s.SectionId == sectionId).ToListAsync(cancellationToken);
        // An article holds one slot per page: pinning it again moves it.
        db.FrontPageSlots.RemoveRange(slots.Where(s => s.ArticleId == articleId || lead && s.IsLead));
        var featured = slots.Where(s => !s.IsLead && s.ArticleId != articleId).OrderBy(s => s.Position).ToList();
        if (!lead && featured.Count >= MaxFeatured)
            return FrontPageOutcome.Refused("articleId",
                $"في {page} {MaxFeatured} أخبار مميزة، وهو الحد: أزل واحدًا أولًا.");
        for (var i = 0; i < featured.Count; i++) featured[i].Position = i + 1;
        db.FrontPageSlots.Add(new FrontPageSlot
        {
            SectionId = sectionId, IsLead = lead, Position = lead ? 0 : featured.Count + 1, ArticleId = articleId,
            ExpiresAt = expiresAt, PinnedAt = now, PinnedById = actor.UserId,
        });
        var what = lead ? "خبرًا رئيسيًا" : "خبرًا مميزًا";
        var until2 = expiresAt is { } e ? " حتى " + e.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : "";
        audit.Add(AuditActions.FrontPageChanged, Target(articleId, article.Headline),
            $"ثُبّت {what} في {page}{until2}", actor);
        await SaveAsync(cancellationToken);
        return FrontPageOutcome.Done($"ثُبّت «{article.Headline}» {what} في {page}.");
    }

    public async Task<FrontPageOutcome> UnpinAsync(Actor actor, int slotId, CancellationToken cancellationToken)
    {
        var slot = await db.FrontPageSlots.AsTracking().FirstOrDefaultAsync(s => s.Id == slotId, cancellationToken);
        if (slot is null) return FrontPageOutcome.Refused("slot", "هذا التثبيت أُزيل من قبل.");
        var page = await PageNameAsync(slot.SectionId, cancellationToken) ?? "";
        var headline = await db.Articles.Where(a => a.Id == slot.ArticleId).Select(a =>
            a.Headline).FirstOrDefaultAsync(cancellationToken);
        db.FrontPageSlots.Remove(slot);
        var rest = await db.FrontPageSlots.AsTracking().Where(s => s.SectionId == slot.SectionId && !s.IsLead
            && s.Id != slotId)
            .OrderBy(s => s.Position).ToListAsync(cancellationToken);
        for (var i = 0; i < rest.Count; i++) rest[i].Position = i + 1;
        audit.Add(AuditActions.FrontPageChanged, Target(slot.ArticleId, headline), $"أُلغي تثبيته في {page}", actor);
        await SaveAsync(cancellationToken);
        return FrontPageOutcome.Done($"أُلغي تثبيت «{headline}».");
    }

    /// <summary>Moves a featured slot one place up (earlier) or down among its page's featured slots.</summary>
    public async Task<FrontPageOutcome> MoveAsync(Actor actor, int slotId, bool up, CancellationToken cancellationToken)
    {
        var slot = await db.FrontPageSlots.AsTracking().FirstOrDefaultAsync(s => s.Id == slotId && !s.IsLead,
            cancellationToken);
        if (slot is null) return FrontPageOutcome.Refused("slot", "هذا التثبيت أُزيل من قبل.");
        var featured = await db.FrontPageSlots.AsTracking().Where(s => s.SectionId == slot.SectionId && !s.IsLead)
            .OrderBy(s => s.Position).ToListAsync(cancellationToken);
        var index = featured.FindIndex(s => s.Id == slotId);
        var other = up ? index - 1 : index + 1;
        if (other < 0 || other >= featured.Count) return FrontPageOutcome.Done("الترتيب كما هو.");
        (featured[index], featured[other]) = (featured[other], featured[index]);
        for (var i = 0; i < featured.Count; i++) featured[i].Position = i + 1;
        var headline = await db.Articles.Where(a => a.Id == slot.ArticleId).Select(a =>
            a.Headline).FirstOrDefaultAsync(cancellationToken);
        var page = await PageNameAsync(slot.SectionId, cancellationToken) ?? "";
        audit.Add(AuditActions.FrontPageChanged, Target(slot.ArticleId, headline),
            $"نُقل إلى المرتبة {other + 1} بين الأخبار المميزة في {page}", actor);
        await SaveAsync(cancellationToken);
        return FrontPageOutcome.Done("تغيّر ترتيب الأخبار المميزة.");
    }

    /// <summary>
    /// WordPress's sticky posts (<c>wp:is_sticky</c>) become the home page's featured slots, in the order given, as far
    /// as
    /// there are free slots; called by the import after its posts are stored. Returns how many were pinned.
    /// </summary>
    public async Task<int> PinImportedAsync(IReadOnlyList<int> articleIds, CancellationToken cancellationToken)
    {
        var now = Now;
        var slots = await db.FrontPageSlots.Where(s => s.SectionId == null).ToListAsync(cancellationToken);
        var live = await db.Articles.Where(PublicArticles.LiveAt(now)).Where(a => articleIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Headline }).ToDictionaryAsync(a => a.Id, a => a.Headline, cancellationToken);
        var position = slots.Where(s => !s.IsLead).Select(s => s.Position).DefaultIfEmpty().Max();
        var pinned = 0;
        foreach (var id in articleIds.Distinct())
        {
            if (position >= MaxFeatured || !live.TryGetValue(id, out var headline) || slots.Any(s =>
                s.ArticleId == id)) continue;
            db.FrontPageSlots.Add(new FrontPageSlot { SectionId = null, Position = ++position, ArticleId = id,
                PinnedAt = now });
            audit.Add(AuditActions.FrontPageChanged, Target(id, headline),
                "ثُبّت خبرًا مميزًا في الصفحة الرئيسية (منشور مثبّت في ووردبريس)");
            pinned++;
        }
        if (pinned > 0) await SaveAsync(cancellationToken);
        return pinned;
    }

    private static AuditTarget Target(int articleId, string? headline) =>
        new("article", articleId.ToString(CultureInfo.InvariantCulture), headline);

    /// <summary>"الصفحة الرئيسية" or "قسم «…»"; null for a section that does not exist.</summary>
    private async Task<string?> PageNameAsync(int? sectionId, CancellationToken cancellationToken)
    {
        if (sectionId is null) return "الصفحة الرئيسية";
        var name = await db.Categories.Where(c => c.Id == sectionId).Select(c =>
            c.Name).FirstOrDefaultAsync(cancellationToken);
        return name is null ? null : $"قسم «{name}»";
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        await eviction.EvictAsync(Changed);
    }
}
