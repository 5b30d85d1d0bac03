using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Nashir.Tests.Support;

/// <summary>
/// Real consumers from the npm registry (a feed parser used by aggregators, the jsonld processor),
/// run with node on what the site produced. Installed by `npm ci` in Feeds/js (.ci/run does it);
/// where node or the modules are missing the test is reported as skipped, never passed.
/// </summary>
public static class NodeConsumers
{
    private static readonly Lazy<string?> Folder = new(FindFolder);

    /// <summary>Parses feeds with @extractus/feed-extractor; fails the test if any is unreadable.</summary>
    public static Task<JsonElement> ParseFeedsAsync(IEnumerable<(string Format, string Body)> feeds) =>
        RunAsync("parse-feeds.mjs", JsonSerializer.Serialize(feeds.Select(f => new { format = f.Format, body = f.Body })));

    /// <summary>Expands JSON-LD blocks with jsonld.js; one expanded array per block.</summary>
    public static Task<JsonElement> ExpandJsonLdAsync(IEnumerable<string> blocks) =>
        RunAsync("expand-jsonld.mjs", JsonSerializer.Serialize(blocks));

    private static async Task<JsonElement> RunAsync(string script, string input)
    {
        var folder = Folder.Value;
        if (folder is null) Assert.Skip("node or the npm modules of tests/Nashir.Tests/Feeds/js are missing (run `npm ci` there).");
        var start = new ProcessStartInfo("node", [Path.Combine(folder, script)])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"node {script} failed ({process.ExitCode}): {await errors}");
        return JsonDocument.Parse(await output).RootElement.Clone();
    }

    private static string? FindFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var folder = Path.Combine(directory.FullName, "tests", "Nashir.Tests", "Feeds", "js");
            if (!Directory.Exists(folder)) continue;
            if (!Directory.Exists(Path.Combine(folder, "node_modules", "jsonld")) || !Directory.Exists(Path.Combine(folder, "node_modules", "@extractus"))) return null;
            return HasNode() ? folder : null;
        }
        return null;
    }

    private static bool HasNode()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("node", ["--version"]) { RedirectStandardOutput = true });
            process?.WaitForExit(10_000);
            return process is { ExitCode: 0 };
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
