using ByeByeRobots.Core.Signals;

namespace ByeByeRobots.Scoring.Features;

/// <summary>
/// Consistency of the browser environment (protocol section 5 <c>env</c>): what a real browser
/// cannot report. Each check counts one; the model sees the count.
/// </summary>
public static class EnvironmentChecks
{
    public static float Inconsistencies(InteractionSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var env = signals.Env;
        var count = 0;
        var mobile = env.UserAgent.Contains("Mobile", StringComparison.Ordinal) || env.UserAgent.Contains("Android", StringComparison.Ordinal)
            || env.UserAgent.Contains("iPhone", StringComparison.Ordinal);

        // Touch events from a device that declares no touch points.
        count += signals.Touch.Length > 0 && env.TouchPoints == 0 ? 1 : 0;

        // A phone's user agent with no touch support.
        count += mobile && env.TouchPoints == 0 ? 1 : 0;

        // A viewport larger than the screen (beyond zoom and scrollbar slack), or no screen.
        count += env.ScreenWidth <= 0 || env.ScreenHeight <= 0 ? 1 : 0;
        count += env.ScreenWidth > 0 && env.ViewportWidth > env.ScreenWidth * 1.25 + 32 ? 1 : 0;
        count += env.PixelRatio <= 0 || env.PixelRatio > 8 ? 1 : 0;

        // Every browser sends at least one language; an empty user agent is a bare HTTP client.
        count += env.Languages.Count == 0 ? 1 : 0;
        count += env.UserAgent.Length < 20 ? 1 : 0;

        // Pointer positions outside the viewport the page reported.
        if (env.ViewportWidth > 0 && env.ViewportHeight > 0)
        {
            foreach (var p in signals.Mouse)
            {
                if (p.X < -2 || p.Y < -2 || p.X > env.ViewportWidth + 2 || p.Y > env.ViewportHeight + 2)
                {
                    count++;
                    break;
                }
            }
        }

        return count;
    }

    /// <summary>User agents that say they are headless or automated.</summary>
    public static bool IsHeadless(BrowserEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        return env.UserAgent.Contains("Headless", StringComparison.OrdinalIgnoreCase)
            || env.UserAgent.Contains("PhantomJS", StringComparison.OrdinalIgnoreCase)
            || env.UserAgent.Contains("Electron", StringComparison.Ordinal);
    }
}
