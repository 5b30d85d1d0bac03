using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Areas.Admin.Pages;

/// <summary>Every saved state of an article; restoring one is a new save (so it can be undone too).</summary>
public sealed class RevisionsModel(NashirDb db, ArticleEditor editor) : PageModel
{
    public int ArticleId { get; private set; }
    public string Headline { get; private set; } = "";
    public int CurrentVersion { get; private set; }
    public bool CanRestore { get; private set; }
    public IReadOnlyList<ArticleRevision> Revisions { get; private set; } = [];
    public ArticleRevision? Selected { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int? number, CancellationToken cancellationToken)
    {
        var article = await db.Articles.Include(a => a.Authors).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (article is null) return NotFound();
        var actor = Actor.From(User)!;
        if (!ArticlePermissions.CanEdit(actor, article) && !actor.IsEditor) return Forbid();
        (ArticleId, Headline, CurrentVersion, CanRestore) = (id, article.Headline, article.Version, ArticlePermissions.CanEdit(actor, article));
        Revisions = await db.ArticleRevisions.Where(r => r.ArticleId == id).OrderByDescending(r => r.Number).ToListAsync(cancellationToken);
        Selected = number is null ? Revisions.Count > 0 ? Revisions[0] : null : Revisions.FirstOrDefault(r => r.Number == number);
        return number is not null && Selected is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, int number, int version, CancellationToken cancellationToken)
    {
        switch (await editor.RestoreRevisionAsync(Actor.From(User)!, id, number, version, cancellationToken))
        {
            case SaveOutcome.Saved:
                TempData["Flash"] = $"استُعيدت المراجعة رقم {number}.";
                return Redirect($"/admin/articles/{id}");
            case SaveOutcome.Conflict:
                TempData["Flash"] = ArticleEditor.ConflictMessage;
                return Redirect($"/admin/articles/{id}/revisions?number={number}");
            case SaveOutcome.Forbidden:
                return Forbid();
            case SaveOutcome.Invalid invalid:
                TempData["Flash"] = "تعذّرت الاستعادة: " + string.Join(" ", invalid.Errors.SelectMany(e => e.Value));
                return Redirect($"/admin/articles/{id}/revisions?number={number}");
            default:
                return NotFound();
        }
    }
}
