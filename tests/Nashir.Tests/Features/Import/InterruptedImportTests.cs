using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Web.Features.Import;
using Nashir.Web.Features.Search;
using Nashir.Web.Platform.Data;
using Xunit;
using static Nashir.Tests.Features.Import.WxrFiles;

namespace Nashir.Tests.Features.Import;

public sealed class InterruptedImportTests_on_Sqlite(SqliteApp app) : InterruptedImportTests<SqliteApp>(app);

public sealed class InterruptedImportTests_on_Postgres(PostgresApp app) : InterruptedImportTests<PostgresApp>(app);

/// <summary>
/// The CLI as an operator runs it (`dotnet Nashir.Web.dll import wordpress …`, a real child process with the site's
/// configuration), killed with SIGKILL in the middle: only whole items are left, and running it again finishes the job
/// without duplicates.
/// </summary>
public abstract class InterruptedImportTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    private const int Posts = 2000;

    [Fact]
    public async Task A_killed_import_leaves_whole_items_and_a_rerun_completes_it_without_duplicates()
    {
        await using var site = await app.StartNewAsync(demoContent: false);
        _ = site.Services; // starts the site: migrations, first admin
        var items = new StringBuilder();
        for (var id = 1; id <= Posts; id++) items.Append(Post(id, $"خبر رقم {id}", comments: Comment(id * 10) + Comment(id * 10 + 1, parent: id * 10)));
        var file = site.WriteExport(Document(items.ToString()));

        var (child, childErrors) = StartImport(site.Storage, file, drainOutput: false);
        using (child)
        {
            // The CLI prints a line per committed batch when its output is a pipe: kill at the first one, from a
            // thread of its own that blocks on the pipe, so a busy test scheduler cannot delay the kill.
            string? line = null;
            var killer = new Thread(() =>
            {
                line = child.StandardOutput.ReadLine();
                if (!child.HasExited) child.Kill(entireProcessTree: true); // SIGKILL: no graceful shutdown, no finally blocks
            });
            killer.Start();
            await child.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
            killer.Join();
            Assert.True(line is not null, "The import printed nothing: " + await childErrors);
        }

        var killed = await CountAsync(site, db => db.Articles.CountAsync());
        Assert.InRange(killed, WordPressImport.BatchSize, Posts - 1);
        Assert.Equal(killed, await CountAsync(site, db => db.ImportedItems.CountAsync(i => i.Kind == ImportKinds.Post)));
        Assert.Equal(killed * 2, await CountAsync(site, db => db.Comments.CountAsync()));
        Assert.Equal(killed, await CountAsync(site, db => db.Set<SearchDocument>().CountAsync()));

        var (rerun, rerunErrors) = StartImport(site.Storage, file);
        using (rerun)
        {
            await rerun.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(rerun.ExitCode == 0, $"The rerun exited with {rerun.ExitCode}: {await rerunErrors}");
        }
        Assert.Equal(Posts, await CountAsync(site, db => db.Articles.CountAsync()));
        Assert.Equal(Posts, await CountAsync(site, db => db.Articles.Select(a => a.Headline).Distinct().CountAsync()));
        Assert.Equal(Posts * 2, await CountAsync(site, db => db.Comments.CountAsync()));
        Assert.Equal(Posts, await CountAsync(site, db => db.Articles.CountAsync(a => a.CommentCount == 2)));
    }

    /// <summary>The child and its standard error (drained, as is its output unless the caller reads it, so a full pipe never blocks it).</summary>
    private static (Process Process, Task<string> Errors) StartImport(NashirStorage storage, string file, bool drainOutput = true)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = storage.DataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Nashir.Web.dll"), "import", "wordpress", file }) start.ArgumentList.Add(argument);
        start.Environment["Nashir__DataDirectory"] = storage.DataDirectory;
        start.Environment["Nashir__Database__Provider"] = storage.Provider;
        if (storage.ConnectionString is { } connection) start.Environment["Nashir__Database__ConnectionString"] = connection;
        start.Environment["Nashir__DemoContent"] = "false";
        start.Environment["Nashir__Admin__Email"] = NashirApp.AdminEmail;
        start.Environment["Nashir__Admin__Password"] = NashirApp.AdminPassword;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        if (drainOutput) _ = process.StandardOutput.ReadToEndAsync();
        return (process, process.StandardError.ReadToEndAsync());
    }

    private static async Task<int> CountAsync(NashirApp site, Func<NashirDb, Task<int>> count)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await count(scope.ServiceProvider.GetRequiredService<NashirDb>());
    }
}
