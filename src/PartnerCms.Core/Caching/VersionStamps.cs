using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerCms.Core.Data;
using StackExchange.Redis;

namespace PartnerCms.Core.Caching;

/// <summary>
/// Which version stamps a saved entity changes: <see cref="Keys"/> looks at the entity's change (added, which properties
/// modified, deleted) and names the stamps, or none when the change cannot affect what the stamps guard.
/// </summary>
public sealed record StampOnSave(Type EntityType, Func<EntityEntry, IEnumerable<string>> Keys);

/// <summary>Where the stamps live (Caching:VersionStamps, or chosen from the set-up).</summary>
public enum VersionStampsMode
{
    /// <summary>No stamps: a cache guarded by them is never trusted (every check reads the database).</summary>
    Off,

    /// <summary>In this process only: one node (SQLite without Redis), every change is made here.</summary>
    InProcess,

    /// <summary>In Redis: every node reads the stamp before it trusts a cached decision.</summary>
    Redis,
}

/// <summary>
/// Version stamps for cached security decisions (R21's on-behalf check): a cache keeps a decision with the stamp it read
/// <em>before</em> reading the database, and trusts it only while a fresh read of the stamp returns the same value. A
/// change the decision depends on changes the stamp after its commit (<see cref="StampOnSave"/> rules, applied by
/// <see cref="SavedEntityInvalidation"/>) and before the request that made it answers, so the next request on any node
/// sees it. Unlike <see cref="ClusterInvalidation"/> nothing is pushed and nothing can be lost on the way: the stamp is
/// read from Redis per check. With Redis unreachable the read returns null and the caller reads the database.
/// A changed stamp in Redis is a fresh random number (not a counter) so that a Redis server restarted empty can never
/// come back to a value a cache holds.
/// </summary>
public sealed class VersionStamps
{
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(7);
    private readonly ConcurrentDictionary<string, long> _local = new(StringComparer.Ordinal);
    private readonly ClusterInvalidation _cluster;
    private readonly ILogger<VersionStamps> _logger;

    public VersionStamps(ClusterInvalidation cluster, IConfiguration configuration, IOptions<DatabaseOptions> database, ILogger<VersionStamps> logger)
    {
        _cluster = cluster;
        _logger = logger;
        var configured = configuration["Caching:VersionStamps"];
        Mode = string.Equals(configured, "Off", StringComparison.OrdinalIgnoreCase) ? VersionStampsMode.Off
            : cluster.RedisConfigured ? VersionStampsMode.Redis
            : database.Value.Provider == DatabaseProvider.Sqlite ? VersionStampsMode.InProcess
            // Several nodes on PostgreSQL without Redis could not see each other's changes: nothing is cached.
            : VersionStampsMode.Off;
    }

    public VersionStampsMode Mode { get; }

    /// <summary>The stamp's current value, or null when it cannot be known now (then trust no cached decision).</summary>
    public async ValueTask<long?> ReadAsync(string key)
    {
        if (Mode == VersionStampsMode.Off)
        {
            return null;
        }

        var local = _local.GetValueOrDefault(key);
        if (Mode == VersionStampsMode.InProcess)
        {
            return local;
        }

        if (_cluster.Redis is not { IsConnected: true } redis)
        {
            return null;
        }

        try
        {
            var value = await redis.GetDatabase().StringGetAsync(_cluster.InstanceName + "stamp:" + key);
            // This node's own changes count too: if telling Redis failed, this node at least stops trusting its caches.
            return unchecked(((long)(value.IsNull ? 0 : (long)value) * -7046029254386353131L) + local);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _logger.LogWarning(ex, "The version stamp {Key} could not be read from Redis; the decision is read from the database.", key);
            return null;
        }
    }

    /// <summary>Changes the stamps, here and (awaited) in Redis: call after the change they guard committed.</summary>
    public async Task ChangeAsync(IReadOnlyCollection<string> keys)
    {
        if (keys.Count == 0 || Mode == VersionStampsMode.Off)
        {
            return;
        }

        foreach (var key in keys)
        {
            _local.AddOrUpdate(key, 1, (_, n) => n + 1);
        }

        if (Mode != VersionStampsMode.Redis)
        {
            return;
        }

        if (_cluster.Redis is not { IsConnected: true } redis)
        {
            // Not waiting for a reconnection (commands would queue for seconds): other nodes read no stamp while Redis
            // is down either, so they read the database; one that can reach it keeps its checks 30 s at most.
            _logger.LogError("Version stamps {Keys} could not be changed: Redis is not connected.", string.Join(", ", keys));
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var db = redis.GetDatabase();
                await Task.WhenAll(keys.Select(key => db.StringSetAsync(_cluster.InstanceName + "stamp:" + key, Random.Shared.NextInt64(1, long.MaxValue), KeyLifetime)));
                return;
            }
            catch (Exception ex) when ((ex is RedisException or TimeoutException) && attempt < 2)
            {
                _logger.LogWarning(ex, "Changing version stamps in Redis failed; trying again.");
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // The change is committed; other nodes' kept checks last until their own time limit (30 s at most).
                _logger.LogError(ex, "Version stamps {Keys} could not be changed in Redis: other nodes may keep a cached decision until it expires.", string.Join(", ", keys));
                return;
            }
        }
    }
}
