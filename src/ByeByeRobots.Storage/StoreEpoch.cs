using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ByeByeRobots.Core.Storage;

namespace ByeByeRobots.Storage;

/// <summary>
/// The store's epoch: a random number written into the store (<c>{prefix}epoch</c>, the one key
/// without a TTL) and carried by every token. A token of another epoch is refused as
/// <c>timeout-or-duplicate</c>: it may have been used, and the store may no longer know it.
/// <list type="bullet">
/// <item>A store that loses all its data loses the epoch with it; the next one written differs.</item>
/// <item>A store that loses only its last writes (a restart after <c>appendfsync everysec</c>, a
/// snapshot restored, a failover to a replica that had not received them) keeps the key, but its
/// server is another: the epoch records the <c>run_id</c> of the Redis server that wrote it, and
/// a service that finds another server there (after each reconnect, before it redeems or issues
/// anything) replaces the epoch, once for all instances (compare and set).</item>
/// </list>
/// <item>On a Redis Cluster the epoch's key lives on one master, and another master's failover
/// says nothing to it: a failed connection to any master makes the service replace the epoch it
/// knew (<see cref="Distrust"/>) before it redeems or issues anything again.</item>
/// Every restart or failover of Redis thus refuses the tokens in flight once: people submit again.
/// The embedded store's epoch is drawn at each start, for the same reason.
/// </summary>
internal sealed class StoreEpoch : IStoreEpoch
{
    private readonly IKeyValueBackend? _backend;
    private readonly Func<Task<string?>>? _serverId;
    private readonly string _key;
    private long _current = -1;
    private volatile bool _verified;
    private long _distrusted;
    private long _renewed;

    private StoreEpoch(IKeyValueBackend? backend, Func<Task<string?>>? serverId, string key, long current)
    {
        _backend = backend;
        _serverId = serverId;
        _key = key;
        _current = current;
        _verified = backend is null;
    }

    public static StoreEpoch InMemory() => new(null, null, "", Draw());

    /// <param name="serverId">The <c>run_id</c> of the Redis server that holds the epoch key, or null when it cannot be read.</param>
    public static StoreEpoch InRedis(IKeyValueBackend backend, RedisOptions options, Func<Task<string?>>? serverId = null) =>
        new(backend, serverId, StoreKeys.Epoch(options.KeyPrefix), -1);

    /// <summary>After a reconnect: the next redemption or token first checks the epoch's server again.</summary>
    public void Unverify() => _verified = _backend is null;

    /// <summary>
    /// After a failed connection to a master of a Redis Cluster: that master may be replaced by a
    /// replica that never received its last writes (used tokens' records), and the epoch's key,
    /// elsewhere, cannot tell. The next load replaces the epoch this instance knew, by compare
    /// and set, so that every instance renews it once; a known epoch already replaced is taken as it is.
    /// </summary>
    public void Distrust()
    {
        if (_backend is null)
        {
            return;
        }

        Interlocked.Increment(ref _distrusted);
        _verified = false;
    }

    /// <summary>The epoch new tokens carry: the last one read from the store, checked again after a reconnect.</summary>
    public async ValueTask<uint> CurrentAsync(CancellationToken cancellationToken)
    {
        var current = Interlocked.Read(ref _current);
        return current >= 0 && _verified ? (uint)current : await LoadAsync(cancellationToken);
    }

    /// <summary>
    /// The epoch in the store now: written first when the store has none (a new or emptied store),
    /// replaced when another server wrote it (a restart or a failover since).
    /// </summary>
    public async Task<uint> LoadAsync(CancellationToken cancellationToken)
    {
        if (_backend is null)
        {
            return (uint)Interlocked.Read(ref _current);
        }

        var distrusted = Interlocked.Read(ref _distrusted);
        var known = Interlocked.Read(ref _current);
        var server = _serverId is null ? null : await _serverId();
        var candidate = Value(Draw(), server);
        await _backend.SetIfAbsentAsync(_key, candidate, ttl: null, cancellationToken);
        var stored = await _backend.GetAsync(_key, cancellationToken) ?? candidate;
        var (storedEpoch, writtenBy) = Parse(stored);
        var renew = distrusted != Interlocked.Read(ref _renewed) && known >= 0 && storedEpoch == (uint)known;
        if (renew || (server is not null && writtenBy != server))
        {
            // Written by another server, or a master of the cluster failed since: whatever was lost, tokens before now are refused.
            await _backend.ReplaceIfEqualAsync(_key, stored, candidate, cancellationToken);
            stored = await _backend.GetAsync(_key, cancellationToken) ?? candidate;
        }

        var (epoch, _) = Parse(stored);
        Interlocked.Exchange(ref _current, epoch);
        Interlocked.Exchange(ref _renewed, distrusted);
        _verified = Interlocked.Read(ref _distrusted) == distrusted;
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

        if (value is null || !_verified)
        {
            // Emptied, or reconnected since the last check: the epoch as it is once checked.
            return await LoadAsync(cancellationToken) == tokenEpoch && value is not null && Parse(value).Epoch == tokenEpoch;
        }

        var (epoch, _) = Parse(value);
        Interlocked.Exchange(ref _current, epoch);
        return epoch == tokenEpoch;
    }

    /// <summary><c>epoch</c> or <c>epoch:run_id</c>.</summary>
    private static (uint Epoch, string? Server) Parse(byte[] stored)
    {
        var text = Encoding.ASCII.GetString(stored);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var number = colon < 0 ? text : text[..colon];
        return (uint.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) ? epoch : 0, colon < 0 ? null : text[(colon + 1)..]);
    }

    private static byte[] Value(uint epoch, string? server) =>
        Encoding.ASCII.GetBytes(server is null ? epoch.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{epoch}:{server}"));

    private static uint Draw() => BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4)) & int.MaxValue;
}
