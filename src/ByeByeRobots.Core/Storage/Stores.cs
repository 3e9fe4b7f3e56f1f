using ByeByeRobots.Core.Challenges;

namespace ByeByeRobots.Core.Storage;

/// <summary>Challenges between issue and verify.</summary>
public interface IChallengeStore
{
    Task SaveAsync(Challenge challenge, CancellationToken cancellationToken);

    /// <summary>Reads and deletes in one atomic step: of two concurrent takes, one gets the challenge.</summary>
    Task<Challenge?> TakeAsync(string id, CancellationToken cancellationToken);
}

/// <summary>The first (and only) redemption of a token at <c>/v1/siteverify</c>.</summary>
/// <param name="IsFirst">True when this call redeemed the token.</param>
/// <param name="Replay">The first answer, when this call repeats the first one's idempotency key.</param>
/// <param name="OtherEpoch">The token was issued before the store lost its data (another epoch): not good, whatever the store says.</param>
public readonly record struct Redemption(bool IsFirst, string? Replay, bool OtherEpoch = false);

/// <summary>Single use of tokens, with idempotent retries.</summary>
public interface ITokenRedemptionStore
{
    /// <summary>
    /// Marks the token used (atomically: of many concurrent calls exactly one is first) and
    /// keeps <paramref name="answer"/> for retries that send the same idempotency key.
    /// </summary>
    Task<Redemption> RedeemAsync(string tokenId, uint tokenEpoch, string? idempotencyKey, string answer, TimeSpan lifetime, CancellationToken cancellationToken);
}

/// <summary>The store's epoch, carried by tokens (see <see cref="Redemption.OtherEpoch"/>).</summary>
public interface IStoreEpoch
{
    /// <summary>The epoch a token issued now carries.</summary>
    ValueTask<uint> CurrentAsync(CancellationToken cancellationToken);
}

/// <summary>How full the embedded store is; empty for Redis, whose memory is the operator's to watch.</summary>
public interface IStoreOccupancy
{
    /// <summary>Per pool (<c>challenges</c>, <c>tokens</c>): entries held and capacity.</summary>
    IReadOnlyList<(string Pool, int Entries, int Capacity)> Pools { get; }

    /// <summary>False when the used-token pool is full: a new token could not be recorded when redeemed.</summary>
    bool CanIssueTokens { get; }
}

/// <summary>The store cannot be reached in time; answered as <c>503 store-unavailable</c>.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>One minute of a site's verdicts: all of them, the suspect ones (step-up or automation), and whether the cost was raised then.</summary>
public readonly record struct MinuteCounts(long Minute, long Total, long Suspect, bool Elevated);

/// <summary>Per-site verdict counts by minute, shared by every instance (adaptive cost under attack).</summary>
public interface IVerdictCountStore
{
    Task CountAsync(string siteKey, long minute, bool suspect, CancellationToken cancellationToken);

    Task MarkElevatedAsync(string siteKey, long minute, CancellationToken cancellationToken);

    /// <summary>The counts of minutes <paramref name="firstMinute"/> to <paramref name="lastMinute"/>, oldest first.</summary>
    Task<MinuteCounts[]> ReadAsync(string siteKey, long firstMinute, long lastMinute, CancellationToken cancellationToken);
}

/// <summary>Recent sessions' trajectory sketches per site, to find a replayed one (protocol section 3).</summary>
public interface ITrajectoryStore
{
    /// <summary>
    /// True when a sketch within <see cref="Verification.TrajectorySketch.ReplayMargin"/> of
    /// <paramref name="sketch"/> was recorded for the site within the last <paramref name="window"/>;
    /// records this one either way, for the same window.
    /// </summary>
    Task<bool> SeenBeforeAsync(string siteKey, Verification.TrajectorySketch sketch, TimeSpan window, CancellationToken cancellationToken);
}
