namespace ByeByeRobots.Storage;

/// <summary>
/// The few atomic operations the stores need, with TTLs on every write. Implemented by Redis
/// and by the in-memory store with the same behaviour. Failures surface as
/// <see cref="Core.Storage.StoreUnavailableException"/>.
/// </summary>
internal interface IKeyValueBackend
{
    Task SetAsync(string key, byte[] value, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>GETDEL: the value, deleted in the same step, or null.</summary>
    Task<byte[]?> GetDeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>SET NX: true when the key was absent and is now set; a null TTL for the one key that never expires (the epoch).</summary>
    Task<bool> SetIfAbsentAsync(string key, byte[] value, TimeSpan? ttl, CancellationToken cancellationToken);

    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Compare and set, atomically: replaces the value (keeping no TTL) only while it is still <paramref name="expected"/>.</summary>
    Task<bool> ReplaceIfEqualAsync(string key, byte[] expected, byte[] value, CancellationToken cancellationToken);

    /// <summary>INCR: adds one to a counter (created at 0) and sets its TTL.</summary>
    Task IncrementAsync(string key, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>The counters' values (0 for a missing key), one single-key read each (cluster-safe).</summary>
    Task<long[]> GetCountersAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken);

    Task PingAsync(CancellationToken cancellationToken);
}
