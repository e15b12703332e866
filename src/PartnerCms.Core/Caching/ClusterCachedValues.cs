using System.Collections.Concurrent;

namespace PartnerCms.Core.Caching;

/// <summary>
/// Values kept per node for a short time and forgotten on every node when a <see cref="ClusterInvalidation"/> message of
/// the topic names their key. A read from the database that raced a change is not kept (the generation guard).
/// </summary>
public abstract class ClusterCachedValues<TValue>
{
    private readonly ConcurrentDictionary<string, (TValue Value, DateTimeOffset Until)> _values = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lifetime;
    private long _generation;

    protected ClusterCachedValues(ClusterInvalidation invalidation, TimeProvider clock, string topic, TimeSpan lifetime)
    {
        _clock = clock;
        _lifetime = lifetime;
        invalidation.Subscribe(topic, Forget);
    }

    /// <summary>Changes with every forgotten key: read it before the database, give it to <see cref="Set"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(string key, out TValue? value)
    {
        if (_values.TryGetValue(key, out var entry) && entry.Until > _clock.GetUtcNow())
        {
            value = entry.Value;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Keeps a value read from the database, unless a key was forgotten since the read began (it may be older).</summary>
    public void Set(string key, TValue value, long generationBeforeRead)
    {
        if (Generation == generationBeforeRead)
        {
            _values[key] = (value, _clock.GetUtcNow() + _lifetime);
        }
    }

    /// <summary>The cached value, or the one <paramref name="read"/> returns (then kept).</summary>
    public async Task<TValue> GetOrReadAsync(string key, Func<Task<TValue>> read)
    {
        if (TryGet(key, out var cached))
        {
            return cached!;
        }

        var generation = Generation;
        var value = await read();
        Set(key, value, generation);
        return value;
    }

    public void Forget(string key)
    {
        Interlocked.Increment(ref _generation);
        _values.TryRemove(key, out _);
    }
}
