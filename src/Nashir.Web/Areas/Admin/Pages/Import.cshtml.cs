using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Import;

namespace Nashir.Web.Areas.Admin.Pages;

/// <summary>Upload a WordPress export and watch it import. Admins only: an import writes users and the whole site.</summary>
[Authorize(Policy = AccountsSetup.AdminPolicy)]
[RequestSizeLimit(MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes)]
public sealed class ImportModel(ImportJobs jobs) : PageModel
{
    /// <summary>WordPress exports of large news sites reach a few hundred MB; bigger ones are split or imported with the CLI.</summary>
    public const long MaxUploadBytes = 1L << 30;

    public ImportJob? Job { get; private set; }

    public void OnGet(Guid? job) => Job = job is { } id ? jobs.Find(id) : null;

    public async Task<IActionResult> OnPostAsync(IFormFile? export, bool dryRun, CancellationToken cancellationToken)
    {
        if (export is null || export.Length == 0)
        {
            ModelState.AddModelError("export", "اختر ملف التصدير (XML) من ووردبريس.");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        Directory.CreateDirectory(jobs.UploadDirectory);
        var file = Path.Combine(jobs.UploadDirectory, Guid.NewGuid().ToString("N") + ".xml");
        await using (var target = System.IO.File.Create(file))
        {
            await export.CopyToAsync(target, cancellationToken);
        }
        var job = jobs.Enqueue(file, Path.GetFileName(export.FileName), dryRun);
        return RedirectToPage(new { job = job.Id });
    }
}
