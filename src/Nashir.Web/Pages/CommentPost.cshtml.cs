using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Comments;

namespace Nashir.Web.Pages;

/// <summary>
/// Receives the comment form. Why the token is checked here by hand rather than by the framework:
/// the article page is output-cached and shared by every reader, so a token rendered into it would
/// belong to whoever filled the cache, not to this reader's cookie. So the cached form carries none:
/// <list type="bullet">
/// <item>with JavaScript, comments.js fetches a token (GET /comments/token, never cached, same origin
/// only by CORS default) just before it posts, and the comment is saved in one step, in place;</item>
/// <item>without JavaScript the POST arrives without a token and nothing is saved: this page answers
/// (never cached, carrying a fresh token) with the reader's comment pre-filled, asking to confirm —
/// nothing is lost, and a cross-site page cannot complete the second step;</item>
/// <item>a token that is present but does not match (forged, or from another browser) is refused with
/// 400 and the same pre-filled form.</item>
/// </list>
/// Double submits are safe on every path: the comment's content hash is unique in the database.
/// </summary>
[IgnoreAntiforgeryToken]
[RequestSizeLimit(CommentLimits.RequestBytes)]
[RequestFormLimits(ValueLengthLimit = CommentLimits.RequestBytes, KeyLengthLimit = 64, ValueCountLimit = 20)]
public sealed class CommentPostModel(
    PublicArticles articles, CommentDesk desk, CommentForm forms, CommentsScreen screen, IAntiforgery antiforgery) : PageModel
{
    [BindProperty]
    public CommentInput Input { get; set; } = new();

    public CommentsSection Section { get; private set; } = null!;
    public string Headline { get; private set; } = "";
    public string ArticlePath { get; private set; } = "";

    public IActionResult OnGet(int id) => Redirect($"/news/{id}#respond");

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        var json = Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
        if (Request.ContentLength > CommentLimits.RequestBytes) return Refuse(413, "التعليق أكبر من الحجم المسموح.", json);
        var article = (await articles.LiveArticleAsync(id, cancellationToken))?.View; // from memory, as the desk reads it
        if (article is null) return NotFound();
        (Headline, ArticlePath) = (article.Headline, ArticleUrls.Path(article.Id, article.Slug));

        // Bots fill every field; people never see this one. They get the answer a held comment gets, and nothing is stored.
        if (!string.IsNullOrEmpty(Input.Homepage))
            return json ? new JsonResult(new { status = "pending", message = "وصل تعليقك وهو بانتظار المراجعة." }) : Redirect(ArticlePath + "#comments");

        var hasToken = Request.Form.ContainsKey("__RequestVerificationToken") || Request.Headers.ContainsKey("RequestVerificationToken");
        if (!hasToken)
            return await ConfirmAsync(article, 200, "لم يُنشر تعليقك بعد: للتأكد من أنك أرسلته بنفسك، راجعه ثم اضغط «إرسال التعليق» مرة أخرى.", json, cancellationToken);
        if (!await antiforgery.IsRequestValidAsync(HttpContext))
            return await ConfirmAsync(article, 400, "تعذّر التحقق من النموذج (رمز الحماية غير صالح أو انتهت صلاحيته)، ولم يُحفظ التعليق. راجعه ثم أعد الإرسال.", json, cancellationToken);

        switch (forms.Check(Input.Stamp))
        {
            case StampCheck.TooSoon:
                return await ConfirmAsync(article, 429, "أُرسل التعليق أسرع مما يكتب إنسان. انتظر ثوانيَ ثم أعد الإرسال.", json, cancellationToken, keepStamp: true);
            case StampCheck.Missing or StampCheck.Expired:
                Input.Stamp = forms.Stamp();
                return await ConfirmAsync(article, 400, "انتهت صلاحية النموذج؛ لم يُحفظ التعليق. راجعه ثم أعد الإرسال.", json, cancellationToken, keepStamp: true);
        }

        var outcome = await desk.SubmitAsync(id, Input.ToSubmission(), new CommentSource(HttpContext.Connection.RemoteIpAddress?.ToString()), cancellationToken);
        switch (outcome)
        {
            case CommentOutcome.Accepted { Comment: var comment }:
                return Saved(comment, repeated: false, json);
            case CommentOutcome.Duplicate { Comment: var comment }:
                return Saved(comment, repeated: true, json);
            case CommentOutcome.Invalid invalid:
                return await ConfirmAsync(article, 422, "لم يُحفظ التعليق: صحّح الحقول المشار إليها.", json, cancellationToken, errors: invalid.Errors);
            case CommentOutcome.Closed:
                return json ? Refuse(403, "التعليقات مغلقة على هذا المقال.", json)
                    : await ConfirmAsync(article, 403, "التعليقات مغلقة على هذا المقال.", json, cancellationToken);
            case CommentOutcome.RateLimited limited:
                return await ConfirmAsync(article, 429, limited.Message, json, cancellationToken);
            default:
                return NotFound();
        }
    }

    private IActionResult Saved(Comment comment, bool repeated, bool json)
    {
        if (comment.Status == CommentStatus.Pending) forms.AddPending(HttpContext, comment.Id);
        if (CleanComment.Validate(Input.ToSubmission(), out _) is { } clean) forms.Remember(HttpContext, clean, Input.Remember);
        var message = (repeated, comment.Status) switch
        {
            (true, _) => "وصلنا هذا التعليق منك من قبل، وحُفظ مرة واحدة.",
            (_, CommentStatus.Approved) => "نُشر تعليقك. شكرًا لمشاركتك.",
            (_, CommentStatus.Spam) => "وصل تعليقك وهو بانتظار المراجعة.",
            _ => "وصل تعليقك وهو بانتظار المراجعة.",
        };
        // Spam is reported as held: telling a spammer which rule caught them helps them dodge it.
        var status = comment.Status == CommentStatus.Approved ? "approved" : "pending";
        if (json)
            return new JsonResult(new { id = comment.Id, status, message, authorName = comment.AuthorName, text = comment.Text, anchor = $"comment-{comment.Id}" })
            { StatusCode = repeated ? 200 : 201 };
        // Post/redirect/get: reloading the article cannot resend the form.
        return new RedirectResult($"{ArticlePath}#comment-{comment.Id}") { PreserveMethod = false };
    }

    private async Task<IActionResult> ConfirmAsync(ArticleView article, int status, string message, bool json, CancellationToken cancellationToken,
        bool keepStamp = true, Dictionary<string, string[]>? errors = null)
    {
        if (json)
        {
            var problem = new ProblemDetails { Status = status, Title = "لم يُحفظ التعليق", Detail = message };
            if (errors is not null) problem.Extensions["errors"] = errors;
            return new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
        }
        if (!keepStamp) Input.Stamp = forms.Stamp();
        Section = await screen.LoadAsync(HttpContext, article, 1, null, Input, cancellationToken) with
        {
            AntiforgeryToken = antiforgery.GetAndStoreTokens(HttpContext).RequestToken,
            Errors = errors ?? [],
            Message = message,
            ShowList = false,
        };
        Response.StatusCode = Section.Open ? status : StatusCodes.Status403Forbidden;
        return Page();
    }

    private IActionResult Refuse(int status, string message, bool json) => json
        ? new ObjectResult(new ProblemDetails { Status = status, Title = "لم يُحفظ التعليق", Detail = message }) { StatusCode = status, ContentTypes = { "application/problem+json" } }
        : StatusCode(status);
}
