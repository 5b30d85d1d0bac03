using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Audit;
using Nashir.Web.Features.Menus;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Sections;

/// <summary>
/// The newsroom's sections (categories): create, rename (the old archive URL answers 301), describe, order, nest and
/// merge. Every change is audited with what changed, committed with it, and evicts the menus and cached pages.
/// Errors come back by field, in Arabic; a refused change writes nothing.
/// </summary>
public sealed class SectionDesk(NashirDb db, AuditLog audit, SiteNavigation navigation)
{
    private const string Kind = "section";

    public async Task<Dictionary<string, string>> CreateAsync(TermInput input, CancellationToken cancellationToken)
    {
        var (term, errors) = TermInput.Clean(input, "القسم");
        if (errors.Count == 0) await CheckFreeAsync(term, null, errors, cancellationToken);
        if (errors.Count == 0) await CheckParentAsync(null, input.ParentId, errors, cancellationToken);
        if (errors.Count > 0) return errors;
        var position = input.SortOrder ?? (await db.Categories.MaxAsync(c => (int?)c.SortOrder, cancellationToken)
            ?? 0) + 1;
        var section = new Category { Name = term.Name, Slug = term.Slug, Description = term.Description, ParentId =
            input.ParentId, SortOrder = position };
        db.Categories.Add(section);
        // The id names the audit's target: two saves, one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        audit.Add(AuditActions.SectionChanged, Target(section), $"أُنشئ القسم «{section.Name}»");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await navigation.ChangedAsync();
        return errors;
    }

    /// <summary>Rename, describe, re-order and nest in one save; a rename to a name or slug in use is refused (merge is
    /// explicit).</summary>
    public async Task<Dictionary<string, string>> UpdateAsync(int id, TermInput input,
        CancellationToken cancellationToken)
    {
        var section = await db.Categories.AsTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (section is null) return new() { ["Id"] = "القسم غير موجود؛ ربما دُمج أو حُذف." };
        var (term, errors) = TermInput.Clean(input, "القسم");
        if (errors.Count == 0) await CheckFreeAsync(term, id, errors, cancellationToken);
        if (errors.Count == 0) await CheckParentAsync(id, input.ParentId, errors, cancellationToken);
        if (errors.Count > 0) return errors;

        var changes = new List<string>();
        if (section.Name != term.Name) changes.Add($"الاسم: {section.Name} ← {term.Name}");
        if (section.Slug != term.Slug)
        {
            changes.Add($"المعرّف: {section.Slug} ← {term.Slug}");
            await ArchiveRedirects.MoveAsync(db, ArticleUrls.Category(section.Slug), ArticleUrls.Category(term.Slug),
                cancellationToken);
        }
        if (section.Description != term.Description) changes.Add("الوصف");
        if (section.ParentId != input.ParentId) changes.Add($"القسم الأب: {await NameOfAsync(section.ParentId, cancellationToken)} ← {await NameOfAsync(input.ParentId, cancellationToken)}");
        if (input.SortOrder is { } order && order != section.SortOrder)
            changes.Add($"الترتيب: {section.SortOrder} ← {order}");
        if (changes.Count == 0) return errors;

        section.Name = term.Name;
        section.Slug = term.Slug;
        section.Description = term.Description;
        section.ParentId = input.ParentId;
        section.SortOrder = input.SortOrder ?? section.SortOrder;
        audit.Add(AuditActions.SectionChanged, Target(section), string.Join("؛ ", changes));
        await db.SaveChangesAsync(cancellationToken);
        await navigation.ChangedAsync();
        return errors;
    }

    /// <summary>Swaps a section with its neighbour among its siblings, above (-1) or below (+1).</summary>
    public async Task<bool> MoveAsync(int id, int direction, CancellationToken cancellationToken)
    {
        var section = await db.Categories.AsTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (section is null || direction == 0) return false;
        var siblings = await db.Categories.AsTracking().Where(c => c.ParentId == section.ParentId)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var index = siblings.IndexOf(section);
        var other = index + Math.Sign(direction);
        if (other < 0 || other >= siblings.Count) return false;
        (siblings[index], siblings[other]) = (siblings[other], siblings[index]);
        // Renumbered 1..n: imported sections all start at 0, and a swap of equal numbers would change nothing.
        for (var i = 0; i < siblings.Count; i++) siblings[i].SortOrder = i + 1;
        audit.Add(AuditActions.SectionChanged, Target(section), $"الترتيب: الموضع {other + 1}");
        await db.SaveChangesAsync(cancellationToken);
        await navigation.ChangedAsync();
        return true;
    }

    /// <summary>
    /// Moves every article of the source into the target, its sub-sections and menu entries too, sends the source's
    /// URL to the target's (301) and removes the source: all in one transaction, or nothing.
    /// </summary>
    public async Task<Dictionary<string, string>> MergeAsync(int sourceId, int? targetId,
        CancellationToken cancellationToken)
    {
        var source = await db.Categories.AsTracking().FirstOrDefaultAsync(c => c.Id == sourceId, cancellationToken);
        var target = targetId is null ? null : await db.Categories.AsTracking()
            .FirstOrDefaultAsync(c => c.Id == targetId, cancellationToken);
        if (source is null) return new() { ["Id"] = "القسم غير موجود؛ ربما دُمج أو حُذف." };
        if (target is null || target.Id == source.Id) return new() { ["TargetId"] =
            "اختر قسمًا آخر موجودًا لتُنقل إليه المقالات." };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var links = db.Set<Dictionary<string, object>>("ArticleCategories");
        var moved = await links.CountAsync(l => EF.Property<int>(l, "CategoriesId") == source.Id, cancellationToken);
        // An article in both keeps its one link to the target; the others follow the source's links.
        await links.Where(l => EF.Property<int>(l, "CategoriesId") == source.Id
                && links.Any(t => EF.Property<int>(t, "CategoriesId") == target.Id
                    && EF.Property<int>(t, "ArticlesId") == EF.Property<int>(l, "ArticlesId")))
            .ExecuteDeleteAsync(cancellationToken);
        await links.Where(l => EF.Property<int>(l, "CategoriesId") == source.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(l => EF.Property<int>(l, "CategoriesId"), target.Id),
                cancellationToken);
        // A target nested under the source takes the source's place, so the tree has no loop.
        if (target.ParentId == source.Id) target.ParentId = source.ParentId;
        await db.Categories.Where(c => c.ParentId == source.Id && c.Id != target.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ParentId, target.Id), cancellationToken);
        await db.MenuItems.Where(i => i.Kind == MenuKinds.Section && i.TargetId == source.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.TargetId, target.Id), cancellationToken);
        await ArchiveRedirects.MoveAsync(db, ArticleUrls.Category(source.Slug), ArticleUrls.Category(target.Slug),
            cancellationToken);
        db.Categories.Remove(source);
        audit.Add(AuditActions.SectionChanged, Target(target),
            $"دُمج القسم «{source.Name}» ({source.Slug}) فيه؛ نُقلت المقالات: {moved.ToString(CultureInfo.InvariantCulture)}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await navigation.ChangedAsync();
        return [];
    }

    private async Task CheckFreeAsync(TermInput.Cleaned term, int? id, Dictionary<string, string> errors,
        CancellationToken cancellationToken)
    {
        var taken = await db.Categories.Where(c => c.Id != id && (c.Name == term.Name || c.Slug == term.Slug))
            .Select(c => new { c.Name, c.Slug }).FirstOrDefaultAsync(cancellationToken);
        if (taken is null) return;
        var message = $"يوجد قسم آخر باسم «{taken.Name}». لنقل المقالات إليه استخدم «دمج» بدل إعادة التسمية.";
        if (taken.Name == term.Name) errors["Name"] = message;
        else errors["Slug"] = $"المعرّف «{term.Slug}» مستخدم للقسم «{taken.Name}». اختر معرّفًا آخر أو استخدم «دمج».";
    }

    /// <summary>The parent must exist and must not be the section itself or one of its descendants (no
    /// loops).</summary>
    private async Task CheckParentAsync(int? id, int? parentId, Dictionary<string, string> errors,
        CancellationToken cancellationToken)
    {
        if (parentId is null) return;
        var parents = await db.Categories.Select(c => new { c.Id, c.ParentId }).ToDictionaryAsync(c => c.Id,
            c => c.ParentId, cancellationToken);
        if (!parents.ContainsKey(parentId.Value)) { errors["ParentId"] = "القسم الأب غير موجود."; return; }
        // Walks up from the new parent; bounded, in case the stored tree already has a loop.
        var at = parentId;
        for (var steps = 0; at is { } current && steps <= parents.Count; steps++)
        {
            if (current == id)
            {
                errors["ParentId"] = "لا يكون القسم أبًا لنفسه ولا لقسم من أقسامه.";
                return;
            }
            at = parents.GetValueOrDefault(current);
        }
    }

    private async Task<string> NameOfAsync(int? id, CancellationToken cancellationToken) =>
        id is null ? "بلا" : await db.Categories.Where(c => c.Id == id).Select(c => c.Name)
            .FirstOrDefaultAsync(cancellationToken) ?? "؟";

    private static AuditTarget Target(Category section) =>
        new(Kind, section.Id.ToString(CultureInfo.InvariantCulture), section.Name);
}
