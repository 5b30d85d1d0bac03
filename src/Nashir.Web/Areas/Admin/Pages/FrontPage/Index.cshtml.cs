using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.FrontPage;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Areas.Admin.Pages.FrontPage;

/// <summary>
/// /admin/front-page: the home page's (or a section's) pinned lead and featured slots, and the breaking-news alert.
/// Editors and admins only: every handler checks the role before it reads the form.
/// </summary>
public sealed class FrontPageModel(NashirDb db, FrontPageSlots slots, BreakingNews breaking, SiteClock siteClock,
    TimeProvider clock) : PageModel
{
    public sealed class PinForm
    {
        public int? ArticleId { get; set; }

        /// <summary>"lead" or "featured".</summary>
        public string? Slot { get; set; }

        public DateTime? ExpiresAtLocal { get; set; }

        /// <summary>The section's slug; empty for the home page.</summary>
        public string? Section { get; set; }
    }

    public sealed class AlertForm
    {
        public string? Text { get; set; }

        /// <summary>An article's number or its URL on this site; empty for an alert without a link.</summary>
        public string? Link { get; set; }

        public int? Minutes { get; set; }
    }

    public sealed record SlotRow(int Id, bool IsLead, int Position, int ArticleId, string Headline, string Path,
        bool IsLive, DateTime? ExpiresAt, bool Expired);

    public sealed record Candidate(int Id, string Headline, DateTime PublishedAt);

    [BindProperty]
    public PinForm Pin { get; set; } = new();

    [BindProperty]
    public AlertForm Alert { get; set; } = new();

    public string? Section { get; private set; }
    public string PageName { get; private set; } = "الصفحة الرئيسية";
    public IReadOnlyList<TermLink> Sections { get; private set; } = [];
    public SlotRow? Lead { get; private set; }
    public IReadOnlyList<SlotRow> Featured { get; private set; } = [];
    public IReadOnlyList<Candidate> Candidates { get; private set; } = [];
    public string? Query { get; private set; }
    public BreakingView? CurrentAlert { get; private set; }
    public IReadOnlyList<BreakingAlert> RecentAlerts { get; private set; } = [];
    public int DefaultMinutes => breaking.DefaultMinutes;

    /// <summary>How long an alert may stay up, in minutes, with its Arabic name.</summary>
    public static readonly IReadOnlyList<(int Minutes, string Name)> Durations =
    [
        (15, "ربع ساعة"), (30, "نصف ساعة"), (60, "ساعة"), (120, "ساعتان"), (240, "4 ساعات"), (480, "8 ساعات"), (720,
            "12 ساعة"), (1440, "يوم"),
    ];

    public async Task<IActionResult> OnGetAsync(string? section, string? q, CancellationToken cancellationToken)
    {
        if (!IsEditor()) return Forbid();
        Query = q?.Trim();
        Alert.Minutes = DefaultMinutes;
        return await ShowAsync(section, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostPinAsync(CancellationToken cancellationToken)
    {
        if (!IsEditor()) return Forbid();
        var sectionId = await SectionIdAsync(Pin.Section, cancellationToken);
        if (sectionId is null && !string.IsNullOrEmpty(Pin.Section)) return await RefusedAsync("Pin.Section",
            "القسم غير موجود.", Pin.Section, cancellationToken);
        if (Pin.ArticleId is not { } articleId) return await RefusedAsync("Pin.ArticleId",
            "اختر المقال الذي تريد تثبيته.", Pin.Section, cancellationToken);
        if (Pin.Slot is not ("lead" or "featured")) return await RefusedAsync("Pin.Slot",
            "اختر موضع التثبيت: خبر رئيسي أو خبر مميز.", Pin.Section, cancellationToken);
        var expires = Pin.ExpiresAtLocal is { } local ? siteClock.ToUtc(local) : (DateTime?)null;
        var outcome = await slots.PinAsync(Actor.From(User)!, sectionId, Pin.Slot == "lead", articleId, expires,
            cancellationToken);
        return await AnswerAsync(outcome, Pin.Section, cancellationToken);
    }

    public async Task<IActionResult> OnPostUnpinAsync(int slotId, string? section, CancellationToken cancellationToken)
    {
        if (!IsEditor()) return Forbid();
        return await AnswerAsync(await slots.UnpinAsync(Actor.From(User)!, slotId, cancellationToken), section,
            cancellationToken);
    }

    /// <summary>Up/down buttons are plain submit buttons: ordering works without script.</summary>
    public async Task<IActionResult> OnPostMoveAsync(int slotId, string? direction, string? section,
        CancellationToken cancellationToken)
    {
        if (!IsEditor()) return Forbid();
        return await AnswerAsync(await slots.MoveAsync(Actor.From(User)!, slotId, direction == "up",
            cancellationToken), section, cancellationToken);
    }

    public async Task<IActionResult> OnPostBreakingAsync(string? section, CancellationToken cancellationToken)
    {
        if (!IsEditor()) return Forbid();
        var outcome = await breaking.PostAsync(Actor.From(User)!, Alert.Text, Alert.Link, Alert.Minutes,
            cancellationToken);
        return await AnswerAsync(outcome, section, cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveBreakingAsync(int alertId, string? section,
        CancellationToken cancellationToken)
    {
        if (!IsEditor()) return Forbid();
        return await AnswerAsync(await breaking.RemoveAsync(Actor.From(User)!, alertId, cancellationToken), section,
            cancellationToken);
    }

    public string Link(string? section) => string.IsNullOrEmpty(section) ? "/admin/front-page"
        : "/admin/front-page?section=" + Uri.EscapeDataString(section);

    private bool IsEditor() => Actor.From(User) is { IsEditor: true };

    private async Task<IActionResult> AnswerAsync(FrontPageOutcome outcome, string? section,
        CancellationToken cancellationToken)
    {
        if (outcome.Succeeded)
        {
            TempData["Flash"] = outcome.Message;
            return Redirect(Link(section));
        }
        foreach (var (field, message) in outcome.Errors)
        {
            ModelState.AddModelError(field switch
            {
                "articleId" => "Pin.ArticleId", "expiresAt" => "Pin.ExpiresAtLocal", "section" => "Pin.Section",
                "text" => "Alert.Text", "link" => "Alert.Link", "minutes" => "Alert.Minutes", _ => "",
            }, message);
        }
        return await RefusedAsync(null, null, section, cancellationToken);
    }

    /// <summary>The screen again with what was typed and the reason, answered 422: nothing was changed.</summary>
    private async Task<IActionResult> RefusedAsync(string? field, string? message, string? section,
        CancellationToken cancellationToken)
    {
        if (field is not null) ModelState.AddModelError(field, message!);
        if (!await ShowAsync(section, cancellationToken)) await ShowAsync(null, cancellationToken);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private Task<int?> SectionIdAsync(string? slug, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(slug) ? Task.FromResult<int?>(null)
            : db.Categories.Where(c => c.Slug == slug).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken);

    private async Task<bool> ShowAsync(string? section, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Sections = await db.Categories.OrderBy(c => c.SortOrder).ThenBy(c => c.Id).Select(c => new TermLink(c.Name,
            c.Slug)).ToListAsync(cancellationToken);
        int? sectionId = null;
        if (!string.IsNullOrEmpty(section))
        {
            var found = Sections.FirstOrDefault(s => s.Slug == section);
            if (found is null) return false;
            sectionId = await SectionIdAsync(section, cancellationToken);
            (Section, PageName) = (found.Slug, $"قسم «{found.Name}»");
        }
        Pin.Section = Section;

        var rows = await db.FrontPageSlots.Where(s => s.SectionId == sectionId).OrderBy(s => s.Position)
            .Join(db.Articles, s => s.ArticleId, a => a.Id, (s, a) => new { Slot = s, a.Headline, a.Slug, a.Status,
                a.PublishAt })
            .ToListAsync(cancellationToken);
        var view = rows.Select(r => new SlotRow(r.Slot.Id, r.Slot.IsLead, r.Slot.Position, r.Slot.ArticleId,
            r.Headline, ArticleUrls.Path(r.Slot.ArticleId, r.Slug),
            Article.IsLive(r.Status, r.PublishAt, now), r.Slot.ExpiresAt, r.Slot.ExpiresAt <= now)).ToList();
        Lead = view.FirstOrDefault(r => r.IsLead);
        Featured = view.Where(r => !r.IsLead).ToList();

        var live = db.Articles.Where(PublicArticles.LiveAt(now));
        if (section is { Length: > 0 }) live = live.Where(a => a.Categories.Any(c => c.Slug == section));
        if (Query is { Length: > 0 } text) live = live.Where(a => a.Headline.Contains(text));
        Candidates = await live.OrderByDescending(a => a.PublishAt).ThenByDescending(a => a.Id).Take(40)
            .Select(a => new Candidate(a.Id, a.Headline, a.PublishAt!.Value)).ToListAsync(cancellationToken);

        CurrentAlert = await breaking.CurrentAsync(cancellationToken);
        RecentAlerts = await breaking.RecentAsync(5, cancellationToken);
        return true;
    }
}
