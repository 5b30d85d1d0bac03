using System.Diagnostics;
using Nashir.Tests.Support;
using Npgsql;
using Xunit;

[assembly: AssemblyFixture(typeof(PostgresServer))]

namespace Nashir.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster for the whole test run, made from the machine's own binaries:
/// started on first use (a SQLite-only run never pays for it), one database per app, stopped and
/// deleted at the end. Where the binaries are absent the PostgreSQL tests are skipped, never passed.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>initdb and postgres refuse to run as root; in CI (root) they run as this OS user of Debian's postgresql package.</summary>
    private const string ServiceUser = "postgres";

    private static readonly string[] Tools = ["initdb", "pg_ctl", "postgres"];

    private readonly SemaphoreSlim starting = new(1, 1);
    private string? directory;
    private string? binaries;
    private bool asServiceUser;
    private int port;

    /// <summary>Why PostgreSQL tests cannot run on this machine, or null once the cluster is up.</summary>
    public string? Unavailable { get; private set; }

    public bool IsStarted => port != 0;

    /// <summary>Starts the cluster if nobody has yet; false (with <see cref="Unavailable"/>) when the machine cannot run one.</summary>
    public async Task<bool> EnsureStartedAsync()
    {
        await starting.WaitAsync();
        try
        {
            if (IsStarted) return true;
            if (Unavailable is not null) return false;
            binaries = FindBinaries();
            if (binaries is null)
            {
                Unavailable = "PostgreSQL binaries (initdb, pg_ctl, postgres) are not on PATH nor in /usr/lib/postgresql/*/bin; install Debian's postgresql package.";
                return false;
            }
            asServiceUser = Environment.UserName == "root";
            if (asServiceUser && !await SucceedsAsync("id", "-u", ServiceUser))
            {
                Unavailable = $"running as root, and there is no '{ServiceUser}' OS user to run PostgreSQL as (it comes with Debian's postgresql package).";
                return false;
            }
            await StartClusterAsync();
            return true;
        }
        finally
        {
            starting.Release();
        }
    }

    /// <summary>A new empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        if (!IsStarted) throw new InvalidOperationException("Call EnsureStartedAsync first.");
        var name = $"nashir_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    private string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = ServiceUser,
        Database = database,
        // Each app has its own pool; a small one keeps a dozen apps well under max_connections.
        MaxPoolSize = 20,
    }.ConnectionString;

    private async Task StartClusterAsync()
    {
        directory = Directory.CreateTempSubdirectory("nashir-pg-").FullName;
        var data = Path.Combine(directory, "data");
        var log = Path.Combine(directory, "server.log");
        if (asServiceUser) await RunAsync("chown", [ServiceUser, directory]);

        // Trust is for loopback and the socket only, in a cluster that lives as long as the test run.
        await RunPostgresToolAsync("initdb", "-D", data, "-U", ServiceUser, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync");

        // A port picked by the OS can be taken by someone else before postgres binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var candidate = Loopback.FreePort();
            // Durability is worthless here: fsync and friends off make migrations several times faster.
            var options = $"-p {candidate} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=300 " +
                          "-c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            var (exit, output) = await RunAsync(asServiceUser ? "runuser" : Tool("pg_ctl"),
                Arguments("pg_ctl", "-D", data, "-l", log, "-w", "-t", "60", "-o", options, "start"), check: false);
            if (exit == 0)
            {
                port = candidate;
                return;
            }
            if (attempt == 3)
            {
                var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
                throw new InvalidOperationException($"PostgreSQL did not start: {output}\n{serverLog}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        starting.Dispose();
        if (directory is null) return;
        if (IsStarted)
        {
            NpgsqlConnection.ClearAllPools();
            await RunPostgresToolAsync("pg_ctl", "-D", Path.Combine(directory, "data"), "-m", "immediate", "-w", "stop");
        }
        Directory.Delete(directory, recursive: true);
    }

    private static string? FindBinaries()
    {
        static bool HasAll(string dir) => Tools.All(tool => File.Exists(Path.Combine(dir, tool)));

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "pg_ctl")).FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            // /usr/local/bin/pg_ctl is often a link into /usr/lib/postgresql/N/bin, where its siblings are.
            var real = File.ResolveLinkTarget(onPath, returnFinalTarget: true)?.FullName ?? onPath;
            if (Path.GetDirectoryName(real) is { } dir && HasAll(dir)) return dir;
        }
        const string debian = "/usr/lib/postgresql";
        if (!Directory.Exists(debian)) return null;
        return Directory.GetDirectories(debian)
            .OrderByDescending(dir => int.TryParse(Path.GetFileName(dir), out var version) ? version : 0)
            .Select(dir => Path.Combine(dir, "bin"))
            .FirstOrDefault(HasAll);
    }


    private string Tool(string name) => Path.Combine(binaries!, name);

    /// <summary>The command line for a PostgreSQL tool, behind `runuser -u postgres --` when we are root.</summary>
    private string[] Arguments(string tool, params string[] arguments) =>
        asServiceUser ? ["-u", ServiceUser, "--", Tool(tool), .. arguments] : arguments;

    private Task<(int Exit, string Output)> RunPostgresToolAsync(string tool, params string[] arguments) =>
        RunAsync(asServiceUser ? "runuser" : Tool(tool), Arguments(tool, arguments));

    private static async Task<bool> SucceedsAsync(string program, params string[] arguments) =>
        (await RunAsync(program, arguments, check: false)).Exit == 0;

    private static async Task<(int Exit, string Output)> RunAsync(string program, string[] arguments, bool check = true)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // postgres must not inherit a working directory it cannot read (root's home, a test folder).
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = (await stdout) + (await stderr);
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {output}");
        return (process.ExitCode, output);
    }
}
