using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;

namespace Nashir.Tests.Support.SocialEmulators;

/// <summary>
/// The real site as its own process (the test build's Nashir.Web.dll) on a loopback port, SQLite in a temporary
/// folder, so that a test can SIGKILL it mid-work and start it again on the same data.
/// </summary>
public sealed class ChildSite : IAsyncDisposable
{
    private readonly Dictionary<string, string?> settings;
    private Process? process;

    public ChildSite(IReadOnlyDictionary<string, string?> settings)
    {
        DataDirectory = Directory.CreateTempSubdirectory("nashir-child-").FullName;
        Port = Loopback.FreePort();
        this.settings = new Dictionary<string, string?>(settings)
        {
            ["Nashir:DataDirectory"] = DataDirectory,
            ["Nashir:Site:Url"] = "http://localhost",
            ["Nashir:DemoContent"] = "false",
            ["Nashir:Admin:Email"] = NashirApp.AdminEmail,
            ["Nashir:Admin:Password"] = NashirApp.AdminPassword,
            ["Nashir:Api:BootstrapToken"] = NashirApp.BootstrapToken,
            ["Logging:LogLevel:Default"] = "Warning",
        };
    }

    public string DataDirectory { get; }
    public int Port { get; }
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");
    public int Starts { get; private set; }
    public int ProcessId => process?.Id ?? throw new InvalidOperationException("The site is not running.");

    public async Task StartAsync(IReadOnlyDictionary<string, string?>? overrides = null, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Nashir.Web.dll"), "--urls", BaseUrl.ToString().TrimEnd('/')])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in settings.Concat(overrides ?? new Dictionary<string, string?>()))
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove(Nashir.Web.Platform.Hosting.SocketThreads.InlineCompletions);
        process = Process.Start(start) ?? throw new InvalidOperationException("The site did not start.");
        Starts++;
        var log = Path.Combine(DataDirectory, $"run-{Starts}.log");
        _ = process.StandardOutput.BaseStream.CopyToAsync(File.Create(log + ".out"), cancellationToken);
        _ = process.StandardError.BaseStream.CopyToAsync(File.Create(log + ".err"), cancellationToken);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The site exited with {process.ExitCode}; see {log}.err");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl, "api/v1/articles"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { /* busy machine */ }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The site did not answer within 2 minutes.");
            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>SIGKILL: no graceful shutdown, no flush, exactly what a crashed node does.</summary>
    public async Task KillAsync()
    {
        if (process is null || process.HasExited) return;
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
        process.Dispose();
        process = null;
    }

    public SqliteConnection OpenDatabase()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "nashir.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }


    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (IOException) { /* a log still being closed; it is a temp folder */ }
    }
}
