using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ByeByeRobots.Api.Diagnostics;
using ByeByeRobots.Api.Hosting;
using ByeByeRobots.Core.Storage;

namespace ByeByeRobots.Api.AdaptiveCost;

/// <summary>
/// Adaptive cost under attack. Every first verify is counted per site and minute in the shared
/// store (suspect when it was stepped up or showed automation); each instance re-reads a site's
/// counts at most every <c>RefreshInterval</c>, on the challenge path, and adds the resulting
/// bits to new challenges. A store outage leaves the last level in force: it never fails a request.
/// </summary>
internal sealed partial class AttackPressure
{
    private readonly IVerdictCountStore _counts;
    private readonly ReloadableOptions<AdaptiveCostOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AttackPressure> _logger;
    private readonly ConcurrentDictionary<string, SiteState> _sites = new(StringComparer.Ordinal);

    public AttackPressure(IVerdictCountStore counts, ReloadableOptions<AdaptiveCostOptions> options, TimeProvider time, IMeterFactory meters, ILogger<AttackPressure> logger)
    {
        _counts = counts;
        _options = options;
        _time = time;
        _logger = logger;
        meters.Create(VerificationMetrics.MeterName).CreateObservableGauge(
            "byebyerobots.pow.extra_bits",
            () => _sites.Select(s => new Measurement<int>(s.Value.Pressure.ExtraBits, new KeyValuePair<string, object?>("site", s.Key))),
            "{bit}",
            "Bits added to the proof of work of new challenges under attack, by site (0: the configured cost).");
    }

    /// <summary>Counts one first verify of a site; never waits for the store, never throws.</summary>
    public void Count(string siteKey, bool suspect)
    {
        if (!_options.Value.Enabled)
        {
            return;
        }

        _ = CountAsync(siteKey, suspect);
    }

    /// <summary>The bits to add to a new challenge of this site now.</summary>
    public async ValueTask<int> ExtraBitsAsync(string siteKey, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        if (!options.Enabled || options.MaxExtraBits == 0)
        {
            return 0;
        }

        var state = _sites.GetOrAdd(siteKey, _ => new SiteState());
        var now = _time.GetUtcNow();
        if (now - state.ReadAt >= options.RefreshInterval)
        {
            await RefreshAsync(siteKey, state, now, options, cancellationToken);
        }

        return Math.Min(state.Pressure.ExtraBits, options.MaxExtraBits);
    }

    private async Task CountAsync(string siteKey, bool suspect)
    {
        try
        {
            await _counts.CountAsync(siteKey, Minute(_time.GetUtcNow()), suspect, CancellationToken.None);
        }
        catch (StoreUnavailableException)
        {
            // The verdict stands; a lost count only makes the pressure read a little lower.
        }
    }

    private async Task RefreshAsync(string siteKey, SiteState state, DateTimeOffset now, AdaptiveCostOptions options, CancellationToken cancellationToken)
    {
        if (!await state.Gate.WaitAsync(0, cancellationToken))
        {
            return; // another request is reading; this one keeps the level in force
        }

        try
        {
            var minute = Minute(now);
            var window = Math.Max(1, (int)Math.Round(options.Window.TotalMinutes));
            var baseline = Math.Max(window + 1, (int)Math.Round(options.Baseline.TotalMinutes));
            var minutes = await _counts.ReadAsync(siteKey, minute - baseline + 1, minute, cancellationToken);
            var pressure = CostPressure.Compute(minutes, window, options);
            var before = state.Pressure.ExtraBits;
            state.Pressure = pressure;
            state.ReadAt = now;
            if (pressure.ExtraBits != before)
            {
                LogCostChanged(siteKey, before, pressure.ExtraBits, pressure.RecentShare, pressure.UsualShare, pressure.RecentVerifies);
            }

            if (pressure.ExtraBits > 0)
            {
                await _counts.MarkElevatedAsync(siteKey, minute, cancellationToken);
            }
        }
        catch (StoreUnavailableException)
        {
            state.ReadAt = now; // try again at the next interval, with the last level
        }
        finally
        {
            state.Gate.Release();
        }
    }

    private static long Minute(DateTimeOffset time) => time.ToUnixTimeSeconds() / 60;

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning,
        Message = "Adaptive cost for site {SiteKey}: {Before} -> {After} extra bits (suspect share {RecentShare:P1} over the window against {UsualShare:P1} usually, {RecentVerifies} verifies).")]
    private partial void LogCostChanged(string siteKey, int before, int after, double recentShare, double usualShare, long recentVerifies);

    private sealed class SiteState
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public DateTimeOffset ReadAt { get; set; } = DateTimeOffset.MinValue;

        public CostPressure Pressure { get; set; }
    }
}
