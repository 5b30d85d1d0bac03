using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Features.Import;

/// <summary>
/// WordPress attachments: their files copied from the uploads folder when one is given (else the original URL stays),
/// and the URL recorded for featured images (`_thumbnail_id`), including those of articles stored before it.
/// </summary>
internal sealed class AttachmentImport(IServiceScopeFactory scopes, SqliteWriteGate writeGate, IOptions<NashirOptions> options)
{
    public async Task ImportAsync(ImportRun run, List<WxrItem> attachments, CancellationToken cancellationToken)
    {
        if (attachments.Count == 0) return;
        var tally = run.Report["media"];
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var ids = attachments.Select(a => a.Id("wp:post_id")).ToList();
        var done = (await db.ImportedItems.Where(i => i.Site == run.Site && i.Kind == ImportKinds.Attachment && ids.Contains(i.WpId)).Select(i => i.WpId).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var attachment in attachments)
        {
            var wpId = attachment.Id("wp:post_id");
            if (done.Contains(wpId)) { tally.Existing++; continue; }
            var url = attachment.Field("wp:attachment_url").Trim();
            if (wpId <= 0 || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) { run.Report.Warn("media", wpId, attachment.Position, "مرفق بلا رابط صالح.", skipped: true); continue; }
            if (run.Request.MediaFolder is { } folder)
            {
                var relative = Uri.UnescapeDataString(uri.AbsolutePath);
                var uploads = relative.IndexOf("/wp-content/uploads/", StringComparison.Ordinal);
                relative = uploads >= 0 ? relative[(uploads + "/wp-content/uploads/".Length)..] : relative.TrimStart('/');
                var source = Path.GetFullPath(Path.Combine(folder, relative));
                if (!source.StartsWith(Path.GetFullPath(folder), StringComparison.Ordinal) || relative.Contains("..", StringComparison.Ordinal) || !File.Exists(source))
                {
                    run.Report.Warn("media", wpId, attachment.Position, $"ملف المرفق غير موجود في مجلد الوسائط: {relative} (بقي الرابط الأصلي).", skipped: true);
                }
                else
                {
                    if (!run.Request.DryRun)
                    {
                        var target = Path.Combine(ImportSetup.MediaDirectory(options.Value), relative);
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        File.Copy(source, target, overwrite: true);
                    }
                    url = ImportSetup.MediaPath + "/" + string.Join('/', relative.Split('/').Select(Uri.EscapeDataString));
                    tally.Imported++;
                }
            }
            else tally.Imported++;
            db.ImportedItems.Add(new ImportedItem { Site = run.Site, Kind = ImportKinds.Attachment, WpId = wpId, NashirId = 0, Url = url });
        }
        if (run.Request.DryRun) return;
        using var gate = await writeGate.EnterAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Featured images whose attachment came after the article in the export, once the whole export is read.</summary>
    public async Task ResolveThumbnailsAsync(ImportRun run, CancellationToken cancellationToken)
    {
        if (run.PendingThumbnails.Count == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        foreach (var chunk in run.PendingThumbnails.Chunk(500))
        {
            var ids = chunk.Select(p => p.AttachmentId).Distinct().ToList();
            var urls = await db.ImportedItems.Where(i => i.Site == run.Site && i.Kind == ImportKinds.Attachment && ids.Contains(i.WpId)).ToDictionaryAsync(i => i.WpId, i => i.Url, cancellationToken);
            foreach (var (articleId, attachmentId, postId, position) in chunk)
            {
                if (urls.GetValueOrDefault(attachmentId) is { } url)
                    await db.Articles.Where(a => a.Id == articleId).ExecuteUpdateAsync(a => a.SetProperty(x => x.FeaturedImageUrl, url), cancellationToken);
                else
                    run.Report.Warn("articles", postId, position, $"الصورة البارزة (المرفق #{attachmentId}) غير موجودة في التصدير.", skipped: false);
            }
        }
    }
}
