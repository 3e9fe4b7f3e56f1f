using System.Collections.Concurrent;
using ByeByeRobots.Core.Storage;

namespace ByeByeRobots.Storage;

/// <summary>
/// The embedded store for a single instance: the same atomic operations and TTLs as Redis,
/// in a bounded dictionary. State is lost on restart and not shared between instances. The
/// service keeps challenges and used tokens in two of these, so that one can never push the
/// other out.
/// </summary>
internal sealed class InMemoryBackend(TimeProvider time, int capacity, string pool = "entries") : IKeyValueBackend
{
    private const int SweepEvery = 4096;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    // Counters live apart from challenges and tokens: a few per site and minute, never evicting them.
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private int _writes;
    private int _counts;
    private long _lastFullSweepTicks;

    /// <summary>What this store holds (challenges or tokens), for errors and metrics.</summary>
    public string Pool => pool;

    public int Capacity => capacity;

    /// <summary>Entries held, expired ones swept first (at most once a second).</summary>
    public int Count
    {
        get
        {
            var now = time.GetUtcNow().UtcTicks;
            var last = Interlocked.Read(ref _lastFullSweepTicks);
            if (now - last >= TimeSpan.TicksPerSecond && Interlocked.CompareExchange(ref _lastFullSweepTicks, now, last) == last)
            {
                Sweep();
            }

            return _entries.Count;
        }
    }

    public Task SetAsync(string key, byte[] value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        MakeRoom();
        _entries[key] = new Entry(value, Expiry(ttl));
        return Task.CompletedTask;
    }

    public Task<byte[]?> GetDeleteAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.TryRemove(key, out var entry) && IsLive(entry) ? entry.Value : null);

    public Task<bool> SetIfAbsentAsync(string key, byte[] value, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        // A key already there needs no room: a used token is told so even when the store is full.
        if (_entries.TryGetValue(key, out var present) && IsLive(present))
        {
            return Task.FromResult(false);
        }

        MakeRoom();
        var entry = new Entry(value, Expiry(ttl));
        while (true)
        {
            if (_entries.TryAdd(key, entry))
            {
                return Task.FromResult(true);
            }

            if (_entries.TryGetValue(key, out var existing))
            {
                if (IsLive(existing))
                {
                    return Task.FromResult(false);
                }

                // Reference comparison: only the expired entry we saw is replaced.
                if (_entries.TryUpdate(key, entry, existing))
                {
                    return Task.FromResult(true);
                }
            }
        }
    }

    public Task<bool> ReplaceIfEqualAsync(string key, byte[] expected, byte[] value, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.TryGetValue(key, out var entry) && IsLive(entry) && entry.Value.AsSpan().SequenceEqual(expected)
            && _entries.TryUpdate(key, new Entry(value, long.MaxValue), entry));

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.TryGetValue(key, out var entry) && IsLive(entry) ? entry.Value : null);

    public Task IncrementAsync(string key, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var expiry = Expiry(ttl);
        _counters.AddOrUpdate(
            key,
            _ => new Counter(1, expiry),
            (_, counter) => IsLive(counter.ExpiresAtTicks) ? new Counter(counter.Value + 1, expiry) : new Counter(1, expiry));
        if (Interlocked.Increment(ref _counts) % SweepEvery == 0)
        {
            foreach (var (name, counter) in _counters)
            {
                if (!IsLive(counter.ExpiresAtTicks))
                {
                    _counters.TryRemove(new KeyValuePair<string, Counter>(name, counter));
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<long[]> GetCountersAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var values = new long[keys.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _counters.TryGetValue(keys[i], out var counter) && IsLive(counter.ExpiresAtTicks) ? counter.Value : 0;
        }

        return Task.FromResult(values);
    }

    public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private long Expiry(TimeSpan? ttl) => ttl is { } span ? time.GetUtcNow().UtcTicks + span.Ticks : long.MaxValue;

    private bool IsLive(Entry entry) => IsLive(entry.ExpiresAtTicks);

    private bool IsLive(long expiresAtTicks) => expiresAtTicks > time.GetUtcNow().UtcTicks;

    private void MakeRoom()
    {
        var full = _entries.Count >= capacity;
        if (Interlocked.Increment(ref _writes) % SweepEvery != 0 && !full)
        {
            return;
        }

        // When full, sweep at most once a second: a flood must not turn every write into a scan.
        var now = time.GetUtcNow().UtcTicks;
        if (full && now - Interlocked.Read(ref _lastFullSweepTicks) < TimeSpan.TicksPerSecond)
        {
            throw new StoreUnavailableException($"The in-memory store of {pool} is full ({capacity} entries); configure Redis for this load.");
        }

        if (full)
        {
            Interlocked.Exchange(ref _lastFullSweepTicks, now);
        }

        Sweep();
        if (_entries.Count >= capacity)
        {
            throw new StoreUnavailableException($"The in-memory store of {pool} is full ({capacity} entries); configure Redis for this load.");
        }
    }

    private void Sweep()
    {
        foreach (var (key, entry) in _entries)
        {
            if (!IsLive(entry))
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }
    }

    private sealed record Counter(long Value, long ExpiresAtTicks);

    private sealed class Entry(byte[] value, long expiresAtTicks)
    {
        public byte[] Value { get; } = value;

        public long ExpiresAtTicks { get; } = expiresAtTicks;
    }
}
