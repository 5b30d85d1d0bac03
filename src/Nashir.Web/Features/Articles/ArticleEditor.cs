using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Search;
using Nashir.Web.Features.Social;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Features.Articles;

/// <summary>What an editor (form or API) submits. Null means "leave as it is" on update.</summary>
public sealed record ArticleChanges
{
    public string? Headline { get; init; }
    public string? Kicker { get; init; }
    public string? Subtitle { get; init; }
    public string? Body { get; init; }
    public string? Excerpt { get; init; }
    public string? FeaturedImageUrl { get; init; }
    public string? FeaturedImageCaption { get; init; }
    public string? FeaturedImageAlt { get; init; }
    public ArticleStatus? Status { get; init; }
    public DateTime? PublishAt { get; init; }
    public string? Slug { get; init; }
    public IReadOnlyList<string>? Categories { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public IReadOnlyList<int>? AuthorIds { get; init; }

    /// <summary>Readers may no longer comment (those already published stay).</summary>
    public bool? CommentsClosed { get; init; }

    /// <summary>A developing story (the «مباشر» label); null leaves it as it is.</summary>
    public bool? Developing { get; init; }

    /// <summary>The version the editor started from; a save against a newer version is a conflict.</summary>
    public int? ExpectedVersion { get; init; }

    /// <summary>Accounts to post to when the article first goes out; null: the accounts' own category rules decide.</summary>
    public IReadOnlyList<int>? SocialAccountIds { get; init; }

    /// <summary>The editor's own text per network (`x`, `mastodon` …) instead of the account's template.</summary>
    public IReadOnlyDictionary<string, string>? SocialTexts { get; init; }
}

/// <summary>Who is writing: only an editor's publish is announced on social networks, never demo content.
/// (The WordPress import writes through its own bulk path and never reaches the outbox.)</summary>
public enum ArticleOrigin { Editor, Demo }

public abstract record SaveOutcome
{
    public sealed record Saved(Article Article) : SaveOutcome;
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : SaveOutcome;
    public sealed record Conflict(int CurrentVersion, string? SavedBy) : SaveOutcome;
    public sealed record Forbidden(string Reason) : SaveOutcome;
    public sealed record NotFound : SaveOutcome;
}

/// <summary>
/// How editors write articles: validation, sanitizing, permissions, slugs, revisions and edit conflicts
/// are decided here, so the editors' area and the API behave the same (the WordPress import writes in
/// bulk with the same pieces: ArticleHtml, Slugs, Snapshot, the search document).
/// Every save is one transaction: the article, its terms and its revision, or nothing.
/// </summary>
public sealed class ArticleEditor(
    NashirDb db, ArticleHtml html, TimeProvider clock, ArticleIndexer search, PublicPageEviction eviction, SocialOutbox social,
    IEnumerable<IArticleReaction> reactions)
{
    public const string ConflictMessage = "عدّل شخص آخر هذا المقال بعد أن فتحته. لم يُحفظ شيء من تعديلاتك فوق عمله: افتح النسخة الأحدث وأعد تطبيق تعديلاتك.";

    public Task<SaveOutcome> CreateAsync(Actor actor, ArticleChanges changes, CancellationToken cancellationToken = default) =>
        SaveAsync(actor, null, changes with { Status = changes.Status ?? ArticleStatus.Draft }, ArticleOrigin.Editor, cancellationToken);

    internal Task<SaveOutcome> CreateDemoAsync(Actor actor, ArticleChanges changes, CancellationToken cancellationToken) =>
        SaveAsync(actor, null, changes, ArticleOrigin.Demo, cancellationToken);

    public Task<SaveOutcome> UpdateAsync(Actor actor, int id, ArticleChanges changes, CancellationToken cancellationToken = default) =>
        SaveAsync(actor, id, changes, ArticleOrigin.Editor, cancellationToken);

    public async Task<SaveOutcome> RestoreRevisionAsync(Actor actor, int articleId, int revisionNumber, int expectedVersion, CancellationToken cancellationToken = default)
    {
        var revision = await db.ArticleRevisions.SingleOrDefaultAsync(r => r.ArticleId == articleId && r.Number == revisionNumber, cancellationToken);
        if (revision is null) return new SaveOutcome.NotFound();
        return await UpdateAsync(actor, articleId, new ArticleChanges
        {
            Headline = revision.Headline,
            Kicker = revision.Kicker ?? "",
            Subtitle = revision.Subtitle ?? "",
            Body = revision.Body,
            Excerpt = revision.ExcerptIsCustom ? revision.Excerpt : "",
            FeaturedImageUrl = revision.FeaturedImageUrl ?? "",
            FeaturedImageCaption = revision.FeaturedImageCaption ?? "",
            FeaturedImageAlt = revision.FeaturedImageAlt ?? "",
            Slug = revision.Slug,
            ExpectedVersion = expectedVersion,
        }, cancellationToken);
    }

    private async Task<SaveOutcome> SaveAsync(Actor actor, int? id, ArticleChanges changes, ArticleOrigin origin, CancellationToken cancellationToken)
    {
        var demo = origin == ArticleOrigin.Demo;
        var now = clock.GetUtcNow().UtcDateTime;
        Article? article = null;
        if (id is { } existingId)
        {
            article = await db.Articles.AsTracking()
                .Include(a => a.Authors).Include(a => a.Categories).Include(a => a.Tags)
                .SingleOrDefaultAsync(a => a.Id == existingId, cancellationToken);
            if (article is null) return new SaveOutcome.NotFound();
            if (!ArticlePermissions.CanEdit(actor, article))
                return new SaveOutcome.Forbidden("لا تملك صلاحية تعديل هذا المقال.");
            if (changes.ExpectedVersion is { } expected && expected != article.Version)
                return await ConflictAsync(article, cancellationToken);
        }

        var errors = new Dictionary<string, List<string>>();
        void Error(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        var headline = PlainField(changes.Headline, article?.Headline, "headline", "العنوان", ArticleLimits.Headline, Error);
        if (headline.Length == 0) Error("headline", "العنوان مطلوب.");
        var kicker = PlainField(changes.Kicker, article?.Kicker, "kicker", "العنوان التمهيدي", ArticleLimits.Kicker, Error);
        var subtitle = PlainField(changes.Subtitle, article?.Subtitle, "subtitle", "العنوان الفرعي", ArticleLimits.Subtitle, Error);
        var excerpt = PlainField(changes.Excerpt, article is { ExcerptIsCustom: true } ? article.Excerpt : null, "excerpt", "المقتطف", ArticleLimits.Excerpt, Error);
        var caption = PlainField(changes.FeaturedImageCaption, article?.FeaturedImageCaption, "featuredImageCaption", "تعليق الصورة", ArticleLimits.Caption, Error);
        var alt = PlainField(changes.FeaturedImageAlt, article?.FeaturedImageAlt, "featuredImageAlt", "النص البديل للصورة", ArticleLimits.Caption, Error);

        var imageUrl = (changes.FeaturedImageUrl ?? article?.FeaturedImageUrl ?? "").Trim();
        if (imageUrl.Length > ArticleLimits.Url || imageUrl.Length > 0 && !IsSafeImageUrl(imageUrl))
            Error("featuredImageUrl", "رابط الصورة يجب أن يكون رابط http(s) كاملًا أو مسارًا يبدأ بـ /.");

        var body = article?.Body ?? "";
        if (changes.Body is not null)
        {
            if (changes.Body.Length > ArticleLimits.Body)
                Error("body", $"نص المقال أطول من الحد المسموح ({ArticleLimits.Body:N0} حرف).");
            else
                body = html.Sanitize(changes.Body);
        }

        var status = changes.Status ?? article?.Status ?? ArticleStatus.Draft;
        var publishAt = changes.PublishAt ?? article?.PublishAt;
        if (!demo && !ArticlePermissions.CanSetStatus(actor, status) && status != article?.Status)
            return new SaveOutcome.Forbidden("لا تملك صلاحية نشر المقالات أو جدولتها: أرسل المقال للمراجعة.");
        switch (status)
        {
            case ArticleStatus.Scheduled when publishAt is null:
                Error("publishAt", "حدّد وقت النشر المجدول.");
                break;
            case ArticleStatus.Scheduled when publishAt <= now && article?.Status != ArticleStatus.Scheduled:
                Error("publishAt", "وقت النشر المجدول يجب أن يكون في المستقبل.");
                break;
            case ArticleStatus.Published when publishAt is null || publishAt > now:
                publishAt = now; // "publish now" means now, even if an old schedule was set
                break;
        }
        if (status is ArticleStatus.Published or ArticleStatus.Scheduled && PlainText.FromHtml(body).Length == 0)
            Error("body", "لا يمكن نشر مقال بلا نص.");

        var slug = (changes.Slug ?? "").Trim();
        if (slug.Length > 0)
        {
            slug = Slugs.From(Uri.UnescapeDataString(slug));
            if (slug.Length == 0) Error("slug", "المعرّف في الرابط يجب أن يحوي حروفًا أو أرقامًا.");
            else if (await db.Articles.AnyAsync(a => a.Slug == slug && a.Id != (id ?? 0), cancellationToken))
                Error("slug", "هذا المعرّف مستخدم لمقال آخر؛ اختر غيره.");
        }
        else
        {
            slug = article?.Slug ?? "";
        }

        var categories = changes.Categories is null ? null : await ResolveCategoriesAsync(actor, changes.Categories, Error, cancellationToken);
        var tags = changes.Tags is null ? null : await ResolveTagsAsync(changes.Tags, Error, cancellationToken);
        var authorIds = changes.AuthorIds is { Count: > 0 } requested ? requested.Distinct().ToList() : null;
        if (authorIds is not null && !authorIds.SequenceEqual(article?.Authors.OrderBy(a => a.Position).Select(a => a.UserId) ?? [actor.UserId]))
        {
            if (!ArticlePermissions.CanChangeByline(actor) && !demo)
                Error("authors", "تغيير كتّاب المقال من صلاحيات المحررين.");
            else if (await db.Users.CountAsync(u => authorIds.Contains(u.Id), cancellationToken) != authorIds.Count)
                Error("authors", "أحد الكتّاب المختارين غير موجود.");
        }

        if (errors.Count > 0)
            return new SaveOutcome.Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

        var isNew = article is null;
        var wasLive = article?.IsLiveAt(now) ?? false;
        var previousStatus = article?.Status;
        article ??= new Article { Headline = headline, Slug = "", CreatedAt = now, IsDemo = demo };
        article.Headline = headline;
        article.Kicker = NullIfEmpty(kicker);
        article.Subtitle = NullIfEmpty(subtitle);
        article.Body = body;
        article.ExcerptIsCustom = excerpt.Length > 0;
        article.Excerpt = excerpt.Length > 0 ? excerpt : PlainText.Shorten(PlainText.FromHtml(body), ArticleLimits.DerivedExcerpt);
        article.FeaturedImageUrl = NullIfEmpty(imageUrl);
        article.FeaturedImageCaption = NullIfEmpty(caption);
        article.FeaturedImageAlt = NullIfEmpty(alt);
        article.Status = status;
        article.PublishAt = publishAt;
        article.CommentsClosed = changes.CommentsClosed ?? article.CommentsClosed;
        article.IsDeveloping = changes.Developing ?? article.IsDeveloping;
        SocialOutbox.Remember(article, changes);
        article.UpdatedAt = now;
        article.Version++;
        if (categories is not null) article.Categories = categories;
        if (tags is not null) article.Tags = tags;
        if (isNew)
        {
            article.Authors = (authorIds ?? [actor.UserId]).Select((userId, i) => new ArticleAuthor { UserId = userId, Position = i }).ToList();
            db.Articles.Add(article);
        }
        else if (authorIds is not null)
        {
            article.Authors.RemoveAll(a => !authorIds.Contains(a.UserId));
            foreach (var (userId, i) in authorIds.Select((userId, i) => (userId, i)))
            {
                var byline = article.Authors.FirstOrDefault(a => a.UserId == userId);
                if (byline is null) article.Authors.Add(new ArticleAuthor { UserId = userId, Position = i });
                else byline.Position = i;
            }
        }

        if (slug.Length == 0) slug = await UniqueSlugAsync(Slugs.From(headline), id, cancellationToken);
        article.Slug = slug;

        var saved = new ArticleSaved(article, actor, origin, previousStatus, wasLive);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await search.TrackAsync(article, cancellationToken);
            await social.TrackAsync(article, previousStatus, origin, cancellationToken);
            foreach (var reaction in reactions) await reaction.OnSavingAsync(saved, cancellationToken);
            var lastNumber = await db.ArticleRevisions.Where(r => r.ArticleId == article.Id).MaxAsync(r => (int?)r.Number, cancellationToken) ?? 0;
            db.ArticleRevisions.Add(Snapshot(article, lastNumber + 1, actor, now));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            var current = await db.Articles.SingleAsync(a => a.Id == article.Id, cancellationToken);
            return await ConflictAsync(current, cancellationToken);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            // Two saves raced for the same slug: the unique index kept the data right; ask again.
            if (await db.Articles.AnyAsync(a => a.Slug == slug && a.Id != article.Id, cancellationToken))
                return new SaveOutcome.Invalid(new Dictionary<string, string[]> { ["slug"] = ["هذا المعرّف مستخدم لمقال آخر؛ اختر غيره."] });
            throw;
        }
        social.Committed();
        if (wasLive || article.IsLiveAt(now)) await eviction.ArticleChangedAsync(article.Id);
        foreach (var reaction in reactions) await reaction.OnCommittedAsync(saved, cancellationToken);
        return new SaveOutcome.Saved(article);
    }

    private async Task<SaveOutcome> ConflictAsync(Article current, CancellationToken cancellationToken)
    {
        var savedBy = await db.ArticleRevisions.Where(r => r.ArticleId == current.Id)
            .OrderByDescending(r => r.Number).Select(r => r.SavedByName).FirstOrDefaultAsync(cancellationToken);
        return new SaveOutcome.Conflict(current.Version, savedBy);
    }

    /// <summary>The revision every save keeps; the import stores the same first revision.</summary>
    internal static ArticleRevision Snapshot(Article article, int number, Actor actor, DateTime now) => new()
    {
        ArticleId = article.Id,
        Number = number,
        Headline = article.Headline,
        Kicker = article.Kicker,
        Subtitle = article.Subtitle,
        Body = article.Body,
        Excerpt = article.Excerpt,
        ExcerptIsCustom = article.ExcerptIsCustom,
        FeaturedImageUrl = article.FeaturedImageUrl,
        FeaturedImageCaption = article.FeaturedImageCaption,
        FeaturedImageAlt = article.FeaturedImageAlt,
        Slug = article.Slug,
        Status = article.Status,
        SavedAt = now,
        SavedById = actor.UserId,
        SavedByName = actor.DisplayName,
    };

    private static string PlainField(string? value, string? current, string field, string label, int maxLength, Action<string, string> error)
    {
        var text = UserText.CleanLine(value ?? current);
        if (text.Length > maxLength) error(field, $"{label} أطول من {maxLength} حرفًا.");
        if (UserText.ContainsMarkup(text)) error(field, $"{label} نص عادي: لا يُسمح فيه بوسوم HTML.");
        return text;
    }

    private static bool IsSafeImageUrl(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal)
        || Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private Task<string> UniqueSlugAsync(string baseSlug, int? id, CancellationToken cancellationToken) =>
        Slugs.FirstFreeAsync(db.Articles.Where(a => a.Id != (id ?? 0)).Select(a => a.Slug), baseSlug.Length == 0 ? "مقال" : baseSlug,
            claim: null, cancellationToken);

    private async Task<List<Category>?> ResolveCategoriesAsync(Actor actor, IReadOnlyList<string> requested, Action<string, string> error, CancellationToken cancellationToken)
    {
        var names = requested.Select(UserText.CleanLine).Where(n => n.Length > 0).Distinct().ToList();
        if (names.Count > ArticleLimits.CategoriesPerArticle) { error("categories", $"الحد الأقصى {ArticleLimits.CategoriesPerArticle} تصنيفات للمقال."); return null; }
        var slugs = names.Select(n => Slugs.From(n)).ToList();
        var existing = await db.Categories.AsTracking().Where(c => slugs.Contains(c.Slug) || names.Contains(c.Name)).ToListAsync(cancellationToken);
        var result = new List<Category>();
        foreach (var name in names)
        {
            var slug = Slugs.From(name);
            var category = existing.FirstOrDefault(c => c.Slug == slug || c.Name == name);
            if (category is null)
            {
                if (!ArticlePermissions.CanCreateCategories(actor)) { error("categories", $"التصنيف «{name}» غير موجود."); continue; }
                if (slug.Length == 0 || UserText.ContainsMarkup(name) || name.Length > 100) { error("categories", $"اسم التصنيف «{name}» غير صالح."); continue; }
                category = new Category { Name = name, Slug = slug };
                existing.Add(category);
            }
            if (!result.Contains(category)) result.Add(category);
        }
        return result;
    }

    private async Task<List<Tag>?> ResolveTagsAsync(IReadOnlyList<string> requested, Action<string, string> error, CancellationToken cancellationToken)
    {
        var names = requested.Select(UserText.CleanLine).Where(n => n.Length > 0).Distinct().ToList();
        if (names.Count > ArticleLimits.TagsPerArticle) { error("tags", $"الحد الأقصى {ArticleLimits.TagsPerArticle} وسمًا للمقال."); return null; }
        var slugs = names.Select(n => Slugs.From(n)).ToList();
        var existing = await db.Tags.AsTracking().Where(t => slugs.Contains(t.Slug)).ToListAsync(cancellationToken);
        var result = new List<Tag>();
        foreach (var name in names)
        {
            var slug = Slugs.From(name);
            if (slug.Length == 0 || UserText.ContainsMarkup(name) || name.Length > 100) { error("tags", $"الوسم «{name}» غير صالح."); continue; }
            var tag = existing.FirstOrDefault(t => t.Slug == slug);
            if (tag is null) existing.Add(tag = new Tag { Name = name, Slug = slug });
            if (!result.Contains(tag)) result.Add(tag);
        }
        return result;
    }
}
