using ByeByeRobots.Core.Signals;
using static ByeByeRobots.Scoring.Features.FeatureRegistry;
using static ByeByeRobots.Scoring.Features.Statistics;

namespace ByeByeRobots.Scoring.Features;

/// <summary>The session as a whole (focus, scroll, time) and what the browser declares about itself.</summary>
internal static class SessionFeatures
{
    public static void Extract(InteractionSignals s, Span<float> f)
    {
        f[FocusCount.Index] = Log(s.Focus.Length);
        f[ScrollCount.Index] = Log(s.Scroll.Length);
        f[TimeTotal.Index] = Log(s.T);
        var first = double.MaxValue;
        first = s.Mouse.Length > 0 ? Math.Min(first, s.Mouse[0].T) : first;
        first = s.Touch.Length > 0 ? Math.Min(first, s.Touch[0].T) : first;
        first = s.Keys.Length > 0 ? Math.Min(first, s.Keys[0].T) : first;
        f[TimeFirstInteraction.Index] = first < double.MaxValue ? Log(first) : FeatureExtractor.Missing;
        f[EnvWebdriver.Index] = s.Env.Webdriver ? 1 : 0;
        f[EnvUntrusted.Index] = Math.Min(s.Untrusted, 10) / 10f;
        f[EnvInconsistencies.Index] = EnvironmentChecks.Inconsistencies(s);
        f[EnvHeadless.Index] = EnvironmentChecks.IsHeadless(s.Env) ? 1 : 0;
    }
}
