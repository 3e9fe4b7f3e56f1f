using ByeByeRobots.Core.Storage;

namespace ByeByeRobots.Storage;

/// <summary>Per-site, per-minute verdict counters in the shared store, so every instance sees the same pressure.</summary>
internal sealed class VerdictCountStore(IKeyValueBackend backend, RedisOptions options) : IVerdictCountStore
{
    /// <summary>Counters outlive the longest baseline anyone configures (see AdaptiveCostOptions).</summary>
    private static readonly TimeSpan Ttl = TimeSpan.FromHours(3);

    public async Task CountAsync(string siteKey, long minute, bool suspect, CancellationToken cancellationToken)
    {
        var total = backend.IncrementAsync(StoreKeys.VerdictCount(options.KeyPrefix, siteKey, minute, 't'), Ttl, cancellationToken);
        if (suspect)
        {
            await backend.IncrementAsync(StoreKeys.VerdictCount(options.KeyPrefix, siteKey, minute, 's'), Ttl, cancellationToken);
        }

        await total;
    }

    public Task MarkElevatedAsync(string siteKey, long minute, CancellationToken cancellationToken) =>
        backend.IncrementAsync(StoreKeys.VerdictCount(options.KeyPrefix, siteKey, minute, 'e'), Ttl, cancellationToken);

    public async Task<MinuteCounts[]> ReadAsync(string siteKey, long firstMinute, long lastMinute, CancellationToken cancellationToken)
    {
        var minutes = (int)(lastMinute - firstMinute + 1);
        var keys = new string[minutes * 3];
        for (var i = 0; i < minutes; i++)
        {
            keys[3 * i] = StoreKeys.VerdictCount(options.KeyPrefix, siteKey, firstMinute + i, 't');
            keys[3 * i + 1] = StoreKeys.VerdictCount(options.KeyPrefix, siteKey, firstMinute + i, 's');
            keys[3 * i + 2] = StoreKeys.VerdictCount(options.KeyPrefix, siteKey, firstMinute + i, 'e');
        }

        var values = await backend.GetCountersAsync(keys, cancellationToken);
        var counts = new MinuteCounts[minutes];
        for (var i = 0; i < minutes; i++)
        {
            counts[i] = new MinuteCounts(firstMinute + i, values[3 * i], values[3 * i + 1], values[3 * i + 2] > 0);
        }

        return counts;
    }
}
