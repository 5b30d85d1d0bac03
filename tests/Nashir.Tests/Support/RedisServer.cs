using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Nashir.Tests.Support;
using Xunit;

[assembly: AssemblyFixture(typeof(RedisServer))]

namespace Nashir.Tests.Support;

/// <summary>
/// A throwaway Redis server from the machine's own binary (Debian's redis-server), started on first use on a free
/// loopback port, without persistence, and stopped at the end of the run. Without the binary the tests that need
/// it are skipped, never passed.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly string[] Binaries = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];

    private readonly SemaphoreSlim starting = new(1, 1);
    private Process? process;

    /// <summary>Why Redis tests cannot run here, or null.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>The StackExchange.Redis configuration string of the running server.</summary>
    public string Configuration { get; private set; } = "";

    public async Task<bool> EnsureStartedAsync()
    {
        await starting.WaitAsync();
        try
        {
            if (process is not null) return true;
            if (Unavailable is not null) return false;
            var binary = Binaries.FirstOrDefault(File.Exists);
            if (binary is null)
            {
                Unavailable = "redis-server is not installed; install Debian's redis-server package.";
                return false;
            }
            var port = Loopback.FreePort();
            var start = new ProcessStartInfo(binary)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
                start.ArgumentList.Add(argument);
            process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            Configuration = $"127.0.0.1:{port}";
            await WaitUntilAcceptingAsync(port);
            return true;
        }
        finally
        {
            starting.Release();
        }
    }

    private async Task WaitUntilAcceptingAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && process is { HasExited: false })
            {
                await Task.Delay(50);
            }
        }
    }


    public async ValueTask DisposeAsync()
    {
        starting.Dispose();
        if (process is null) return;
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
