using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Nashir.Tests.Support;

/// <summary>A real SMTP server (SmtpServer package) on 127.0.0.1 that keeps what it receives for the test to read.</summary>
public sealed class LoopbackSmtp : IAsyncDisposable
{
    private readonly Channel<MimeMessage> received = Channel.CreateUnbounded<MimeMessage>();
    private readonly CancellationTokenSource stop = new();
    private SmtpServer.SmtpServer? server;
    private Task running = Task.CompletedTask;

    /// <param name="listening">false: the port is chosen but nothing answers on it until <see cref="Start"/> (a mail server that is down).</param>
    public LoopbackSmtp(bool listening = true)
    {
        // A free port from the OS; nothing else binds between this and the server's start in a test run.
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }
        if (listening) Start();
    }

    public void Start()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(received.Writer));
        server = new SmtpServer.SmtpServer(options, services);
        running = server.StartAsync(stop.Token);
    }

    public int Port { get; }

    /// <summary>The next message, waiting for the app's background sender (bounded, so a broken sender fails the test).</summary>
    public async Task<MimeMessage> NextAsync() =>
        await received.Reader.ReadAsync(Xunit.TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(20));

    /// <summary>
    /// The next message, while the app's clock moves on a step at a time (so its retry backoff passes); each
    /// step waits briefly for the sender to react. Bounded like <see cref="NextAsync"/>.
    /// </summary>
    public async Task<MimeMessage> NextAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, TimeSpan step)
    {
        var next = received.Reader.ReadAsync(Xunit.TestContext.Current.CancellationToken).AsTask();
        for (var i = 0; i < 80; i++)
        {
            if (await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(250), Xunit.TestContext.Current.CancellationToken)) == next) return await next;
            clock.Advance(step);
        }
        throw new TimeoutException("No message arrived.");
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        server?.Shutdown();
        try { await running; } catch (OperationCanceledException) { }
        stop.Dispose();
    }

    private sealed class Store(ChannelWriter<MimeMessage> writer) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            writer.TryWrite(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
