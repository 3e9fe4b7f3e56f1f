using ByeByeRobots.Core.Storage;

namespace ByeByeRobots.Api.AdaptiveCost;

/// <summary>A site's pressure: its recent and usual suspect shares and the extra bits they give.</summary>
public readonly record struct CostPressure(double RecentShare, double UsualShare, long RecentVerifies, int ExtraBits)
{
    /// <summary>
    /// The extra bits for <paramref name="minutes"/> (oldest first; the last <c>window</c> of them
    /// recent, the rest the baseline): none below <c>MinimumVerifies</c> recent verifies or below
    /// <c>TriggerRatio</c> times the usual share; then one bit, and one more each time the ratio
    /// doubles, up to <c>MaxExtraBits</c>. Minutes when the cost was already raised are left out
    /// of the baseline, so a long attack does not become the usual level.
    /// </summary>
    public static CostPressure Compute(ReadOnlySpan<MinuteCounts> minutes, int windowMinutes, AdaptiveCostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        long recentTotal = 0, recentSuspect = 0, usualTotal = 0, usualSuspect = 0;
        for (var i = 0; i < minutes.Length; i++)
        {
            var minute = minutes[i];
            if (i >= minutes.Length - windowMinutes)
            {
                recentTotal += minute.Total;
                recentSuspect += minute.Suspect;
            }
            else if (!minute.Elevated)
            {
                usualTotal += minute.Total;
                usualSuspect += minute.Suspect;
            }
        }

        var recent = recentTotal == 0 ? 0 : Math.Min(1, (double)recentSuspect / recentTotal);
        var usual = Math.Max(options.UsualShareFloor, usualTotal >= options.MinimumVerifies ? (double)usualSuspect / usualTotal : 0);
        // A hair of tolerance: 15 % against 5 % is three times, whatever the doubles make of it.
        var ratio = recent / usual * (1 + 1e-9);
        var bits = recentTotal < options.MinimumVerifies || ratio < options.TriggerRatio
            ? 0
            : Math.Min(options.MaxExtraBits, 1 + (int)Math.Floor(Math.Log2(ratio / options.TriggerRatio)));
        return new CostPressure(recent, usual, recentTotal, bits);
    }
}
