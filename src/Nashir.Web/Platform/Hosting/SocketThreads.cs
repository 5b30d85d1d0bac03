using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Nashir.Web.Platform.Hosting;

/// <summary>
/// Where requests run. By default .NET hands every socket event to the thread pool and Kestrel hands it on
/// once more, so a cached page costs two thread switches for a few microseconds of work. With inline sockets,
/// the thread that reads the request from the socket answers it when the output cache can (cached article:
/// +15 % req/s in A/B runs on two cores), and anything the cache cannot answer moves to the thread pool first:
/// a render on the socket thread holds up every other connection that thread serves, and SQLite's "async"
/// calls block (uncached article: p99 24 ms with the move, 200 ms without).
/// <para>
/// Off by default on PostgreSQL: framework code reads the database synchronously (the data-protection key
/// ring), and a synchronous socket read on a socket thread waits for an event only that thread could deliver.
/// </para>
/// </summary>
public static class SocketThreads
{
    /// <summary>Read by the runtime once, when its socket engine starts; an operator's own value wins.</summary>
    public const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static bool Inline(NashirOptions options) => options.Server.InlineSockets ?? options.Database.Kind == DatabaseKind.Sqlite;

    /// <summary>Before anything opens a socket (a hosted service may, before Kestrel starts).</summary>
    public static void AddInlineSockets(this WebApplicationBuilder builder)
    {
        if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
            Environment.SetEnvironmentVariable(InlineCompletions, "1");
        builder.Services.Configure<SocketTransportOptions>(sockets => sockets.UnsafePreferInlineScheduling = true);
    }

    /// <summary>Right after the output cache: what it did not answer continues on the thread pool.</summary>
    public static IApplicationBuilder UseThreadPoolForWork(this IApplicationBuilder app) =>
        app.Use(static async (context, next) =>
        {
            await Task.Yield();
            await next(context);
        });
}
