using ByeByeRobots.Core.Signals;

namespace ByeByeRobots.Core.Scoring;

/// <summary>
/// One reason behind a score, for logs and the security team: never personal data. The feature's
/// name (docs/features.md), its effect on the score (negative: against a person) and, where the
/// scorer knows it, its direction: "low" when the session's value was below the points the model
/// judges it by, "high" when above (empty when not known).
/// </summary>
public readonly record struct ScoreContribution(string Feature, double Effect, string Direction = "")
{
    /// <summary>The reason as a log line names it: <c>jerk.relative low -0.42</c>.</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Feature}{(Direction is { Length: > 0 } ? " " + Direction : "")} {Effect:+0.00;-0.00}");
}

/// <summary>
/// A humanity score in [0, 1] (1: surely a person) and its strongest reasons, either way: a
/// negative effect counts against a person, a positive one for. A verdict's log line names the
/// three strongest on its side (against for a fail or a step-up, for a pass).
/// </summary>
public sealed record ScoreResult(double Score, IReadOnlyList<ScoreContribution> Contributions);

/// <summary>Scores the interaction signals of one verify. Implementations are thread-safe.</summary>
public interface IHumanityScorer
{
    /// <summary>A short name for logs and metrics ("rules", "model:…").</summary>
    string Name { get; }

    ScoreResult Score(InteractionSignals signals);
}
