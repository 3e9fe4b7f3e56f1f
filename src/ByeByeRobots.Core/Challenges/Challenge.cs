using ByeByeRobots.Core.Verification;

namespace ByeByeRobots.Core.Challenges;

/// <summary>
/// A challenge as the service remembers it between <c>/v1/challenge</c> (or a step-up verdict)
/// and <c>/v1/verify</c>. The algorithm, difficulty and puzzle count are fixed at issue time, so
/// a configuration reload never changes a puzzle a browser is already solving.
/// </summary>
/// <param name="Cost">
/// The difficulty in the site's own algorithm's terms: equal to <paramref name="Difficulty"/>
/// unless the browser could only take the <c>sha256-lzb</c> fallback, whose difficulty carries
/// extra bits for the same native cost. A step-up is paid when its cost reaches what the
/// evidence asks for.
/// </param>
/// <param name="FirstScore">On a step-up challenge: the lowest behaviour score seen so far in this chain.</param>
/// <param name="Reasons">On a step-up challenge: the reasons that raised the cost so far.</param>
/// <param name="StepUps">How many step-ups this chain has had (0 for a first challenge).</param>
public sealed record Challenge(
    string Id,
    string SiteKey,
    string Action,
    string Hostname,
    byte[] Salt,
    PowAlgorithm Algorithm,
    int Difficulty,
    int Iterations,
    int Puzzles,
    int Cost,
    DateTimeOffset ExpiresAt,
    double? FirstScore = null,
    ReasonSet Reasons = default,
    int StepUps = 0)
{
    /// <summary>True for the harder challenge handed out by a step-up verdict.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsStepUp => StepUps > 0;
}
