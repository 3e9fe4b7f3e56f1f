using System.ComponentModel.DataAnnotations;

namespace ByeByeRobots.Api.AdaptiveCost;

/// <summary>
/// Bound from <c>ByeByeRobots:AdaptiveCost</c>: when a site's share of suspect verdicts (step-ups
/// and automation) over the last <see cref="Window"/> rises far above its usual share over the
/// <see cref="Baseline"/> before it, new challenges cost more, by whole bits (each doubles the
/// work), at most <see cref="MaxExtraBits"/>. Counts live in the shared store, so every
/// instance raises and lowers the cost together. Reloaded without restart.
/// </summary>
public sealed class AdaptiveCostOptions
{
    public const string SectionName = "ByeByeRobots:AdaptiveCost";

    public bool Enabled { get; set; } = true;

    /// <summary>The recent period whose share is compared with the usual one.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "00:30:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far back the usual share is read (minutes when the cost was raised left out).</summary>
    [Range(typeof(TimeSpan), "00:10:00", "02:00:00")]
    public TimeSpan Baseline { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Fewer first verifies than this in the window never raise the cost (and a thinner baseline counts as the floor).</summary>
    [Range(1, 1_000_000)]
    public int MinimumVerifies { get; set; } = 20;

    /// <summary>The recent share must be at least this many times the usual one to raise the cost.</summary>
    [Range(1.5, 100)]
    public double TriggerRatio { get; set; } = 3;

    /// <summary>The usual share is never taken below this (a site that never sees a step-up is not on alert at its first few).</summary>
    [Range(0.001, 0.5)]
    public double UsualShareFloor { get; set; } = 0.05;

    /// <summary>At most this many bits are added: 2 is four times the work.</summary>
    [Range(0, 8)]
    public int MaxExtraBits { get; set; } = 2;

    /// <summary>How often an instance re-reads a site's counts.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);
}
