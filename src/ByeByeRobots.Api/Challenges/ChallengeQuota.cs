using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using ByeByeRobots.Api.Hosting;
using ByeByeRobots.Core.Challenges;
using ByeByeRobots.Core.Sites;
using ByeByeRobots.Core.Storage;

namespace ByeByeRobots.Api.Challenges;

/// <summary>
/// Bounds the challenges one client partition, and one site, may hold in the store: at most
/// <see cref="ChallengeOptions.MaxPerClient"/> and <see cref="ChallengeOptions.MaxPerSite"/> issued
/// within a challenge's stored lifetime (a sliding window of that length, which counts every
/// challenge that can still be in the store). Without it, many addresses each under the rate
/// limit filled the embedded store in 28 s and every site's challenges answered 503. On the
/// embedded store a site's bound is also at most its capacity / (sites + 1), so floods aimed at
/// every site together still leave room: the store never fills from challenges. Counted per
/// instance: with N instances on one Redis, N times the bound (Redis's memory is the operator's).
/// The site is checked first, so what a site's bound refuses creates no client partition.
/// </summary>
internal sealed class ChallengeQuota(ReloadableOptions<ChallengeOptions> options, IStoreOccupancy occupancy, SiteRegistry sites) : IDisposable
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
        var perSite = SiteBound(settings.MaxPerSite);
        if (perSite > 0 && Refused(new Quota($"s|{perSite}|{windowText}|{siteKey}", perSite, window)) is { } siteWait)
        {
            return ("site", siteWait);
        }

        if (settings.MaxPerClient > 0 && Refused(new Quota($"c|{settings.MaxPerClient}|{windowText}|{WidgetRateLimiting.ClientPartition(client)}", settings.MaxPerClient, window)) is { } clientWait)
        {
            return ("client", clientWait);
        }

        return null;
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>The configured bound (0: none), and on the embedded store at most a site's share of the challenge pool.</summary>
    private int SiteBound(int configured)
    {
        if (configured == 0)
        {
            return 0;
        }

        foreach (var (pool, _, capacity) in occupancy.Pools)
        {
            if (pool == "challenges")
            {
                return Math.Min(configured, Math.Max(1, capacity / (sites.Count + 1)));
            }
        }

        return configured;
    }

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
