using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Text;
using Spectre.Console;

namespace Nashir.Web.Features.Import;

/// <summary>
/// `import wordpress &lt;export.xml&gt;… [--media &lt;wp-content/uploads&gt;] [--dry-run]`: a progress bar while the export
/// streams, then the report (per kind: imported, already there, skipped) and every warning with its WordPress id and line.
/// </summary>
public static class ImportCommand
{
    private const int ImportHeapLimitMegabytes = 128;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, IAnsiConsole console)
    {
        var files = new List<string>();
        string? media = null;
        var dryRun = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--media" when i + 1 < args.Length: media = args[++i]; break;
                case "--dry-run": dryRun = true; break;
                case var file when !file.StartsWith("--", StringComparison.Ordinal): files.Add(file); break;
                default: console.MarkupLine($"[red]خيار غير معروف:[/] {Markup.Escape(args[i])}"); return 2;
            }
        }
        if (files.Count == 0)
        {
            console.WriteLine("usage: Nashir.Web import wordpress <export.xml> [more.xml…] [--media <wp-content/uploads>] [--dry-run]");
            return 2;
        }
        if (media is not null && !Directory.Exists(media))
        {
            console.MarkupLine($"[red]مجلد الوسائط غير موجود:[/] {Markup.Escape(media)}");
            return 2;
        }

        // The command is a batch job in a process of its own, and the import streams: what it holds at once is a few
        // batches (WordPressImport bounds them by size too). The server GC this binary runs with sizes its first generation
        // for a web server's throughput, ~150 MB more than that on a 2-core machine (measured: 385 MB peak RSS with 160 MB, 348 MB with 128 MB, for 5,000 posts); a bounded heap keeps it near the need.
        AppContext.SetData("GCHeapHardLimit", (ulong)ImportHeapLimitMegabytes * 1024 * 1024);
        GC.RefreshMemoryLimit();
        await DatabaseSetup.MigrateAsync(services);
        var import = services.GetRequiredService<WordPressImport>();
        var request = new ImportRequest(files.Select(Path.GetFullPath).ToList(), media is null ? null : Path.GetFullPath(media), dryRun);
        ImportReport report;
        if (Console.IsOutputRedirected)
        {
            // Logs and pipes get a line per committed batch instead of a redrawn bar.
            report = await import.RunAsync(request, p =>
            {
                Console.Out.WriteLine($"{Path.GetFileName(p.File)}: {p.Position * 100 / Math.Max(1, p.Length)}% — {p.Articles:N0} articles, {p.Comments:N0} comments");
                Console.Out.Flush();
            });
        }
        else
        {
            ImportReport? done = null;
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask("استيراد", maxValue: 1);
                    done = await import.RunAsync(request, p =>
                    {
                        task.MaxValue = Math.Max(1, p.Length);
                        task.Value = p.Position;
                        task.Description = $"{Markup.Escape(Path.GetFileName(p.File))}: "
                            + $"{ArabicPlural.Count(p.Articles, ArabicPlural.Articles)}، "
                            + ArabicPlural.Count(p.Comments, ArabicPlural.Comments);
                    });
                    task.Value = task.MaxValue;
                });
            report = done!;
        }
        Print(console, report);
        return report.Succeeded ? 0 : 1;
    }

    private static void Print(IAnsiConsole console, ImportReport report)
    {
        var names = new Dictionary<string, string>
        {
            ["articles"] = "مقالات", ["pages"] = "صفحات", ["comments"] = "تعليقات", ["authors"] = "كتّاب",
            ["categories"] = "تصنيفات", ["tags"] = "وسوم", ["media"] = "وسائط",
        };
        var table = new Table().Title(report.DryRun ? "تجربة (--dry-run): لم يُكتب شيء" : "تقرير الاستيراد")
            .AddColumn("kind").AddColumn(new TableColumn(report.DryRun ? "would import" : "imported").RightAligned())
            .AddColumn(new TableColumn("already there").RightAligned()).AddColumn(new TableColumn("skipped").RightAligned());
        foreach (var (kind, tally) in report.Tallies)
            table.AddRow($"{kind} ({names[kind]})", tally.Imported.ToString("N0"), tally.Existing.ToString("N0"), tally.Skipped.ToString("N0"));
        console.Write(table);
        var articles = report["articles"].Imported;
        console.WriteLine($"{report.Elapsed.TotalSeconds:F1} s, {articles / Math.Max(report.Elapsed.TotalSeconds, 0.001):N0} articles/s (reading and converting {report.Converting.TotalSeconds:F1} s, storing {report.Storing.TotalSeconds:F1} s, at the same time)");
        foreach (var warning in report.Warnings)
            console.MarkupLine($"{(warning.Skipped ? "[yellow]skipped[/]" : "[grey]warning[/]")} {Markup.Escape(warning.ToString())}");
        foreach (var error in report.FileErrors)
            console.MarkupLine($"[red]error[/] {Markup.Escape(error)}");
    }
}
