using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nashir.Tests.Support.SocialEmulators;

public enum Fault { ServerError, RateLimited, Slow }

/// <summary>A request as the emulator received it.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonNode? Json => Body.StartsWith('{') ? JsonNode.Parse(Body) : null;

    /// <summary>Whether the body carries the text, JSON escapes (\uXXXX) or form encoding undone.</summary>
    public bool Carries(string text) =>
        System.Text.RegularExpressions.Regex.Unescape(Body).Contains(text, StringComparison.Ordinal)
        || Uri.UnescapeDataString(Body.Replace('+', ' ')).Contains(text, StringComparison.Ordinal);
}

/// <summary>
/// A social network's documented HTTP contract on a real Kestrel socket on 127.0.0.1 (port 0): auth,
/// validation, duplicates, rate limits, 5xx and slow answers, and a record of everything received.
/// Faults apply to the posting endpoint only: forced ones first (FailNext), then at a random rate.
/// A slow fault stores the post and answers late, as a network whose answer was lost would.
/// </summary>
public abstract class NetworkEmulator : IAsyncDisposable
{
    private readonly ConcurrentQueue<Fault> forced = new();
    private WebApplication? app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The network's clock, for its rate-limit reset times: in tests the same fake clock as the site's.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;
    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    /// <summary>Share of posting requests that fail at random (0–1), and with which faults.</summary>
    public double FaultRate { get; set; }
    public Fault[] RandomFaults { get; set; } = [Fault.ServerError, Fault.RateLimited, Fault.Slow];
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a 429 asks the client to wait.</summary>
    public TimeSpan RateLimitWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>When a request arrived first at the posting endpoint (for latency measurements).</summary>
    public ConcurrentQueue<DateTimeOffset> PostArrivals { get; } = new();

    public abstract int PostCount { get; }

    public void FailNext(Fault fault, int times = 1)
    {
        for (var i = 0; i < times; i++) forced.Enqueue(fault);
    }

    public static async Task<T> StartAsync<T>() where T : NetworkEmulator, new()
    {
        var emulator = new T();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
            emulator.Received.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            await next(context);
        });
        emulator.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.app = app;
        emulator.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return emulator;
    }

    protected abstract void Map(WebApplication app);

    /// <summary>The fault for this posting request, if any.</summary>
    protected Fault? NextFault()
    {
        PostArrivals.Enqueue(DateTimeOffset.UtcNow);
        if (forced.TryDequeue(out var fault)) return fault;
        return Random.Shared.NextDouble() < FaultRate ? RandomFaults[Random.Shared.Next(RandomFaults.Length)] : null;
    }

    /// <summary>For a slow fault: the post is stored, then the answer comes too late for the client.</summary>
    protected async Task AnswerLateAsync(Fault? fault, HttpContext context)
    {
        if (fault == Fault.Slow)
        {
            try { await Task.Delay(SlowDelay, context.RequestAborted); }
            catch (OperationCanceledException) { /* the client gave up, as intended */ }
        }
    }

    protected static async Task<JsonNode?> ReadJsonAsync(HttpContext context)
    {
        try { return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted); }
        catch (System.Text.Json.JsonException) { return null; }
    }

    protected static string? Bearer(HttpContext context) =>
        context.Request.Headers.Authorization.ToString() is var header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : null;

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (app is not null) await app.DisposeAsync();
    }
}
