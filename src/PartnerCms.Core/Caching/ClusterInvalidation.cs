using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace PartnerCms.Core.Caching;

/// <summary>
/// Tells every node's in-memory caches that something changed: <see cref="Publish"/> forgets the key on this node at
/// once and, when Redis:Configuration is set, on every other node through a Redis pub/sub channel. For data that changes
/// rarely and whose staleness is harmless for a moment (names): a message lost while Redis is down is covered by the
/// caches' own time limits. Never for a security decision: those use <see cref="VersionStamps"/>, read before each answer.
/// </summary>
public sealed class ClusterInvalidation(IConfiguration configuration, ILogger<ClusterInvalidation> logger) : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, List<Action<string>>> _handlers = new(StringComparer.Ordinal);
    private readonly string _node = Guid.NewGuid().ToString("N");
    private ConnectionMultiplexer? _redis;
    private RedisChannel _channel;

    /// <summary>This node's connection to Redis once started (null without Redis:Configuration or when it was unreachable at start).</summary>
    internal ConnectionMultiplexer? Redis => _redis;

    /// <summary>The prefix of every Redis key and channel of this site (Redis:InstanceName).</summary>
    internal string InstanceName => configuration["Redis:InstanceName"] ?? "partnercms:";

    /// <summary>Whether Redis:Configuration names a Redis server (the nodes then share their invalidations through it).</summary>
    internal bool RedisConfigured => !string.IsNullOrWhiteSpace(configuration["Redis:Configuration"]);

    /// <summary>Calls <paramref name="forget"/> with the key whenever a node publishes to <paramref name="topic"/>.</summary>
    public void Subscribe(string topic, Action<string> forget)
    {
        var list = _handlers.GetOrAdd(topic, _ => []);
        lock (list)
        {
            list.Add(forget);
        }
    }

    /// <summary>Forgets <paramref name="key"/> of <paramref name="topic"/> here and on every other node.</summary>
    public void Publish(string topic, string key)
    {
        Deliver(topic, key);
        if (_redis is { IsConnected: true } redis)
        {
            // Fire and forget: the caller's change is saved; a lost message only delays what others show.
            _ = redis.GetSubscriber().PublishAsync(_channel, _node + "\n" + topic + "\n" + key, CommandFlags.FireAndForget);
        }
    }

    private void Deliver(string topic, string key)
    {
        if (!_handlers.TryGetValue(topic, out var list))
        {
            return;
        }

        Action<string>[] handlers;
        lock (list)
        {
            handlers = [.. list];
        }

        foreach (var handler in handlers)
        {
            handler(key);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = configuration["Redis:Configuration"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return;
        }

        try
        {
            var options = ConfigurationOptions.Parse(configured);
            options.AbortOnConnectFail = false;
            _redis = await ConnectionMultiplexer.ConnectAsync(options);
            _channel = RedisChannel.Literal(InstanceName + "invalidate");
            await _redis.GetSubscriber().SubscribeAsync(_channel, (_, message) =>
            {
                var parts = message.ToString().Split('\n', 3);
                if (parts.Length == 3 && !string.Equals(parts[0], _node, StringComparison.Ordinal))
                {
                    Deliver(parts[1], parts[2]);
                }
            });
        }
        catch (RedisException ex)
        {
            logger.LogWarning(ex, "Cache invalidation across nodes is off: Redis could not be reached. Cached names expire by themselves.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
