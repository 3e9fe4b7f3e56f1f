using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ByeByeRobots.Core.Storage;

namespace ByeByeRobots.Storage;

/// <summary>
/// The store's epoch: a random number written once into the store (<c>{prefix}epoch</c>, the
/// one key without a TTL) and carried by every token. A store that loses its data loses the
/// epoch with it, and the next one written differs: a token issued before the loss, which
/// may already have been used, is then refused as <c>timeout-or-duplicate</c> instead of being
/// good once more. The embedded store's epoch is drawn at each start, for the same reason.
/// </summary>
internal sealed class StoreEpoch : IStoreEpoch
{
    private readonly IKeyValueBackend? _backend;
    private readonly string _key;
    private long _current = -1;

    private StoreEpoch(IKeyValueBackend? backend, string key, long current)
    {
        _backend = backend;
        _key = key;
        _current = current;
    }

    public static StoreEpoch InMemory() => new(null, "", Draw());

    public static StoreEpoch InRedis(IKeyValueBackend backend, RedisOptions options) => new(backend, StoreKeys.Epoch(options.KeyPrefix), -1);

    /// <summary>The epoch new tokens carry: the last one read from the store.</summary>
    public async ValueTask<uint> CurrentAsync(CancellationToken cancellationToken)
    {
        var current = Interlocked.Read(ref _current);
        return current >= 0 ? (uint)current : await LoadAsync(cancellationToken);
    }

    /// <summary>The epoch in the store now, written first when the store has none (a new or emptied store).</summary>
    public async Task<uint> LoadAsync(CancellationToken cancellationToken)
    {
        if (_backend is null)
        {
            return (uint)Interlocked.Read(ref _current);
        }

        var candidate = Encoding.ASCII.GetBytes(Draw().ToString(CultureInfo.InvariantCulture));
        await _backend.SetIfAbsentAsync(_key, candidate, ttl: null, cancellationToken);
        var stored = await _backend.GetAsync(_key, cancellationToken) ?? candidate;
        var epoch = Parse(stored);
        Interlocked.Exchange(ref _current, epoch);
        return epoch;
    }

    /// <summary>
    /// Starts reading the stored epoch; issued before a redemption's write, Redis answers both in
    /// one round trip. The embedded store has nothing to read.
    /// </summary>
    public Task<byte[]?> ReadStoredAsync(CancellationToken cancellationToken) =>
        _backend?.GetAsync(_key, cancellationToken) ?? Task.FromResult<byte[]?>(null);

    /// <summary>True when the stored epoch (from <see cref="ReadStoredAsync"/>) is the token's; a missing one is written anew.</summary>
    public async Task<bool> IsCurrentAsync(Task<byte[]?> stored, uint tokenEpoch, CancellationToken cancellationToken)
    {
        var value = await stored;
        if (_backend is null)
        {
            return tokenEpoch == (uint)Interlocked.Read(ref _current);
        }

        if (value is null)
        {
            await LoadAsync(cancellationToken);
            return false;
        }

        var epoch = Parse(value);
        Interlocked.Exchange(ref _current, epoch);
        return epoch == tokenEpoch;
    }

    private static uint Parse(byte[] stored) =>
        uint.TryParse(Encoding.ASCII.GetString(stored), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) ? epoch : 0;

    private static uint Draw() => BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4)) & int.MaxValue;
}
