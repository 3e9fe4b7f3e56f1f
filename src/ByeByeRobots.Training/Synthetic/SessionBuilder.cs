using ByeByeRobots.Core.Signals;

namespace ByeByeRobots.Training.Synthetic;

/// <summary>One generated session and what it is.</summary>
public sealed record LabelledSession(string Family, bool Human, InteractionSignals Signals);

/// <summary>Collects the events of one session in any order and builds the signals the widget would send.</summary>
internal sealed class SessionBuilder(BrowserEnvironment env)
{
    public List<PointerSample> Mouse { get; } = [];

    public List<PointerSample> Touch { get; } = [];

    public List<TimedCode> Keys { get; } = [];

    public List<TimedCode> Focus { get; } = [];

    public List<ScrollSample> Scroll { get; } = [];

    public int Untrusted { get; set; }

    public BrowserEnvironment Env { get; set; } = env;

    /// <summary>Time quantum of the browser's clock (0.1 ms in Chromium, 1 ms in some others).</summary>
    public double Resolution { get; set; } = 0.1;

    public InteractionSignals Build(double verifyDelay)
    {
        var last = 0.0;
        foreach (var t in Mouse.Select(m => m.T).Concat(Touch.Select(m => m.T)).Concat(Keys.Select(k => k.T)).Concat(Focus.Select(k => k.T)).Concat(Scroll.Select(s => s.T)))
        {
            last = Math.Max(last, t);
        }

        return new InteractionSignals(
            Round(last + verifyDelay),
            Bound(Mouse.Select(p => p with { T = Round(p.T) }).OrderBy(p => p.T)),
            Bound(Touch.Select(p => p with { T = Round(p.T) }).OrderBy(p => p.T)),
            Bound(Keys.Select(k => k with { T = Round(k.T) }).OrderBy(k => k.T)),
            Bound(Scroll.Select(s => s with { T = Round(s.T) }).OrderBy(s => s.T)),
            Bound(Focus.Select(k => k with { T = Round(k.T) }).OrderBy(k => k.T)),
            Untrusted,
            Env);
    }

    private double Round(double t) => Math.Max(0, Math.Round(t / Resolution) * Resolution);

    private static T[] Bound<T>(IEnumerable<T> events)
    {
        var all = events.ToArray();
        return all.Length <= InteractionSignals.MaximumEventsPerArray ? all : all[^InteractionSignals.MaximumEventsPerArray..];
    }
}
