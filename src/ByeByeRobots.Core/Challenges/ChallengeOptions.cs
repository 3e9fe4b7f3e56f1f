using System.ComponentModel.DataAnnotations;

namespace ByeByeRobots.Core.Challenges;

/// <summary>Bound from <c>ByeByeRobots:Challenge</c>.</summary>
public sealed class ChallengeOptions
{
    public const string SectionName = "ByeByeRobots:Challenge";

    /// <summary>How long a browser has to solve a challenge and verify.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Most challenges one client partition (an IPv4 address, an IPv6 /64) may be given within a
    /// challenge's stored lifetime (<see cref="Lifetime"/> + 60 s): the bound of what one client
    /// holds in the store at a time. A person needs one or two per form; the default leaves room
    /// for an office of a few hundred behind one address. 0: no bound.
    /// </summary>
    [Range(0, 10_000_000)]
    public int MaxPerClient { get; set; } = 600;

    /// <summary>
    /// Most challenges one site may be given within a stored lifetime, so that a flood aimed at
    /// one site cannot fill the store for the others. 0: no bound.
    /// </summary>
    [Range(0, 100_000_000)]
    public int MaxPerSite { get; set; } = 100_000;
}
