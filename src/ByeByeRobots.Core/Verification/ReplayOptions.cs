using System.ComponentModel.DataAnnotations;

namespace ByeByeRobots.Core.Verification;

/// <summary>The replayed-trajectory evidence (<c>automation-replayed</c>), bound from <c>ByeByeRobots:Replay</c>.</summary>
public sealed class ReplayOptions
{
    public const string SectionName = "ByeByeRobots:Replay";

    /// <summary>
    /// How long a session's trajectory sketch is kept to compare later sessions with (every key has
    /// this TTL). Memory: about 2 KB per session with a pointer path (six keys of 256 bytes), in Redis or in the embedded
    /// store's <c>trajectories</c> pool. 0 turns the evidence off for every site.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);
}
