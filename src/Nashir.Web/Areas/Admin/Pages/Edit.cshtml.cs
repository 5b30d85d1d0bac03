using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Web.Areas.Admin.Pages.Social;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Areas.Admin.Pages;

/// <summary>Write, schedule, publish or trash one article. On any refusal the editor's text stays in the form.</summary>
public sealed class EditModel(NashirDb db, ArticleEditor editor, SiteClock siteClock, TimeProvider clock, IOptions<NashirOptions> site) : PageModel
{
    [BindProperty]
    public ArticleForm Input { get; set; } = new();

    [BindProperty]
    public SocialEditorForm Social { get; set; } = new();

    public int? ArticleId { get; private set; }
    public ArticleStatus Status { get; private set; } = ArticleStatus.Draft;
    public bool IsLive { get; private set; }
    public string? PublicPath { get; private set; }
    public IReadOnlyList<TermLink> AllCategories { get; private set; } = [];
    public Actor Actor { get; private set; } = null!;
    public int? ConflictVersion { get; private set; }

    public sealed class ArticleForm
    {
        public string? Headline { get; set; }
        public string? Kicker { get; set; }
        public string? Subtitle { get; set; }
        public string? Body { get; set; }
        public string? Excerpt { get; set; }
        public string? Slug { get; set; }
        public string? FeaturedImageUrl { get; set; }
        public string? FeaturedImageCaption { get; set; }
        public string? FeaturedImageAlt { get; set; }
        public List<string> Categories { get; set; } = [];
        public string? NewCategories { get; set; }
        public string? Tags { get; set; }
        public DateTime? PublishAtLocal { get; set; }
        public bool CommentsClosed { get; set; }

        /// <summary>A developing story: the «مباشر» label on cards and on the page.</summary>
        public bool Developing { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken cancellationToken)
    {
        Actor = Actor.From(User)!;
        Article? article = null;
        if (id is not null)
        {
            article = await LoadAsync(id.Value, cancellationToken);
            if (article is null) return NotFound();
            if (!ArticlePermissions.CanEdit(Actor, article)) return Forbid();
            Input = new ArticleForm
            {
                Headline = article.Headline, Kicker = article.Kicker, Subtitle = article.Subtitle, Body = article.Body,
                Excerpt = article.ExcerptIsCustom ? article.Excerpt : null, Slug = article.Slug,
                FeaturedImageUrl = article.FeaturedImageUrl, FeaturedImageCaption = article.FeaturedImageCaption, FeaturedImageAlt = article.FeaturedImageAlt,
                Categories = article.Categories.Select(c => c.Slug).ToList(),
                Tags = string.Join("، ", article.Tags.Select(t => t.Name)),
                PublishAtLocal = article.PublishAt is { } at ? siteClock.ToLocal(at) : null,
                CommentsClosed = article.CommentsClosed,
                Developing = article.IsDeveloping,
                Version = article.Version,
            };
            Describe(article);
        }
        await LoadCategoriesAsync(article, keepInput: false, cancellationToken);
        return Page();
    }

    /// <summary>The submit button says what to do: save, submit (for review), publish, schedule, unpublish, trash.</summary>
    public async Task<IActionResult> OnPostAsync(int? id, string? intent, CancellationToken cancellationToken)
    {
        Actor = Actor.From(User)!;
        ArticleStatus? status = intent switch
        {
            "submit" => ArticleStatus.PendingReview,
            "publish" => ArticleStatus.Published,
            "schedule" => ArticleStatus.Scheduled,
            "unpublish" => ArticleStatus.Draft,
            "trash" => ArticleStatus.Trashed,
            _ => null,
        };
        if (intent == "schedule" && Input.PublishAtLocal is null)
            ModelState.AddModelError("Input.PublishAtLocal", "حدّد تاريخ النشر ووقته للجدولة.");
        foreach (var (field, error) in Social.Errors()) ModelState.AddModelError(field, error);

        var categories = Input.Categories.Concat(Split(Input.NewCategories)).ToList();
        var changes = new ArticleChanges
        {
            Headline = Input.Headline ?? "", Kicker = Input.Kicker ?? "", Subtitle = Input.Subtitle ?? "", Body = Input.Body ?? "",
            Excerpt = Input.Excerpt ?? "", Slug = Input.Slug,
            FeaturedImageUrl = Input.FeaturedImageUrl ?? "", FeaturedImageCaption = Input.FeaturedImageCaption ?? "", FeaturedImageAlt = Input.FeaturedImageAlt ?? "",
            Categories = categories, Tags = Split(Input.Tags),
            Status = status,
            PublishAt = intent == "schedule" && Input.PublishAtLocal is { } local ? siteClock.ToUtc(local) : null,
            CommentsClosed = Input.CommentsClosed,
            Developing = Input.Developing,
            ExpectedVersion = id is null ? null : Input.Version,
            SocialAccountIds = Social.ChosenAccounts(),
            SocialTexts = Social.ChosenTexts(),
        };

        SaveOutcome outcome = ModelState.IsValid
            ? id is null ? await editor.CreateAsync(Actor, changes, cancellationToken) : await editor.UpdateAsync(Actor, id.Value, changes, cancellationToken)
            : new SaveOutcome.Invalid(new Dictionary<string, string[]>());
        switch (outcome)
        {
            case SaveOutcome.Saved saved:
                TempData["Flash"] = intent switch
                {
                    "publish" => "نُشر المقال.",
                    "schedule" => "جُدول المقال للنشر.",
                    "submit" => "أُرسل المقال للمراجعة.",
                    "trash" => "نُقل المقال إلى المهملات.",
                    "unpublish" => "أُلغي نشر المقال وعاد مسودة.",
                    _ => "حُفظت التعديلات.",
                };
                return Redirect($"/admin/articles/{saved.Article.Id}");
            case SaveOutcome.NotFound:
                return NotFound();
            case SaveOutcome.Invalid invalid:
                foreach (var (field, messages) in invalid.Errors)
                    foreach (var message in messages) ModelState.AddModelError("Input." + char.ToUpperInvariant(field[0]) + field[1..], message);
                break;
            case SaveOutcome.Forbidden forbidden:
                ModelState.AddModelError("", forbidden.Reason);
                break;
            case SaveOutcome.Conflict conflict:
                ConflictVersion = conflict.CurrentVersion;
                ModelState.AddModelError("", ArticleEditor.ConflictMessage + (conflict.SavedBy is { Length: > 0 } by ? $" (آخر حفظ: {by})" : ""));
                break;
        }

        // Refused: show the form again with exactly what the editor typed.
        var current = id is null ? null : await LoadAsync(id.Value, cancellationToken);
        if (current is not null) Describe(current);
        await LoadCategoriesAsync(current, keepInput: true, cancellationToken);
        Response.StatusCode = outcome switch
        {
            SaveOutcome.Conflict => StatusCodes.Status409Conflict,
            SaveOutcome.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        return Page();
    }

    private void Describe(Article article)
    {
        ArticleId = article.Id;
        Status = article.Status;
        IsLive = article.IsLiveAt(clock.GetUtcNow().UtcDateTime);
        PublicPath = ArticleUrls.Path(article.Id, article.Slug);
    }

    private Task<Article?> LoadAsync(int id, CancellationToken cancellationToken) =>
        db.Articles.Include(a => a.Authors).Include(a => a.Categories).Include(a => a.Tags)
            .AsSplitQuery().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);

    private async Task LoadCategoriesAsync(Article? article, bool keepInput, CancellationToken cancellationToken)
    {
        AllCategories = await db.Categories.OrderBy(c => c.SortOrder).ThenBy(c => c.Id).Select(c => new TermLink(c.Name, c.Slug)).ToListAsync(cancellationToken);
        await Social.LoadAsync(db, article, site.Value.Site.Url, Input.Headline ?? "", keepInput, cancellationToken);
    }

    /// <summary>Lists typed by people: Arabic comma, Latin comma or new lines.</summary>
    private static string[] Split(string? list) =>
        (list ?? "").Split([',', '،', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
