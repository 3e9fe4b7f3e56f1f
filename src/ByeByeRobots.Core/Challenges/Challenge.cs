namespace ByeByeRobots.Core.Challenges;

/// <summary>
/// A challenge as the service remembers it between <c>/v1/challenge</c> and <c>/v1/verify</c>.
/// The difficulty and puzzle count are fixed at issue time, so a configuration reload never
/// changes a puzzle a browser is already solving.
/// </summary>
public sealed record Challenge(
    string Id,
    string SiteKey,
    string Action,
    string Hostname,
    byte[] Salt,
    int Difficulty,
    int Puzzles,
    DateTimeOffset ExpiresAt,
    double? FirstScore = null)
{
    /// <summary>True for the harder challenge handed out by a step-up verdict.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsStepUp => FirstScore.HasValue;
}
