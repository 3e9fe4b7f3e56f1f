using ByeByeRobots.Core.Signals;

namespace ByeByeRobots.Core.Scoring;

/// <summary>
/// The transparent fallback behind <see cref="IHumanityScorer"/> (<c>ByeByeRobots:Scoring:Scorer</c> =
/// <c>rules</c>; the service scores with the ML.NET model by default). A handful of rules, each a
/// multiplier on a neutral start of 0.75:
/// <list type="bullet">
/// <item><c>webdriver</c> set by the browser: score 0 (automation says so itself).</item>
/// <item>untrusted (script-generated) input events: × 0.2.</item>
/// <item>interaction lasting under 800 ms: × 0.5 (faster than a person fills a field).</item>
/// <item>≥ 10 mouse moves at near-constant intervals (coefficient of variation &lt; 0.05): × 0.3 (a timer drives them).</item>
/// <item>≥ 10 mouse moves on an almost perfectly straight path (path / chord &lt; 1.01): × 0.4.</item>
/// <item>≥ 6 key presses at near-constant intervals (coefficient of variation &lt; 0.1): × 0.3.</item>
/// </list>
/// A missing modality is not held against a session: keyboard-only use with focus changes scores 0.75.
/// A session without any interaction is not scored here: it is its own evidence class (protocol section 3).
/// </summary>
public sealed class RuleBasedScorer : IHumanityScorer
{
    private const double Neutral = 0.75;

    public string Name => "rules";

    public ScoreResult Score(InteractionSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var reasons = new List<ScoreContribution>(4);
        if (signals.Env.Webdriver)
        {
            return new ScoreResult(0, [new("env.webdriver", -Neutral)]);
        }

        var score = Neutral;
        Apply(ref score, reasons, "untrusted-events", signals.Untrusted > 0 ? 0.2 : 1);
        Apply(ref score, reasons, "duration.too-short", InteractionSpan(signals) < 800 ? 0.5 : 1);
        var moves = signals.Mouse.Where(m => m.K == InteractionSignals.PointerKind.Move).ToArray();
        if (moves.Length >= 10)
        {
            Apply(ref score, reasons, "mouse.regular-intervals", IntervalVariation(moves.Select(m => m.T)) < 0.05 ? 0.3 : 1);
            Apply(ref score, reasons, "mouse.straight-path", Straightness(moves) < 1.01 ? 0.4 : 1);
        }

        var keyDowns = signals.Keys.Where(k => k.K == InteractionSignals.KeyKind.Down).Select(k => k.T).ToArray();
        if (keyDowns.Length >= 6)
        {
            Apply(ref score, reasons, "keys.regular-intervals", IntervalVariation(keyDowns) < 0.1 ? 0.3 : 1);
        }

        reasons.Sort((a, b) => Math.Abs(b.Effect).CompareTo(Math.Abs(a.Effect)));
        return new ScoreResult(Math.Clamp(score, 0, 1), reasons.Take(3).ToArray());
    }

    private static void Apply(ref double score, List<ScoreContribution> reasons, string feature, double factor)
    {
        if (factor < 1)
        {
            reasons.Add(new ScoreContribution(feature, score * factor - score));
            score *= factor;
        }
    }

    private static double InteractionSpan(InteractionSignals signals)
    {
        var first = double.MaxValue;
        var last = double.MinValue;
        foreach (var t in signals.Mouse.Select(m => m.T).Concat(signals.Touch.Select(m => m.T)).Concat(signals.Keys.Select(k => k.T)))
        {
            first = Math.Min(first, t);
            last = Math.Max(last, t);
        }

        return last - first;
    }

    /// <summary>Coefficient of variation of the gaps between successive times.</summary>
    internal static double IntervalVariation(IEnumerable<double> times)
    {
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToArray();
        if (gaps.Length < 2)
        {
            return double.PositiveInfinity;
        }

        var mean = gaps.Average();
        if (mean <= 0)
        {
            return 0;
        }

        var variance = gaps.Sum(g => (g - mean) * (g - mean)) / gaps.Length;
        return Math.Sqrt(variance) / mean;
    }

    /// <summary>Path length over straight-line distance: 1 for a ruler-straight movement.</summary>
    internal static double Straightness(PointerSample[] moves)
    {
        double path = 0;
        for (var i = 1; i < moves.Length; i++)
        {
            path += Math.Sqrt(Math.Pow(moves[i].X - moves[i - 1].X, 2) + Math.Pow(moves[i].Y - moves[i - 1].Y, 2));
        }

        var chord = Math.Sqrt(Math.Pow(moves[^1].X - moves[0].X, 2) + Math.Pow(moves[^1].Y - moves[0].Y, 2));
        return chord < 1 ? double.PositiveInfinity : path / chord;
    }
}
