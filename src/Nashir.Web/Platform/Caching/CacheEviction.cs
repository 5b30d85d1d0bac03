using System.Text.Json;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Nashir.Web.Platform.Hosting;
using StackExchange.Redis;

namespace Nashir.Web.Platform.Caching;

/// <summary>What a change makes stale: output-cache tags (pages, feeds) and memory-cache keys (data behind them).</summary>
public sealed record Eviction(string[] Tags, string[] MemoryKeys);

/// <summary>
/// Forgets stale cache entries on this node and, when Redis is configured (<c>Nashir:Redis:Configuration</c>), on
/// every other node of the site. Each node keeps its own in-process caches — a cached page never costs a network
/// round trip — and only the evictions travel, over a Redis pub/sub channel. Without Redis (one node, or nodes
/// that accept it) the other nodes catch up when their entries expire, so a policy's lifetime bounds the lag.
/// </summary>
public sealed class CacheEviction(IOutputCacheStore store, IMemoryCache memory, ClusterChannel channel, ILogger<CacheEviction> logger)
{
    public async Task EvictAsync(Eviction eviction)
    {
        await ApplyLocallyAsync(eviction);
        try
        {
            await channel.PublishAsync(eviction);
        }
        catch (RedisException exception)
        {
            // The change is committed and this node is fresh; the others catch up when their entries expire.
            logger.LogWarning(exception, "Could not tell the other nodes to evict {Tags}; they catch up on expiry.", string.Join(',', eviction.Tags));
        }
    }

    internal async Task ApplyLocallyAsync(Eviction eviction)
    {
        foreach (var key in eviction.MemoryKeys) memory.Remove(key);
        // Not cancellable: the change is committed, so the stale pages must go whatever the request does.
        foreach (var tag in eviction.Tags) await store.EvictByTagAsync(tag, CancellationToken.None);
    }
}

/// <summary>
/// The Redis channel between the nodes, or nothing when Redis is not configured. Connecting does not block start-up
/// and reconnects by itself (StackExchange.Redis), so a Redis restart costs only the evictions sent while it was down.
/// </summary>
public sealed class ClusterChannel(IOptions<NashirOptions> options, ILogger<ClusterChannel> logger) : IAsyncDisposable
{
    /// <summary>Tells this node's own messages apart, so it does not evict twice.</summary>
    private readonly string node = Guid.NewGuid().ToString("N");
    private readonly RedisChannel name = RedisChannel.Literal(options.Value.Redis.Channel);
    private ConnectionMultiplexer? redis;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Redis.Configuration);

    public async Task StartAsync(Func<Eviction, Task> onEviction)
    {
        if (!IsConfigured) return;
        var configuration = ConfigurationOptions.Parse(options.Value.Redis.Configuration!);
        configuration.AbortOnConnectFail = false;
        redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        var queue = await redis.GetSubscriber().SubscribeAsync(name);
        queue.OnMessage(async message =>
        {
            var envelope = Read(message.Message);
            if (envelope is null || envelope.Node == node) return;
            try
            {
                await onEviction(new Eviction(envelope.Tags, envelope.MemoryKeys));
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Could not apply an eviction from another node.");
            }
        });
        logger.LogInformation("Cache evictions are shared with the other nodes through Redis channel {Channel}.", options.Value.Redis.Channel);
    }

    public async Task PublishAsync(Eviction eviction)
    {
        if (redis is null) return;
        var envelope = new Envelope(node, eviction.Tags, eviction.MemoryKeys);
        await redis.GetSubscriber().PublishAsync(name, JsonSerializer.Serialize(envelope));
    }

    private Envelope? Read(RedisValue value)
    {
        try
        {
            return JsonSerializer.Deserialize<Envelope>(value.ToString());
        }
        catch (JsonException)
        {
            logger.LogWarning("Ignored a malformed message on the evictions channel.");
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (redis is not null) await redis.DisposeAsync();
    }

    private sealed record Envelope(string Node, string[] Tags, string[] MemoryKeys);
}

/// <summary>Subscribes at start; messages from the other nodes are applied to this node's caches only.</summary>
internal sealed class ClusterEvictionListener(ClusterChannel channel, CacheEviction eviction) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => channel.StartAsync(eviction.ApplyLocallyAsync);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
