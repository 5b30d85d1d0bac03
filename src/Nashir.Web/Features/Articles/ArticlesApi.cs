using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Social;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Features.Articles;

public sealed record ArticleRequest
{
    public string? Headline { get; init; }
    public string? Kicker { get; init; }
    public string? Subtitle { get; init; }
    public string? Body { get; init; }
    public string? Excerpt { get; init; }
    public string? Slug { get; init; }

    /// <summary>draft | pending | scheduled | published | trashed</summary>
    public string? Status { get; init; }
    public DateTimeOffset? PublishAt { get; init; }
    public string[]? Categories { get; init; }
    public string[]? Tags { get; init; }

    /// <summary>User ids of the byline, in order (editors only).</summary>
    public int[]? Authors { get; init; }
    public FeaturedImage? FeaturedImage { get; init; }

    /// <summary>true: readers may no longer comment (published comments stay).</summary>
    public bool? CommentsClosed { get; init; }

    /// <summary>The version this edit is based on (or send If-Match); a newer stored version answers 409.</summary>
    public int? Version { get; init; }

    /// <summary>Social accounts to post to on first publish (default: the accounts' own rules) and custom text per network.</summary>
    public SocialChoice? Social { get; init; }
}

public sealed record FeaturedImage(string? Url, string? Caption, string? Alt);

public sealed record SocialChoice(int[]? Accounts, Dictionary<string, string>? Texts);

public sealed record ArticleResponse(
    int Id, string Url, string Headline, string? Kicker, string? Subtitle, string Slug, string Excerpt, string Body,
    ApiStatus Status,
    DateTime? PublishAt, DateTime UpdatedAt, int Version, long ReadCount,
    FeaturedImage? FeaturedImage, IReadOnlyList<AuthorResponse> Authors, IReadOnlyList<TermResponse> Categories, IReadOnlyList<TermResponse> Tags,
    int CommentCount, bool CommentsClosed);

public sealed record ArticleSummary(int Id, string Url, string Headline, string? Kicker, string Excerpt, DateTime PublishedAt, string? ImageUrl, TermResponse? Category, int CommentCount);

public sealed record AuthorResponse(int Id, string Name, string Slug, string Url);

public sealed record TermResponse(string Name, string Slug, string Url);

public sealed record ResultPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>API spelling of ArticleStatus: "pending" is what WordPress clients call pending review.</summary>
public enum ApiStatus { Draft, Pending, Scheduled, Published, Trashed }

/// <summary>JSON API v1 for articles. Reads are public (live articles only); writes need a bearer token.</summary>
public static class ArticlesApi
{
    public static IEndpointRouteBuilder MapArticlesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Articles");
        api.MapGet("/articles", ListArticles).WithName("ListArticles");
        api.MapGet("/articles/{id:int}", GetArticle).WithName("GetArticle");
        api.MapGet("/categories", ListCategories).WithName("ListCategories");
        api.MapGet("/tags", ListTags).WithName("ListTags");
        api.MapGet("/authors", ListAuthors).WithName("ListAuthors");

        var write = api.MapGroup("/articles").RequireAuthorization(AccountsSetup.ApiWriterPolicy).DisableAntiforgery()
            .ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        write.MapPost("", CreateArticle).WithName("CreateArticle").Accepts<ArticleRequest>("application/json").Produces<ArticleResponse>(201);
        write.MapPut("/{id:int}", (int id, HttpRequest request, ArticleEditor editor, PublicArticles articles, IOptions<NashirOptions> options) =>
            UpdateArticle(id, request, editor, articles, options, replace: true)).WithName("ReplaceArticle").Produces<ArticleResponse>().Accepts<ArticleRequest>("application/json");
        write.MapPatch("/{id:int}", (int id, HttpRequest request, ArticleEditor editor, PublicArticles articles, IOptions<NashirOptions> options) =>
            UpdateArticle(id, request, editor, articles, options, replace: false)).WithName("UpdateArticle").Produces<ArticleResponse>().Accepts<ArticleRequest>("application/json");
        write.MapPost("/{id:int}/publish", (int id, HttpContext http, ArticleEditor editor, PublicArticles articles, IOptions<NashirOptions> options) =>
            ChangeStatus(id, http, new ArticleChanges { Status = ArticleStatus.Published }, editor, articles, options)).WithName("PublishArticle").Produces<ArticleResponse>();
        write.MapPost("/{id:int}/schedule", ScheduleArticle).WithName("ScheduleArticle").Produces<ArticleResponse>().Accepts<ScheduleRequest>("application/json");
        write.MapDelete("/{id:int}", (int id, HttpContext http, ArticleEditor editor, PublicArticles articles, IOptions<NashirOptions> options) =>
            ChangeStatus(id, http, new ArticleChanges { Status = ArticleStatus.Trashed }, editor, articles, options)).WithName("TrashArticle").Produces<ArticleResponse>();
        return app;
    }

    public sealed record ScheduleRequest(DateTimeOffset? PublishAt);

    private static async Task<Results<Ok<ResultPage<ArticleSummary>>, ValidationProblem>> ListArticles(
        PublicArticles articles, IOptions<NashirOptions> options, CancellationToken cancellationToken,
        int page = 1, int pageSize = 20, string? category = null, string? tag = null, string? author = null)
    {
        if (page < 1) return ApiJson.Problem("page", "رقم الصفحة يبدأ من 1.");
        if (pageSize is < 1 or > 100) return ApiJson.Problem("pageSize", "حجم الصفحة بين 1 و100.");
        var result = await articles.ListAsync(new ArticleFilter(category, tag, author), page, pageSize, cancellationToken);
        var site = options.Value.Site.Url.TrimEnd('/');
        return TypedResults.Ok(new ResultPage<ArticleSummary>(
            result.Items.Select(c => new ArticleSummary(c.Id, site + ArticleUrls.Path(c.Id, c.Slug), c.Headline, c.Kicker, c.Excerpt, c.PublishedAt, c.ImageUrl,
                c.Category is { } term ? new TermResponse(term.Name, term.Slug, site + ArticleUrls.Category(term.Slug)) : null, c.CommentCount)).ToList(),
            result.Page, result.PageSize, result.Total));
    }

    private static async Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> GetArticle(
        int id, HttpContext http, PublicArticles articles, IOptions<NashirOptions> options, NashirDb db, CancellationToken cancellationToken)
    {
        var article = await articles.FindAsync(id, includeUnpublished: false, cancellationToken);
        if (article is null && await ApiActorAsync(http) is { } actor)
        {
            // Token holders also see the drafts they may edit.
            var stored = await db.Articles.Include(a => a.Authors).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
            if (stored is not null && ArticlePermissions.CanEdit(actor, stored))
                article = await articles.FindAsync(id, includeUnpublished: true, cancellationToken);
        }
        if (article is null) return NotFoundProblem(id);
        http.Response.Headers.ETag = $"\"{article.Version}\"";
        return TypedResults.Ok(ToResponse(article, options.Value));
    }

    private static async Task<IResult> CreateArticle(
        HttpRequest request, ArticleEditor editor, PublicArticles articles, IOptions<NashirOptions> options)
    {
        var (body, problem) = await ApiJson.ReadAsync<ArticleRequest>(request);
        if (problem is not null) return problem;
        if (!TryMap(body!, replace: true, out var changes, out problem)) return problem!;
        var actor = Actor.From(request.HttpContext.User)!;
        var outcome = await editor.CreateAsync(actor, changes!, request.HttpContext.RequestAborted);
        if (outcome is not SaveOutcome.Saved saved) return Failure(outcome, 0);
        var response = await LoadAsync(saved.Article, articles, options.Value, request.HttpContext.RequestAborted);
        return TypedResults.Created(response.Url, response);
    }

    private static async Task<IResult> UpdateArticle(
        int id, HttpRequest request, ArticleEditor editor, PublicArticles articles, IOptions<NashirOptions> options, bool replace)
    {
        var (body, problem) = await ApiJson.ReadAsync<ArticleRequest>(request);
        if (problem is not null) return problem;
        if (!TryMap(body!, replace, out var changes, out problem)) return problem!;
        if (changes!.ExpectedVersion is null && IfMatchVersion(request) is { } version) changes = changes with { ExpectedVersion = version };
        return await SaveAsync(id, request.HttpContext, changes, editor, articles, options);
    }

    private static async Task<IResult> ScheduleArticle(
        int id, HttpRequest request, ArticleEditor editor, PublicArticles articles, IOptions<NashirOptions> options)
    {
        var (body, problem) = await ApiJson.ReadAsync<ScheduleRequest>(request);
        if (problem is not null) return problem;
        if (body!.PublishAt is null) return ApiJson.Problem("publishAt", "حدّد وقت النشر المجدول (ISO 8601).");
        return await ChangeStatus(id, request.HttpContext, new ArticleChanges { Status = ArticleStatus.Scheduled, PublishAt = body.PublishAt.Value.UtcDateTime }, editor, articles, options);
    }

    private static Task<IResult> ChangeStatus(
        int id, HttpContext http, ArticleChanges changes, ArticleEditor editor, PublicArticles articles, IOptions<NashirOptions> options) =>
        SaveAsync(id, http, changes with { ExpectedVersion = IfMatchVersion(http.Request) }, editor, articles, options);

    private static async Task<IResult> SaveAsync(
        int id, HttpContext http, ArticleChanges changes, ArticleEditor editor, PublicArticles articles, IOptions<NashirOptions> options)
    {
        var outcome = await editor.UpdateAsync(Actor.From(http.User)!, id, changes, http.RequestAborted);
        if (outcome is not SaveOutcome.Saved saved) return Failure(outcome, id);
        return TypedResults.Ok(await LoadAsync(saved.Article, articles, options.Value, http.RequestAborted));
    }

    private static async Task<Ok<TermResponse[]>> ListCategories(NashirDb db, IOptions<NashirOptions> options, CancellationToken cancellationToken)
    {
        var site = options.Value.Site.Url.TrimEnd('/');
        var categories = await db.Categories.OrderBy(c => c.SortOrder).ThenBy(c => c.Id).Select(c => new { c.Name, c.Slug }).ToListAsync(cancellationToken);
        return TypedResults.Ok(categories.Select(c => new TermResponse(c.Name, c.Slug, site + ArticleUrls.Category(c.Slug))).ToArray());
    }

    private static async Task<Ok<TermResponse[]>> ListTags(NashirDb db, IOptions<NashirOptions> options, CancellationToken cancellationToken)
    {
        var site = options.Value.Site.Url.TrimEnd('/');
        var tags = await db.Tags.OrderBy(t => t.Name).Select(t => new { t.Name, t.Slug }).ToListAsync(cancellationToken);
        return TypedResults.Ok(tags.Select(t => new TermResponse(t.Name, t.Slug, site + ArticleUrls.Tag(t.Slug))).ToArray());
    }

    /// <summary>People with a byline on a live article; e-mail addresses are never part of it.</summary>
    private static async Task<Ok<AuthorResponse[]>> ListAuthors(NashirDb db, TimeProvider clock, IOptions<NashirOptions> options, CancellationToken cancellationToken)
    {
        var site = options.Value.Site.Url.TrimEnd('/');
        var live = PublicArticles.LiveAt(clock.GetUtcNow().UtcDateTime);
        var liveIds = db.Articles.Where(live).Select(a => a.Id);
        var authors = await db.Users.Where(u => db.Set<ArticleAuthor>().Any(x => x.UserId == u.Id && liveIds.Contains(x.ArticleId)))
            .OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName, u.Slug }).ToListAsync(cancellationToken);
        return TypedResults.Ok(authors.Select(a => new AuthorResponse(a.Id, a.DisplayName, a.Slug, site + ArticleUrls.Author(a.Slug))).ToArray());
    }

    private static bool TryMap(ArticleRequest body, bool replace, out ArticleChanges? changes, out ValidationProblem? problem)
    {
        changes = null;
        problem = null;
        ArticleStatus? status = null;
        if (body.Status is { } text)
        {
            if (ParseStatus(text) is not { } parsed)
            {
                problem = ApiJson.Problem("status", "الحالة إحدى: draft, pending, scheduled, published, trashed.");
                return false;
            }
            status = parsed;
        }
        // PUT replaces the article: optional fields left out are cleared. PATCH leaves them alone.
        var empty = replace ? "" : null;
        changes = new ArticleChanges
        {
            Headline = body.Headline ?? empty,
            Kicker = body.Kicker ?? empty,
            Subtitle = body.Subtitle ?? empty,
            Body = body.Body ?? empty,
            Excerpt = body.Excerpt ?? empty,
            Slug = body.Slug,
            Status = status,
            PublishAt = body.PublishAt?.UtcDateTime,
            Categories = body.Categories ?? (replace ? [] : null),
            Tags = body.Tags ?? (replace ? [] : null),
            AuthorIds = body.Authors,
            FeaturedImageUrl = body.FeaturedImage?.Url ?? empty,
            FeaturedImageCaption = body.FeaturedImage?.Caption ?? empty,
            FeaturedImageAlt = body.FeaturedImage?.Alt ?? empty,
            CommentsClosed = body.CommentsClosed ?? (replace ? false : null),
            ExpectedVersion = body.Version,
            SocialAccountIds = body.Social?.Accounts,
            SocialTexts = body.Social?.Texts,
        };
        foreach (var (network, socialText) in body.Social?.Texts ?? [])
        {
            if (!SocialNetworks.All.Contains(network)) problem = ApiJson.Problem("social.texts", $"شبكة غير معروفة: {network}. الشبكات: {string.Join("، ", SocialNetworks.All)}.");
            else if (SocialTemplate.Validate(socialText) is { } error) problem = ApiJson.Problem($"social.texts.{network}", error);
        }
        if (problem is not null) return false;
        return true;
    }

    internal static ArticleStatus? ParseStatus(string text) => text.Trim().ToUpperInvariant() switch
    {
        "DRAFT" => ArticleStatus.Draft,
        "PENDING" or "PENDINGREVIEW" or "PENDING_REVIEW" => ArticleStatus.PendingReview,
        "SCHEDULED" or "FUTURE" => ArticleStatus.Scheduled,
        "PUBLISHED" or "PUBLISH" => ArticleStatus.Published,
        "TRASHED" or "TRASH" => ArticleStatus.Trashed,
        _ => null,
    };

    private static ApiStatus ToApi(ArticleStatus status) => status switch
    {
        ArticleStatus.PendingReview => ApiStatus.Pending,
        ArticleStatus.Scheduled => ApiStatus.Scheduled,
        ArticleStatus.Published => ApiStatus.Published,
        ArticleStatus.Trashed => ApiStatus.Trashed,
        _ => ApiStatus.Draft,
    };

    private static int? IfMatchVersion(HttpRequest request) =>
        request.Headers.IfMatch.ToString().Trim().Trim('"') is { Length: > 0 } tag && int.TryParse(tag, out var version) ? version : null;

    private static async Task<ArticleResponse> LoadAsync(Article article, PublicArticles articles, NashirOptions options, CancellationToken cancellationToken) =>
        ToResponse((await articles.FindAsync(article.Id, includeUnpublished: true, cancellationToken))!, options);

    private static ArticleResponse ToResponse(ArticleView a, NashirOptions options)
    {
        var site = options.Site.Url.TrimEnd('/');
        return new ArticleResponse(
            a.Id, site + ArticleUrls.Path(a.Id, a.Slug), a.Headline, a.Kicker, a.Subtitle, a.Slug, a.Excerpt, a.Body, ToApi(a.Status),
            a.Status is ArticleStatus.Published or ArticleStatus.Scheduled ? a.PublishedAt : null, a.UpdatedAt, a.Version, a.ReadCount,
            a.ImageUrl is null ? null : new FeaturedImage(a.ImageUrl, a.ImageCaption, a.ImageAlt),
            a.Authors.Select(x => new AuthorResponse(x.Id, x.Name, x.Slug, site + ArticleUrls.Author(x.Slug))).ToList(),
            a.Categories.Select(c => new TermResponse(c.Name, c.Slug, site + ArticleUrls.Category(c.Slug))).ToList(),
            a.Tags.Select(t => new TermResponse(t.Name, t.Slug, site + ArticleUrls.Tag(t.Slug))).ToList(),
            a.CommentCount, a.CommentsClosed);
    }

    private static async Task<Actor?> ApiActorAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(ApiTokenAuthentication.SchemeName);
        return result.Succeeded ? Actor.From(result.Principal) : null;
    }

    private static ProblemHttpResult NotFoundProblem(int id) =>
        TypedResults.Problem(title: "المقال غير موجود", detail: $"لا يوجد مقال منشور بالرقم {id}.", statusCode: 404);

    private static IResult Failure(SaveOutcome outcome, int id) => outcome switch
    {
        SaveOutcome.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors, title: "المقال غير صالح"),
        SaveOutcome.Forbidden forbidden => TypedResults.Problem(statusCode: 403, title: "غير مسموح", detail: forbidden.Reason),
        SaveOutcome.Conflict conflict => TypedResults.Problem(statusCode: 409, title: "تعارض في التعديل", detail: ArticleEditor.ConflictMessage,
            extensions: new Dictionary<string, object?> { ["currentVersion"] = conflict.CurrentVersion, ["savedBy"] = conflict.SavedBy }),
        _ => NotFoundProblem(id),
    };
}
