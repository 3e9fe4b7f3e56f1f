using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ByeByeRobots.Core.Storage;

namespace ByeByeRobots.Storage;

internal sealed class TokenRedemptionStore(IKeyValueBackend backend, RedisOptions options, StoreEpoch epoch) : ITokenRedemptionStore
{
    /// <summary>The redemption outlives the token a little, so no clock skew lets it be used twice.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(60);

    public async Task<Redemption> RedeemAsync(string tokenId, uint tokenEpoch, string? idempotencyKey, string answer, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var key = StoreKeys.Redemption(options.KeyPrefix, tokenId);
        var record = new RedemptionRecord(idempotencyKey is null ? null : Fingerprint(idempotencyKey), answer);
        var value = JsonSerializer.SerializeToUtf8Bytes(record, StorageJsonContext.Default.RedemptionRecord);

        // The epoch is read before the write, in the same round trip: a store that lost its
        // data since the token was issued has no record of its use, and is not believed.
        var storedEpoch = epoch.ReadStoredAsync(cancellationToken);
        var write = backend.SetIfAbsentAsync(key, value, lifetime + Margin, cancellationToken);
        await Task.WhenAll(storedEpoch, write); // both observed when either fails
        var isFirst = await write;
        if (!await epoch.IsCurrentAsync(storedEpoch, tokenEpoch, cancellationToken))
        {
            return new Redemption(false, null, OtherEpoch: true);
        }

        if (isFirst)
        {
            return new Redemption(true, null);
        }

        if (idempotencyKey is null)
        {
            return new Redemption(false, null);
        }

        // The record is written once and never changed, so reading it after the failed SET NX is safe.
        var existing = await backend.GetAsync(key, cancellationToken);
        var first = existing is null ? null : JsonSerializer.Deserialize(existing, StorageJsonContext.Default.RedemptionRecord);
        return first?.IdempotencyKey is { } stored
               && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(stored), Convert.FromHexString(record.IdempotencyKey!))
            ? new Redemption(false, first.Answer)
            : new Redemption(false, null);
    }

    /// <summary>The key is kept hashed: it may be guessable, and the store need not know it.</summary>
    private static string Fingerprint(string idempotencyKey) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));
}

internal sealed record RedemptionRecord(string? IdempotencyKey, string Answer);
