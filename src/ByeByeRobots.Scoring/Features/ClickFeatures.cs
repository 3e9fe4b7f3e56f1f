using ByeByeRobots.Core.Signals;
using static ByeByeRobots.Scoring.Features.FeatureRegistry;
using static ByeByeRobots.Scoring.Features.Statistics;

namespace ByeByeRobots.Scoring.Features;

/// <summary>The presses of the pointer: how long they are held and how the pointer approaches them.</summary>
internal static class ClickFeatures
{
    public static void Extract(PointerSample[] events, Span<float> f)
    {
        Span<double> dwell = stackalloc double[32];
        Span<double> work = stackalloc double[32];
        var clicks = 0;
        double approach = 0, overall = 0;
        int approaches = 0, overallSteps = 0;
        double downAt = double.NaN;
        for (var i = 0; i < events.Length; i++)
        {
            var e = events[i];
            if (i > 0 && e.K == 0 && events[i - 1].K == 0)
            {
                overall += Speed(events[i - 1], e);
                overallSteps++;
            }

            if (e.K == 1)
            {
                downAt = e.T;

                // The approach: the last 100 ms of movement before the press.
                double sum = 0;
                var n = 0;
                for (var j = i - 1; j > 0 && events[j].K == 0 && events[j - 1].K == 0 && e.T - events[j].T <= 100; j--)
                {
                    sum += Speed(events[j - 1], events[j]);
                    n++;
                }

                if (n > 0)
                {
                    approach += sum / n;
                    approaches++;
                }
            }
            else if (e.K == 2 && !double.IsNaN(downAt))
            {
                if (clicks < dwell.Length)
                {
                    dwell[clicks++] = e.T - downAt;
                }

                downAt = double.NaN;
            }
        }

        if (clicks > 0)
        {
            f[ClickDwellMedian.Index] = (float)Median(dwell[..clicks], work);
            f[ClickDwellCv.Index] = clicks > 1 ? (float)Variation(dwell[..clicks]) : FeatureExtractor.Missing;
        }

        if (approaches > 0 && overallSteps > 0)
        {
            f[ClickApproachSpeed.Index] = (float)((approach / approaches) / Math.Max(overall / overallSteps, 1e-3));
        }
    }
}
