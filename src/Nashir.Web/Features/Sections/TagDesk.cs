using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Audit;
using Nashir.Web.Features.Menus;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Sections;

/// <summary>
/// Tags: create, rename (the old archive URL answers 301), describe and merge, audited and evicting like sections.
/// Tags are flat and unordered: an article lists its tags by name.
/// </summary>
public sealed class TagDesk(NashirDb db, AuditLog audit, SiteNavigation navigation)
{
    private const string Kind = "tag";

    public async Task<Dictionary<string, string>> CreateAsync(TermInput input, CancellationToken cancellationToken)
    {
        var (term, errors) = TermInput.Clean(input, "الوسم");
        if (errors.Count == 0) await CheckFreeAsync(term, null, errors, cancellationToken);
        if (errors.Count > 0) return errors;
        var tag = new Tag { Name = term.Name, Slug = term.Slug, Description = term.Description };
        db.Tags.Add(tag);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        audit.Add(AuditActions.TagChanged, Target(tag), $"أُنشئ الوسم «{tag.Name}»");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return errors;
    }

    public async Task<Dictionary<string, string>> UpdateAsync(int id, TermInput input,
        CancellationToken cancellationToken)
    {
        var tag = await db.Tags.AsTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (tag is null) return new() { ["Id"] = "الوسم غير موجود؛ ربما دُمج." };
        var (term, errors) = TermInput.Clean(input, "الوسم");
        if (errors.Count == 0) await CheckFreeAsync(term, id, errors, cancellationToken);
        if (errors.Count > 0) return errors;

        var changes = new List<string>();
        if (tag.Name != term.Name) changes.Add($"الاسم: {tag.Name} ← {term.Name}");
        if (tag.Slug != term.Slug)
        {
            changes.Add($"المعرّف: {tag.Slug} ← {term.Slug}");
            await ArchiveRedirects.MoveAsync(db, ArticleUrls.Tag(tag.Slug), ArticleUrls.Tag(term.Slug),
                cancellationToken);
        }
        if (tag.Description != term.Description) changes.Add("الوصف");
        if (changes.Count == 0) return errors;
        tag.Name = term.Name;
        tag.Slug = term.Slug;
        tag.Description = term.Description;
        audit.Add(AuditActions.TagChanged, Target(tag), string.Join("؛ ", changes));
        await db.SaveChangesAsync(cancellationToken);
        await navigation.ChangedAsync();
        return errors;
    }

    /// <summary>Moves the source's articles to the target, sends its URL there (301) and removes it, in one
    /// transaction.</summary>
    public async Task<Dictionary<string, string>> MergeAsync(int sourceId, int? targetId,
        CancellationToken cancellationToken)
    {
        var source = await db.Tags.AsTracking().FirstOrDefaultAsync(t => t.Id == sourceId, cancellationToken);
        var target = targetId is null ? null : await db.Tags.FirstOrDefaultAsync(t => t.Id == targetId,
            cancellationToken);
        if (source is null) return new() { ["Id"] = "الوسم غير موجود؛ ربما دُمج." };
        if (target is null || target.Id == source.Id) return new() { ["TargetId"] =
            "اختر وسمًا آخر موجودًا لتُنقل إليه المقالات." };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var links = db.Set<Dictionary<string, object>>("ArticleTags");
        var moved = await links.CountAsync(l => EF.Property<int>(l, "TagsId") == source.Id, cancellationToken);
        await links.Where(l => EF.Property<int>(l, "TagsId") == source.Id
                && links.Any(t => EF.Property<int>(t, "TagsId") == target.Id
                    && EF.Property<int>(t, "ArticlesId") == EF.Property<int>(l, "ArticlesId")))
            .ExecuteDeleteAsync(cancellationToken);
        await links.Where(l => EF.Property<int>(l, "TagsId") == source.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(l => EF.Property<int>(l, "TagsId"), target.Id), cancellationToken);
        await ArchiveRedirects.MoveAsync(db, ArticleUrls.Tag(source.Slug), ArticleUrls.Tag(target.Slug),
            cancellationToken);
        db.Tags.Remove(source);
        audit.Add(AuditActions.TagChanged, Target(target),
            $"دُمج الوسم «{source.Name}» ({source.Slug}) فيه؛ نُقلت المقالات: {moved.ToString(CultureInfo.InvariantCulture)}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await navigation.ChangedAsync();
        return [];
    }

    private async Task CheckFreeAsync(TermInput.Cleaned term, int? id, Dictionary<string, string> errors,
        CancellationToken cancellationToken)
    {
        var taken = await db.Tags.Where(t => t.Id != id && (t.Name == term.Name || t.Slug == term.Slug))
            .Select(t => new { t.Name, t.Slug }).FirstOrDefaultAsync(cancellationToken);
        if (taken is null) return;
        if (taken.Name == term.Name) errors["Name"] =
            $"يوجد وسم آخر باسم «{taken.Name}». لنقل المقالات إليه استخدم «دمج» بدل إعادة التسمية.";
        else errors["Slug"] = $"المعرّف «{term.Slug}» مستخدم للوسم «{taken.Name}». اختر معرّفًا آخر أو استخدم «دمج».";
    }

    private static AuditTarget Target(Tag tag) => new(Kind, tag.Id.ToString(CultureInfo.InvariantCulture), tag.Name);
}
