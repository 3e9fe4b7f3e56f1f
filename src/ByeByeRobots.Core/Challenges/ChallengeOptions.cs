using System.ComponentModel.DataAnnotations;

namespace ByeByeRobots.Core.Challenges;

/// <summary>Bound from <c>ByeByeRobots:Challenge</c>.</summary>
public sealed class ChallengeOptions
{
    public const string SectionName = "ByeByeRobots:Challenge";

    /// <summary>How long a browser has to solve a challenge and verify.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(120);
}
