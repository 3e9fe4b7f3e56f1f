using System.Buffers;
using ByeByeRobots.Core.Signals;
using static ByeByeRobots.Scoring.Features.FeatureRegistry;
using static ByeByeRobots.Scoring.Features.Statistics;

namespace ByeByeRobots.Scoring.Features;

/// <summary>Typing: how long keys are held, the time between presses, roll-over.</summary>
internal static class KeyboardFeatures
{
    public static void Extract(TimedCode[] keys, Span<float> f)
    {
        var downs = 0;
        foreach (var k in keys)
        {
            downs += k.K == 1 ? 1 : 0;
        }

        f[KeysDowns.Index] = Log(downs);
        if (downs < 2)
        {
            return;
        }

        var buffer = ArrayPool<double>.Shared.Rent(downs * 3);
        try
        {
            var holds = buffer.AsSpan(0, downs);
            var flights = buffer.AsSpan(downs, downs);
            var work = buffer.AsSpan(2 * downs, downs);
            int held = 0, holdCount = 0, flightCount = 0, overlaps = 0, unpaired = 0;
            var openDowns = new Queue<double>(4);
            var lastDown = double.NaN;
            foreach (var k in keys)
            {
                if (k.K == 1)
                {
                    overlaps += held > 0 ? 1 : 0;
                    if (!double.IsNaN(lastDown))
                    {
                        flights[flightCount++] = k.T - lastDown;
                    }

                    lastDown = k.T;
                    held++;
                    openDowns.Enqueue(k.T);
                }
                else if (k.K == 2)
                {
                    if (openDowns.Count == 0)
                    {
                        unpaired++;
                        continue;
                    }

                    holds[holdCount++] = k.T - openDowns.Dequeue();
                    held--;
                }
            }

            unpaired += openDowns.Count;
            if (holdCount > 0)
            {
                f[KeysHoldMedian.Index] = (float)Median(holds[..holdCount], work);
                f[KeysHoldCv.Index] = holdCount > 1 ? (float)Variation(holds[..holdCount]) : FeatureExtractor.Missing;
            }

            if (flightCount > 0)
            {
                f[KeysFlightMedian.Index] = (float)Median(flights[..flightCount], work);
                f[KeysFlightCv.Index] = flightCount > 1 ? (float)Variation(flights[..flightCount]) : FeatureExtractor.Missing;
            }

            f[KeysOverlapShare.Index] = (float)overlaps / downs;
            f[KeysUnpairedShare.Index] = (float)unpaired / downs;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }
}
