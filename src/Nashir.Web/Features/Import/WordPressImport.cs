using System.Diagnostics;
using System.Threading.Channels;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.FrontPage;
using Nashir.Web.Features.Search;
using Nashir.Web.Features.Menus;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Features.Import;

/// <summary>
/// Imports WordPress exports as a two-stage pipeline, so that both cores work: one task streams the export and
/// converts each batch of posts (sanitizing, search analysis: on every core), while the previous batch is stored
/// (<see cref="PostBatchWriter"/>, one transaction per batch). Authors, terms and attachments are stored by the same
/// second stage, in file order. A killed run leaves whole items only, and a re-run skips them by WordPress id.
/// Nothing here announces anything (no outbox rows), so imported articles are never posted to social networks.
/// </summary>
public sealed class WordPressImport(
    IServiceScopeFactory scopes, ArticleHtml html, SiteClock siteClock, PublicPageEviction eviction,
    SqliteWriteGate writeGate, Microsoft.Extensions.Options.IOptions<NashirOptions> options, TimeProvider clock)
{
    /// <summary>Posts per transaction: large enough to amortize a commit (fsync), small enough to keep memory flat.</summary>
    internal const int BatchSize = 250;

    /// <summary>
    /// A batch also ends at this much post text (characters), so that memory stays flat with long posts too (250 posts of
    /// the 200,000 characters an article may have would be 100 MB as read, and several times that converted).
    /// </summary>
    private const int BatchCharacters = 1_500_000;

    /// <summary>Converted batches waiting to be stored: enough to keep the writer busy, few enough to keep memory flat.</summary>
    private const int BatchesAhead = 2;

    public const string ImporterName = "استيراد ووردبريس";

    private readonly AuthorImport authors = new(scopes, writeGate, clock);
    private readonly TermImport terms = new(scopes, writeGate);
    private readonly AttachmentImport attachments = new(scopes, writeGate, options);
    private readonly PostBatchWriter posts = new(scopes, writeGate, clock);

    public async Task<ImportReport> RunAsync(ImportRequest request, Action<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var report = new ImportReport { DryRun = request.DryRun };
        int fallbackAuthor;
        await using (var scope = scopes.CreateAsyncScope())
        {
            fallbackAuthor = (await scope.ServiceProvider.GetRequiredService<FirstStart>().EnsureAdminAsync(cancellationToken)).Id;
        }
        var run = new ImportRun(request, report, new WordPressItems(html, siteClock.ToUtc), fallbackAuthor);

        // The database steps, in file order; the reading task fills it, this one empties it.
        var steps = Channel.CreateBounded<Func<CancellationToken, Task>>(new BoundedChannelOptions(BatchesAhead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Task.Run(async () =>
        {
            try
            {
                await ReadAsync(run, steps.Writer, progress, stop.Token);
                steps.Writer.Complete();
            }
            catch (Exception e)
            {
                steps.Writer.Complete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var step in steps.Reader.ReadAllAsync(stop.Token))
            {
                var started = Stopwatch.GetTimestamp();
                await step(stop.Token);
                report.Storing += Stopwatch.GetElapsedTime(started);
            }
        }
        finally
        {
            await stop.CancelAsync(); // a failed store stops the reading too
            await reading;
        }

        await attachments.ResolveThumbnailsAsync(run, cancellationToken);
        // Posts of a batch are converted in parallel: warnings in file order again.
        var fileOrder = new Dictionary<string, int>();
        foreach (var file in request.Files) fileOrder.TryAdd(file, fileOrder.Count);
        report.Warnings.Sort((a, b) => (fileOrder.GetValueOrDefault(a.Position.File), a.Position.Line).CompareTo((fileOrder.GetValueOrDefault(b.Position.File), b.Position.Line)));
        if (!request.DryRun)
        {
            await eviction.ListingsChangedAsync();
            await using var scope = scopes.CreateAsyncScope();
            if (run.StickyArticles.Count > 0)
                report.StickyPinned = await scope.ServiceProvider.GetRequiredService<FrontPageSlots>().PinImportedAsync(run.StickyArticles, cancellationToken);
            // Imported sections and pages show in the menus of every page.
            await scope.ServiceProvider.GetRequiredService<SiteNavigation>().ChangedAsync();
        }
        report.Elapsed = watch.Elapsed;
        return report;
    }

    /// <summary>The first stage: streams each file and queues what to store, posts converted in batches.</summary>
    private async Task ReadAsync(ImportRun run, ChannelWriter<Func<CancellationToken, Task>> steps, Action<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var indexer = scope.ServiceProvider.GetRequiredService<ArticleIndexer>();
        var started = Stopwatch.GetTimestamp();
        foreach (var file in run.Request.Files)
        {
            var batch = new List<WxrItem>();
            var batchCharacters = 0L;
            WxrChannel? channel = null;
            long position = 0, length = 0;
            Task SendBatchAsync()
            {
                if (batch.Count == 0 || channel is null) return Task.CompletedTask;
                var converted = ConvertedBatch.From(run, batch, channel, indexer);
                batch = [];
                batchCharacters = 0;
                var (at, of) = (position, length);
                return Queue(async c =>
                {
                    await StoreAsync(run, converted, c);
                    var tallies = run.Report;
                    progress?.Invoke(new ImportProgress(file, at, of, tallies["articles"].Imported + tallies["articles"].Existing, tallies["comments"].Imported));
                });
            }
            // Time waiting for the second stage is not converting time.
            async Task Queue(Func<CancellationToken, Task> step)
            {
                run.Report.Converting += Stopwatch.GetElapsedTime(started);
                await steps.WriteAsync(step, cancellationToken);
                started = Stopwatch.GetTimestamp();
            }

            try
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
                length = stream.Length;
                foreach (var entry in WxrReader.Read(stream, file))
                {
                    switch (entry)
                    {
                        case WxrChannel start:
                            channel = start;
                            await Queue(_ => { run.Channel = start; return Task.CompletedTask; });
                            break;
                        case WxrAuthor author:
                            await Queue(c => authors.ImportAsync(run, author, c));
                            break;
                        case WxrTerm term:
                            await Queue(c => terms.ImportAsync(run, term, c));
                            break;
                        case WxrItem item:
                            batch.Add(item);
                            batchCharacters += item.Field("content:encoded").Length + item.Comments.Sum(c => (long)c.Field("wp:comment_content").Length);
                            position = stream.Position;
                            if (batch.Count >= BatchSize || batchCharacters >= BatchCharacters) await SendBatchAsync();
                            break;
                    }
                }
                position = stream.Position;
                await SendBatchAsync();
            }
            catch (WxrException e)
            {
                // Items read before the break are whole: keep them.
                await SendBatchAsync();
                await Queue(_ => { run.Report.FileErrors.Add(e.Message); return Task.CompletedTask; });
            }
            catch (IOException e)
            {
                await Queue(_ => { run.Report.FileErrors.Add($"{file}: {e.Message}"); return Task.CompletedTask; });
            }
        }
    }

    /// <summary>The second stage for a batch: the terms its posts use, its attachments, then its posts.</summary>
    private async Task StoreAsync(ImportRun run, ConvertedBatch batch, CancellationToken cancellationToken)
    {
        foreach (var (term, position) in batch.Terms)
            await terms.ImportAsync(run, term.Domain, 0, term.Nicename, term.Name, "", position, cancellationToken);
        await attachments.ImportAsync(run, batch.Attachments, cancellationToken);
        await posts.WriteAsync(run, batch.Posts, cancellationToken);
    }
}

/// <summary>A batch of export items sorted and converted, ready to store: the work of the first stage.</summary>
internal sealed record ConvertedBatch(List<PreparedPost> Posts, List<WxrItem> Attachments, List<(WxrItemTerm Term, WxrPosition Position)> Terms)
{
    public static ConvertedBatch From(ImportRun run, List<WxrItem> items, WxrChannel channel, ArticleIndexer indexer)
    {
        var candidates = new List<(WxrItem Item, string Type)>();
        var attachments = new List<WxrItem>();
        var terms = new List<(WxrItemTerm, WxrPosition)>();
        foreach (var item in items)
        {
            var type = item.Field("wp:post_type");
            var status = item.Field("wp:status");
            if (type == "attachment") { attachments.Add(item); continue; }
            if (type is not (ImportKinds.Post or ImportKinds.Page) || status == "auto-draft") continue; // menus, revisions, blocks…
            if (status == "trash")
            {
                run.Report.Warn(type == ImportKinds.Page ? "pages" : "articles", item.Id("wp:post_id"), item.Position, "في سلة المهملات: لا يُستورد.", skipped: true);
                continue;
            }
            terms.AddRange(item.Terms.Select(t => (t, item.Position)));
            candidates.Add((item, type));
        }
        // Converting, sanitizing and analyzing for search is half of an import's CPU, and each post is independent: in
        // parallel, file order kept. The search document gets its article id when the article is stored.
        var converted = new PreparedPost?[candidates.Count];
        // All cores but the one the storing stage needs: it is the slower stage, so it should never wait for a core.
        var cores = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount - 1) };
        Parallel.For(0, candidates.Count, cores, i =>
        {
            var (item, type) = candidates[i];
            var post = run.Items.Post(item, type, channel, run.Report);
            if (post is { Kind: ImportKinds.Post } && !run.Request.DryRun)
                post.Search = indexer.Document(0, post.PublishAt, post.Headline, null, null, post.Body);
            converted[i] = post;
        });
        var posts = converted.OfType<PreparedPost>().ToList();
        return new ConvertedBatch(posts, attachments, terms);
    }
}
