using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Comments;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Areas.Admin.Pages.Comments;

/// <summary>One comment: correct it, or reply as the site (published at once, under the moderator's name).</summary>
[Authorize(Roles = PageRoles.Publishers)]
public sealed class EditCommentModel(NashirDb db, CommentDesk desk) : PageModel
{
    public sealed class EditInput
    {
        public string? Name { get; set; }
        public string? Email { get; set; }
        public string? Website { get; set; }
        public string? Text { get; set; }
    }

    [BindProperty]
    public EditInput Input { get; set; } = new();

    [BindProperty]
    public string? Reply { get; set; }

    public Comment Comment { get; private set; } = null!;
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        Input = new EditInput { Name = Comment.AuthorName, Email = Comment.AuthorEmail, Website = Comment.AuthorWebsite, Text = Comment.Text };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(id, cancellationToken) is { } refused) return refused;
        var outcome = await desk.EditAsync(Actor.From(User)!, id, new CommentSubmission(Input.Name, Input.Email, Input.Website, Input.Text, null), cancellationToken);
        return await AnswerAsync(id, outcome, "حُفظ التعليق.", cancellationToken);
    }

    public async Task<IActionResult> OnPostReplyAsync(int id, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(id, cancellationToken) is { } refused) return refused;
        var outcome = await desk.ReplyAsSiteAsync(Actor.From(User)!, id, Reply ?? "", cancellationToken);
        return await AnswerAsync(id, outcome, "نُشر ردّك باسم الموقع.", cancellationToken);
    }

    private async Task<IActionResult> AnswerAsync(int id, CommentOutcome outcome, string done, CancellationToken cancellationToken)
    {
        switch (outcome)
        {
            case CommentOutcome.Accepted or CommentOutcome.Duplicate:
                TempData["Flash"] = done;
                return LocalRedirect($"/admin/comments/{id}");
            case CommentOutcome.Invalid invalid:
                if (!await LoadAsync(id, cancellationToken)) return NotFound();
                Errors = invalid.Errors;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            default:
                return NotFound();
        }
    }

    /// <summary>Null when the signed-in moderator may touch this comment (authors: on their own articles).</summary>
    private async Task<IActionResult?> RefusalAsync(int id, CancellationToken cancellationToken)
    {
        if (!await db.Comments.AnyAsync(c => c.Id == id, cancellationToken)) return NotFound();
        var visible = ModeratedComments.Visible(db, Actor.From(User)!);
        return await visible.AnyAsync(c => c.Id == id, cancellationToken) ? null : Forbid();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var comment = await ModeratedComments.Visible(db, Actor.From(User)!).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (comment is null) return false;
        Comment = comment;
        return true;
    }

    public string? Error(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
