using System.Text.Json;
using ByeByeRobots.Core.Challenges;
using ByeByeRobots.Core.Storage;

namespace ByeByeRobots.Storage;

internal sealed class ChallengeStore(IKeyValueBackend backend, RedisOptions options, TimeProvider time) : IChallengeStore
{
    /// <summary>
    /// Kept past its expiry so that a late verify learns <c>challenge-expired</c> rather than
    /// <c>challenge-unknown</c>; the expiry itself is checked against the stored time.
    /// </summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);

    public Task SaveAsync(Challenge challenge, CancellationToken cancellationToken)
    {
        var ttl = challenge.ExpiresAt - time.GetUtcNow() + Grace;
        var value = JsonSerializer.SerializeToUtf8Bytes(challenge, StorageJsonContext.Default.Challenge);
        return backend.SetAsync(StoreKeys.Challenge(options.KeyPrefix, challenge.Id), value, ttl, cancellationToken);
    }

    public async Task<Challenge?> TakeAsync(string id, CancellationToken cancellationToken)
    {
        var value = await backend.GetDeleteAsync(StoreKeys.Challenge(options.KeyPrefix, id), cancellationToken);
        return value is null ? null : JsonSerializer.Deserialize(value, StorageJsonContext.Default.Challenge);
    }
}
