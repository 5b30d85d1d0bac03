using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Features.Import;

/// <summary>An import started from the editors' area: its progress while it runs, its report when done.</summary>
public sealed class ImportJob(Guid id, string fileName, bool dryRun)
{
    public Guid Id { get; } = id;
    public string FileName { get; } = fileName;
    public bool DryRun { get; } = dryRun;
    public ImportProgress? Progress { get; set; }
    public ImportReport? Report { get; set; }
    public string? Failure { get; set; }
    public bool Done => Report is not null || Failure is not null;

    /// <summary>Completes when the job has its report or failure.</summary>
    public Task Finished => finished.Task;

    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal void Finish() => finished.TrySetResult();
}

/// <summary>
/// Runs uploaded exports one at a time in the background (an import is long, a request is not). Jobs live in
/// memory: after a restart the status is gone, but a re-run of the same file continues where it stopped.
/// </summary>
public sealed class ImportJobs(WordPressImport import, IOptions<NashirOptions> options, ILogger<ImportJobs> logger) : BackgroundService
{
    private readonly Channel<(ImportJob Job, string File)> queue = Channel.CreateUnbounded<(ImportJob, string)>();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, ImportJob> jobs = new();

    public string UploadDirectory => Path.Combine(options.Value.DataDirectoryPath, "imports");

    public ImportJob? Find(Guid id) => jobs.GetValueOrDefault(id);

    public ImportJob Enqueue(string file, string fileName, bool dryRun)
    {
        var job = new ImportJob(Guid.NewGuid(), fileName, dryRun);
        jobs[job.Id] = job;
        queue.Writer.TryWrite((job, file));
        return job;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (job, file) in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                job.Report = await import.RunAsync(new ImportRequest([file], DryRun: job.DryRun), p => job.Progress = p, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Import of {File} failed", job.FileName);
                job.Failure = "توقف الاستيراد بسبب خطأ غير متوقع؛ ما استُورد قبله محفوظ، وإعادة تشغيله تكمل الباقي.";
            }
            finally
            {
                File.Delete(file);
                job.Finish();
            }
        }
    }
}
