using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Features.Comments;

public sealed record CommentRequest(string? Name, string? Email, string? Website, string? Text, int? ParentId);

/// <summary>Public: what any reader may fetch — no email, no IP (CommentView has neither).</summary>
public sealed record CommentResponse(int Id, int? ParentId, string AuthorName, string? AuthorWebsite, string Text, DateTime CreatedAt, string Url);

public sealed record CommentCreated(int Id, string Status, string Url);

/// <summary>For moderators (token): with the personal data the editors' area also shows.</summary>
public sealed record ModeratedComment(int Id, int ArticleId, int? ParentId, string AuthorName, string AuthorEmail, string? AuthorWebsite, string? AuthorIp,
    string Text, string Status, DateTime CreatedAt);

public sealed record StatusRequest(string? Status);

public static class CommentsApi
{
    public static IEndpointRouteBuilder MapCommentsApi(this IEndpointRouteBuilder app)
    {
        // The comment form's token, fetched by comments.js just before it posts (the cached article page carries none;
        // see CommentPostModel). Antiforgery marks the answer no-cache; other origins cannot read it (no CORS).
        app.MapGet("/comments/token", (HttpContext http, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
            TypedResults.Ok(new { token = antiforgery.GetAndStoreTokens(http).RequestToken })).ExcludeFromDescription();

        var api = app.MapGroup("/api/v1").WithTags("Comments");
        api.MapGet("/articles/{id:int}/comments", ListApproved).WithName("ListArticleComments");
        api.MapPost("/articles/{id:int}/comments", PostComment).WithName("PostComment").DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(CommentLimits.RequestBytes))
            .Accepts<CommentRequest>("application/json").Produces<CommentCreated>(201)
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413).ProducesProblem(429);

        var moderation = api.MapGroup("/comments").RequireAuthorization(AccountsSetup.ApiWriterPolicy).DisableAntiforgery();
        moderation.MapGet("", ListForModeration).WithName("ListCommentsForModeration");
        moderation.MapPost("/{id:int}/status", SetStatus).WithName("ModerateComment").Accepts<StatusRequest>("application/json")
            .ProducesValidationProblem().ProducesProblem(404);
        return app;
    }

    private static async Task<Results<Ok<ResultPage<CommentResponse>>, ProblemHttpResult>> ListApproved(
        int id, PublicArticles articles, CommentThreads threads, IOptions<NashirOptions> options, CancellationToken cancellationToken, int page = 1)
    {
        var article = (await articles.LiveArticleAsync(id, cancellationToken))?.View;
        if (article is null) return TypedResults.Problem(statusCode: 404, title: "المقال غير موجود", detail: $"لا يوجد مقال منشور بالرقم {id}.");
        var comments = await threads.PageAsync(id, page, cancellationToken);
        var url = options.Value.Site.Url.TrimEnd('/') + ArticleUrls.Path(article.Id, article.Slug);
        return TypedResults.Ok(new ResultPage<CommentResponse>(
            comments.Comments.Select(c => new CommentResponse(c.Id, c.ParentId, c.AuthorName, c.AuthorWebsite, c.Text, c.CreatedAt, $"{url}#comment-{c.Id}")).ToList(),
            comments.Page, comments.Comments.Count, comments.Total));
    }

    private static async Task<IResult> PostComment(int id, HttpRequest request, CommentDesk desk, IOptions<NashirOptions> options)
    {
        if (request.ContentLength > CommentLimits.RequestBytes || !await BufferWithinLimitAsync(request))
            return TypedResults.Problem(statusCode: 413, title: "الطلب أكبر من المسموح", detail: $"الحد الأقصى لطلب التعليق {CommentLimits.RequestBytes / 1024} كيلوبايت.");
        var (body, problem) = await ApiJson.ReadAsync<CommentRequest>(request);
        if (problem is not null) return problem;
        var outcome = await desk.SubmitAsync(id, new CommentSubmission(body!.Name, body.Email, body.Website, body.Text, body.ParentId),
            new CommentSource(request.HttpContext.Connection.RemoteIpAddress?.ToString()), request.HttpContext.RequestAborted);
        var site = options.Value.Site.Url.TrimEnd('/');
        return outcome switch
        {
            CommentOutcome.Accepted a => TypedResults.Created($"{site}/api/v1/articles/{id}/comments#comment-{a.Comment.Id}",
                new CommentCreated(a.Comment.Id, ApiName(a.Comment.Status), $"{site}/news/{id}#comment-{a.Comment.Id}")),
            CommentOutcome.Duplicate => TypedResults.Problem(statusCode: 409, title: "تعليق مكرر", detail: "يبدو أنك أرسلت هذا التعليق من قبل؛ حُفظ مرة واحدة."),
            CommentOutcome.Invalid i => TypedResults.ValidationProblem(i.Errors, title: "الطلب غير صالح"),
            CommentOutcome.Closed => TypedResults.Problem(statusCode: 403, title: "التعليقات مغلقة", detail: "أُغلق باب التعليق على هذا المقال."),
            CommentOutcome.RateLimited r => TypedResults.Problem(statusCode: 429, title: "طلبات كثيرة", detail: r.Message),
            _ => TypedResults.Problem(statusCode: 404, title: "المقال غير موجود", detail: $"لا يوجد مقال منشور بالرقم {id}."),
        };
    }

    private static async Task<Ok<ResultPage<ModeratedComment>>> ListForModeration(
        HttpContext http, NashirDb db, CancellationToken cancellationToken, string? status = null, int? articleId = null, int page = 1)
    {
        var actor = Actor.From(http.User)!;
        var comments = ModeratedComments.Visible(db, actor);
        if (Enum.TryParse<CommentStatus>(status, ignoreCase: true, out var wanted)) comments = comments.Where(c => c.Status == wanted);
        if (articleId is { } article) comments = comments.Where(c => c.ArticleId == article);
        page = Math.Max(1, page);
        var total = await comments.CountAsync(cancellationToken);
        var items = await comments.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Skip((page - 1) * 50).Take(50)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ResultPage<ModeratedComment>(items.Select(c => new ModeratedComment(c.Id, c.ArticleId, c.ParentId, c.AuthorName, c.AuthorEmail,
            c.AuthorWebsite, c.AuthorIp, c.Text, ApiName(c.Status), c.CreatedAt)).ToList(), page, 50, total));
    }

    private static async Task<IResult> SetStatus(int id, HttpRequest request, CommentDesk desk)
    {
        var (body, problem) = await ApiJson.ReadAsync<StatusRequest>(request);
        if (problem is not null) return problem;
        if (!Enum.TryParse<CommentStatus>(body!.Status, ignoreCase: true, out var status) || !Enum.IsDefined(status) || int.TryParse(body.Status, out _))
            return ApiJson.Problem("status", "الحالة واحدة من: pending، approved، spam، trash.");
        var actor = Actor.From(request.HttpContext.User)!;
        await desk.ModerateAsync(actor, [id], status, request.HttpContext.RequestAborted);
        var db = request.HttpContext.RequestServices.GetRequiredService<NashirDb>();
        var stored = await ModeratedComments.Visible(db, actor).Where(c => c.Id == id).Select(c => c.Status).Cast<CommentStatus?>()
            .FirstOrDefaultAsync(request.HttpContext.RequestAborted);
        if (stored is null) return TypedResults.Problem(statusCode: 404, title: "التعليق غير موجود", detail: $"لا يوجد تعليق بالرقم {id} تملك مراجعته.");
        return TypedResults.Ok(new { id, status = ApiName(stored.Value) });
    }

    /// <summary>
    /// Reads a body without Content-Length (chunked) into memory, stopping one byte past the limit: the
    /// server's own limit (RequestSizeLimit metadata) is not enforced by every host, so the endpoint checks too.
    /// </summary>
    private static async Task<bool> BufferWithinLimitAsync(HttpRequest request)
    {
        if (request.ContentLength is not null) return true;
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > CommentLimits.RequestBytes) return false;
        }
        buffer.Position = 0;
        request.Body = buffer;
        request.HttpContext.Response.RegisterForDisposeAsync(buffer);
        return true;
    }

    public static string ApiName(CommentStatus status) => status.ToString().ToLowerInvariant();
}

/// <summary>The comments a staff member may moderate: all for editors, those on their own articles for authors.</summary>
public static class ModeratedComments
{
    public static IQueryable<Comment> Visible(NashirDb db, Actor actor)
    {
        if (actor.IsEditor) return db.Comments;
        if (!CommentRules.CanModerateAny(actor)) return db.Comments.Where(_ => false);
        return db.Comments.Where(c => db.Set<ArticleAuthor>().Any(a => a.ArticleId == c.ArticleId && a.UserId == actor.UserId));
    }
}
