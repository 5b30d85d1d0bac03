using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Features.Import;

/// <summary>
/// WordPress categories (with their parents) and tags → Nashir's, matched by slug when Nashir already has them; each
/// with its /category/x/ or /tag/y/ URL. From the channel's term list, and from the items for terms it did not list.
/// </summary>
internal sealed class TermImport(IServiceScopeFactory scopes, SqliteWriteGate writeGate)
{
    public Task ImportAsync(ImportRun run, WxrTerm term, CancellationToken cancellationToken) =>
        ImportAsync(run, term.Taxonomy, term.Id("wp:term_id"), Nicename(term), Name(term), Parent(term), term.Position, cancellationToken);

    public async Task ImportAsync(ImportRun run, string taxonomy, long wpId, string nicename, string name, string parentNicename, WxrPosition position, CancellationToken cancellationToken)
    {
        var (kind, known, report) = taxonomy switch
        {
            "category" => (ImportKinds.Category, run.Categories, "categories"),
            "post_tag" => (ImportKinds.Tag, run.Tags, "tags"),
            _ => (null, null, ""), // menus, post formats: nothing in Nashir
        };
        if (kind is null || known is null || known.ContainsKey(nicename)) return;
        var tally = run.Report[report];
        name = UserText.CleanLine(WebUtility.HtmlDecode(name));
        if (name.Length == 0) name = WordPressItems.Decode(nicename);
        if (name.Length > 100) name = name[..100];
        var slug = Slugs.From(WordPressItems.Decode(nicename)) is { Length: > 0 } s ? s : Slugs.From(name);
        if (slug.Length == 0) { run.Report.Warn(report, wpId, position, $"تصنيف أو وسم بلا اسم صالح: «{nicename}».", skipped: true); return; }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var key = wpId > 0 ? wpId : AuthorImport.StableId(nicename);
        var mapped = await db.ImportedItems.Where(i => i.Site == run.Site && i.Kind == kind && i.WpId == key).Select(i => (int?)i.NashirId).FirstOrDefaultAsync(cancellationToken);
        if (mapped is { } id) { known[nicename] = id; tally.Existing++; return; }

        int? existing = kind == ImportKinds.Category
            ? await db.Categories.Where(c => c.Slug == slug).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken)
            : await db.Tags.Where(t => t.Slug == slug).Select(t => (int?)t.Id).FirstOrDefaultAsync(cancellationToken);
        if (run.Request.DryRun)
        {
            known[nicename] = existing ?? 0;
            if (existing is null) tally.Imported++; else tally.Existing++;
            return;
        }

        using var gate = await writeGate.EnterAsync(db, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (existing is { } same) { id = same; tally.Existing++; }
        else
        {
            if (kind == ImportKinds.Category)
            {
                var category = new Category { Name = name, Slug = slug, ParentId = run.Categories.TryGetValue(parentNicename, out var parent) && parent > 0 ? parent : null };
                db.Categories.Add(category);
                await db.SaveChangesAsync(cancellationToken);
                id = category.Id;
            }
            else
            {
                var tag = new Tag { Name = name, Slug = slug };
                db.Tags.Add(tag);
                await db.SaveChangesAsync(cancellationToken);
                id = tag.Id;
            }
            tally.Imported++;
        }
        db.ImportedItems.Add(new ImportedItem { Site = run.Site, Kind = kind, WpId = key, NashirId = id });
        await db.SaveChangesAsync(cancellationToken);
        var prefix = kind == ImportKinds.Category ? "/category/" : "/tag/";
        await new OldUrls().Map(prefix + nicename, kind == ImportKinds.Category ? ArticleUrls.Category(slug) : ArticleUrls.Tag(slug)).SaveAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        known[nicename] = id;
    }

    private static string Nicename(WxrTerm term) => term.Taxonomy switch
    {
        _ when term.Fields.ContainsKey("wp:term_slug") => term.Field("wp:term_slug"),
        "category" => term.Field("wp:category_nicename"),
        _ => term.Field("wp:tag_slug"),
    };

    private static string Name(WxrTerm term) =>
        term.Fields.ContainsKey("wp:term_name") ? term.Field("wp:term_name") : term.Taxonomy == "category" ? term.Field("wp:cat_name") : term.Field("wp:tag_name");

    private static string Parent(WxrTerm term) =>
        term.Fields.ContainsKey("wp:term_parent") ? term.Field("wp:term_parent") : term.Field("wp:category_parent");
}
