using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Audit;
using Nashir.Web.Features.Menus;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Features.StaticPages;

/// <summary>What an editor submits for a static page.</summary>
public sealed record PageInput(string? Title, string? Slug, string? Body, bool Published, int MenuOrder);

/// <summary>
/// Writes static pages (about, contact, privacy): the body goes through the articles' sanitizer, every change is
/// audited with it and evicts the menus and cached pages on every node (the footer lists the published pages).
/// </summary>
public sealed class PageEditor(NashirDb db, ArticleHtml html, AuditLog audit, SiteNavigation navigation,
    TimeProvider clock)
{
    private const string Kind = "page";

    /// <summary>Creates (id null) or updates a page; returns its id, or the errors by field.</summary>
    public async Task<(int? Id, Dictionary<string, string> Errors)> SaveAsync(int? id, PageInput input,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var page = id is null ? null : await db.StaticPages.AsTracking().FirstOrDefaultAsync(p => p.Id == id,
            cancellationToken);
        if (id is not null && page is null) return (null, new() { ["Id"] = "الصفحة غير موجودة؛ ربما حُذفت." });
        var title = UserText.CleanLine(input.Title);
        var typedSlug = UserText.CleanLine(input.Slug);
        var slug = Slugs.From(typedSlug.Length > 0 ? typedSlug : title);
        var body = html.Sanitize(input.Body);
        if (title.Length == 0) errors["Title"] = "اكتب عنوان الصفحة.";
        else if (title.Length > ArticleLimits.Headline) errors["Title"] =
            $"العنوان أطول من {ArticleLimits.Headline} حرف.";
        else if (slug.Length == 0) errors["Slug"] = "اكتب معرّفًا للرابط فيه حرف أو رقم واحد على الأقل.";
        if (body.Length > ArticleLimits.Body) errors["Body"] = "نص الصفحة أطول من المسموح.";
        if (input.Published && PlainText.FromHtml(body).Length == 0 && !body.Contains("<img", StringComparison.Ordinal))
            errors["Body"] = "لا تُنشر صفحة فارغة: اكتب نصها أولًا.";
        if (errors.Count == 0 && await db.StaticPages.AnyAsync(p => p.Slug == slug && p.Id != id, cancellationToken))
            errors["Slug"] = $"المعرّف «{slug}» مستخدم لصفحة أخرى؛ اختر غيره.";
        if (errors.Count > 0) return (null, errors);

        var changes = new List<string>();
        if (page is null)
        {
            page = db.StaticPages.Add(new StaticPage { Title = title, Slug = slug }).Entity;
            changes.Add("أُنشئت الصفحة");
        }
        else
        {
            if (page.Title != title) changes.Add($"العنوان: {page.Title} ← {title}");
            if (page.Slug != slug) changes.Add($"المعرّف: {page.Slug} ← {slug}");
            if (page.Body != body) changes.Add("النص");
            if (page.MenuOrder != input.MenuOrder) changes.Add($"الترتيب: {page.MenuOrder} ← {input.MenuOrder}");
        }
        if (page.Published != input.Published) changes.Add(input.Published ? "نُشرت" : "أُلغي نشرها");
        if (changes.Count == 0) return (page.Id, errors);
        page.Title = title;
        page.Slug = slug;
        page.Body = body;
        page.Published = input.Published;
        page.MenuOrder = input.MenuOrder;
        page.UpdatedAt = clock.GetUtcNow().UtcDateTime;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        audit.Add(AuditActions.PageChanged, Target(page), string.Join("؛ ", changes));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await navigation.ChangedAsync();
        return (page.Id, errors);
    }

    public async Task<bool> PublishAsync(int id, bool published, CancellationToken cancellationToken)
    {
        var page = await db.StaticPages.AsTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (page is null || page.Published == published) return false;
        page.Published = published;
        page.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(AuditActions.PageChanged, Target(page), published ? "نُشرت" : "أُلغي نشرها");
        await db.SaveChangesAsync(cancellationToken);
        await navigation.ChangedAsync();
        return true;
    }

    /// <summary>Deletes the page; menu entries that pointed to it stay, marked broken, until an editor removes
    /// them.</summary>
    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken)
    {
        var page = await db.StaticPages.AsTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (page is null) return false;
        db.StaticPages.Remove(page);
        audit.Add(AuditActions.PageChanged, Target(page), $"حُذفت الصفحة ({page.Slug})");
        await db.SaveChangesAsync(cancellationToken);
        await navigation.ChangedAsync();
        return true;
    }

    private static AuditTarget Target(StaticPage page) => new(Kind, page.Id.ToString(CultureInfo.InvariantCulture),
        page.Title);
}
