using ByeByeRobots.Core.Storage;

namespace ByeByeRobots.Storage;

/// <summary>
/// Where each kind of state lives: on Redis all in one backend; in the embedded store,
/// challenges (and counters) and used tokens in two bounded pools, so that a flood of
/// challenges can fill its own pool and never evict, or crowd out, the record of a used token.
/// </summary>
internal sealed class StoreBackends : IStoreOccupancy
{
    private readonly InMemoryBackend[] _pools;

    private StoreBackends(IKeyValueBackend challenges, IKeyValueBackend tokens, IKeyValueBackend trajectories, StoreEpoch epoch, RedisPolicyGuard? guard, params InMemoryBackend[] pools)
    {
        Challenges = challenges;
        Tokens = tokens;
        Trajectories = trajectories;
        Epoch = epoch;
        Guard = guard;
        _pools = pools;
    }

    public IKeyValueBackend Challenges { get; }

    public IKeyValueBackend Tokens { get; }

    /// <summary>Trajectory sketches (replayed sessions): their own pool, so that they never crowd out a challenge or a used token.</summary>
    public IKeyValueBackend Trajectories { get; }

    public StoreEpoch Epoch { get; }

    /// <summary>The eviction-policy check, on Redis only.</summary>
    public RedisPolicyGuard? Guard { get; }

    public IReadOnlyList<(string Pool, int Entries, int Capacity)> Pools => Array.ConvertAll(_pools, p => (p.Pool, p.Count, p.Capacity));

    public bool CanIssueTokens => _pools.Length == 0 || _pools[1].Count < _pools[1].Capacity;

    public static StoreBackends OnRedis(RedisBackend redis, RedisOptions options, RedisPolicyGuard guard) =>
        new(redis, redis, redis, StoreEpoch.InRedis(redis, options, () => redis.ServerIdAsync(StoreKeys.Epoch(options.KeyPrefix))), guard);

    public static StoreBackends InMemory(TimeProvider time, RedisOptions options)
    {
        var challenges = new InMemoryBackend(time, options.InMemoryCapacity, "challenges");
        var tokens = new InMemoryBackend(time, options.InMemoryTokenCapacity, "tokens");
        var trajectories = new InMemoryBackend(time, options.InMemoryCapacity, "trajectories");
        return new StoreBackends(challenges, tokens, trajectories, StoreEpoch.InMemory(), null, challenges, tokens, trajectories);
    }
}
