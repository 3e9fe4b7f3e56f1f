using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using ByeByeRobots.Api.Hosting;
using ByeByeRobots.Core.Challenges;

namespace ByeByeRobots.Api.Challenges;

/// <summary>
/// Bounds the challenges one client partition, and one site, may hold in the store: at most
/// <see cref="ChallengeOptions.MaxPerClient"/> and <see cref="ChallengeOptions.MaxPerSite"/> issued
/// within a challenge's stored lifetime (a sliding window of that length, which counts every
/// challenge that can still be in the store). Without it, many addresses each under the rate
/// limit filled the embedded store in 28 s and every site's challenges answered 503. Counted per
/// instance: with N instances on one Redis, N times the bound (Redis holds it easily).
/// </summary>
internal sealed class ChallengeQuota(ReloadableOptions<ChallengeOptions> options) : IDisposable
{
    /// <summary>The store keeps a challenge this long past its expiry (see ChallengeStore).</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);

    private readonly PartitionedRateLimiter<Quota> _limiter = PartitionedRateLimiter.Create<Quota, string>(quota =>
        RateLimitPartition.GetSlidingWindowLimiter(quota.Partition, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = quota.Limit,
            Window = quota.Window,
            SegmentsPerWindow = 6,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Null when a challenge may be issued; else which bound refused it and when to come back.</summary>
    public (string Bound, TimeSpan RetryAfter)? TryAcquire(IPAddress? client, string siteKey)
    {
        var settings = options.Value;
        var window = settings.Lifetime + Grace;
        var windowText = window.Ticks.ToString(CultureInfo.InvariantCulture);
        if (settings.MaxPerClient > 0 && Refused(new Quota($"c|{settings.MaxPerClient}|{windowText}|{WidgetRateLimiting.ClientPartition(client)}", settings.MaxPerClient, window)) is { } clientWait)
        {
            return ("client", clientWait);
        }

        if (settings.MaxPerSite > 0 && Refused(new Quota($"s|{settings.MaxPerSite}|{windowText}|{siteKey}", settings.MaxPerSite, window)) is { } siteWait)
        {
            return ("site", siteWait);
        }

        return null;
    }

    public void Dispose() => _limiter.Dispose();

    private TimeSpan? Refused(Quota quota)
    {
        using var lease = _limiter.AttemptAcquire(quota);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : quota.Window / 6;
    }

    /// <summary>The bound's values are part of the partition, so a changed setting applies from the next request.</summary>
    private readonly record struct Quota(string Partition, int Limit, TimeSpan Window);
}
