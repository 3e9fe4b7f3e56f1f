using System.Buffers;
using ByeByeRobots.Core.Signals;
using static ByeByeRobots.Scoring.Features.FeatureRegistry;
using static ByeByeRobots.Scoring.Features.Statistics;

namespace ByeByeRobots.Scoring.Features;

/// <summary>
/// The pointer's features: its sampling rhythm, its steps, how displacement follows time, its
/// kinematics on a resampled path, its turning and its strokes. Moves are read in time order.
/// </summary>
internal static class PointerFeatures
{
    /// <summary>A pause longer than this ends a pointer stroke (ms).</summary>
    public const double StrokePause = 150;

    public static void Extract(PointerSample[] events, bool touch, Span<float> f)
    {
        var moveCount = 0;
        foreach (var e in events)
        {
            moveCount += e.K == 0 ? 1 : 0;
        }

        f[PointerPresent.Index] = events.Length > 0 ? 1 : 0;
        f[PointerTouch.Index] = touch && events.Length > 0 ? 1 : 0;
        f[PointerMoves.Index] = Log(moveCount);
        f[ClickCount.Index] = Log(CountOf(events, 1));
        ClickFeatures.Extract(events, f);
        if (moveCount < 3)
        {
            f[PointerSpan.Index] = moveCount > 0 ? 0 : FeatureExtractor.Missing;
            return;
        }

        var moves = ArrayPool<PointerSample>.Shared.Rent(moveCount);
        var scratch = ArrayPool<double>.Shared.Rent(moveCount * 5);
        try
        {
            var n = 0;
            var ordered = true;
            foreach (var e in events)
            {
                if (e.K == 0)
                {
                    ordered &= n == 0 || e.T >= moves[n - 1].T;
                    moves[n++] = e;
                }
            }

            // A browser sends moves in time order; a forged payload may not. Kinematics read them in order.
            if (!ordered)
            {
                moves.AsSpan(0, n).Sort(static (a, b) => a.T.CompareTo(b.T));
            }

            Kinematics(moves.AsSpan(0, n), scratch.AsSpan(0, n * 5), f);
        }
        finally
        {
            ArrayPool<PointerSample>.Shared.Return(moves);
            ArrayPool<double>.Shared.Return(scratch);
        }
    }

    private static void Kinematics(ReadOnlySpan<PointerSample> m, Span<double> scratch, Span<float> f)
    {
        var steps = m.Length - 1;
        var dts = scratch[..steps];
        var lengths = scratch.Slice(steps, steps);
        var speeds = scratch.Slice(2 * steps, steps);
        var work = scratch.Slice(3 * steps, steps);
        var spare = scratch.Slice(4 * steps, steps);
        f[PointerSpan.Index] = Log(m[^1].T - m[0].T);

        int duplicates = 0, longGaps = 0, zero = 0, axis = 0, repeat = 0, teleport = 0;
        var previous = m[0];
        int previousDx = 0, previousDy = 0;
        dts = dts[..steps];
        lengths = lengths[..steps];
        for (var i = 0; i < dts.Length; i++)
        {
            var current = m[i + 1];
            var dx = current.X - previous.X;
            var dy = current.Y - previous.Y;
            var dt = current.T - previous.T;
            var length = Math.Sqrt((dx * dx) + (dy * dy));
            dts[i] = dt;
            lengths[i] = length;
            duplicates += dt < 0.5 ? 1 : 0;
            longGaps += dt > 100 ? 1 : 0;
            zero += dx == 0 && dy == 0 ? 1 : 0;
            axis += (dx == 0) != (dy == 0) ? 1 : 0;
            teleport += length > 250 && dt < 40 ? 1 : 0;
            repeat += i > 0 && length > 0 && dx == previousDx && dy == previousDy ? 1 : 0;
            previousDx = dx;
            previousDy = dy;
            previous = current;
        }

        var share = 1f / steps;

        // The sampling rhythm while moving: intervals within strokes (pauses excluded).
        var moving = 0;
        for (var i = 0; i < steps; i++)
        {
            if (dts[i] <= StrokePause)
            {
                work[moving++] = dts[i];
            }
        }

        if (moving > 1)
        {
            var intervals = work[..moving];
            var medianInterval = Quantile(intervals, speeds, 0.5);
            f[IntervalMedian.Index] = (float)medianInterval;
            f[IntervalCv.Index] = (float)Variation(intervals);
            var deviations = 0;
            for (var i = 0; i < moving; i++)
            {
                deviations += Math.Abs(intervals[i] - medianInterval) <= 1 ? 1 : 0;
                intervals[i] = Math.Abs(intervals[i] - medianInterval);
            }

            f[IntervalMadRatio.Index] = (float)(Quantile(intervals, speeds, 0.5) / Math.Max(medianInterval, 0.1));
            f[IntervalModeShare.Index] = (float)deviations / moving;
        }

        f[IntervalDuplicateShare.Index] = duplicates * share;
        f[IntervalLongShare.Index] = longGaps * share;
        f[StepZeroShare.Index] = zero * share;
        f[StepMedian.Index] = (float)Median(lengths, work);
        f[StepCv.Index] = (float)Variation(lengths);
        f[StepAxisShare.Index] = axis * share;
        f[StepRepeatShare.Index] = repeat * share;
        f[StepTeleportShare.Index] = teleport * share;

        // Speeds over at least 4 ms: events delivered in bursts (remote desktops) carry no speed.
        for (var i = 0; i < steps; i++)
        {
            speeds[i] = lengths[i] / Math.Max(dts[i], 4);
        }

        Coupling(dts, lengths, work, spare, f);
        Resampled(m, f);
        Strokes(m, dts, speeds, f);
    }

    /// <summary>The longest interval still read as one movement by the coupling features (ms).</summary>
    private const double CouplingGap = 400;

    /// <summary>
    /// How displacement follows time. A hand moves continuously, so the distance between two reports
    /// grows with the time between them (elasticity near 1), and a report after several silent frames
    /// carries a small step. A script that moves the cursor by fixed steps and sleeps for varying times
    /// makes steps of one size whatever the interval (elasticity near 0), and big steps after long
    /// silences. Steps under 8 ms (events delivered in bursts) are left out.
    /// </summary>
    private static void Coupling(ReadOnlySpan<double> dts, ReadOnlySpan<double> lengths, Span<double> work, Span<double> spare, Span<float> f)
    {
        var n = 0;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var i = 0; i < dts.Length; i++)
        {
            if (dts[i] >= 8 && dts[i] <= CouplingGap && lengths[i] >= 1)
            {
                var x = Math.Log(dts[i]);
                var y = Math.Log(lengths[i]);
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
                work[n++] = dts[i];
            }
        }

        if (n < 8)
        {
            return;
        }

        var variance = (sxx / n) - (sx / n * (sx / n));
        if (variance >= 0.01)
        {
            // Bounded above FeatureExtractor.Missing (-1): a step that shrinks as the interval grows is a value, not an absence.
            f[StepIntervalElasticity.Index] = (float)Math.Clamp((((sxy / n) - (sx / n * (sy / n))) / variance), -0.9, 3);
        }

        var median = Median(work[..n], spare);
        var jumps = 0;
        for (var i = 0; i < dts.Length; i++)
        {
            jumps += dts[i] >= 2.5 * median && dts[i] <= CouplingGap && lengths[i] >= 4 ? 1 : 0;
        }

        f[StepGapJumpShare.Index] = (float)jumps / n;
    }

    /// <summary>The resampling step of the kinematic features (ms): a 60 Hz screen, a 1000 Hz mouse and a remote desktop compare alike.</summary>
    private const double ResampleStep = 20;

    /// <summary>
    /// Speed, acceleration, jerk and turning, computed on the path resampled every 20 ms within
    /// strokes (linear interpolation between events), so the device's sampling rate does not
    /// masquerade as behaviour.
    /// </summary>
    private static void Resampled(ReadOnlySpan<PointerSample> m, Span<float> f)
    {
        var span = m[^1].T - m[0].T;
        var capacity = (int)Math.Min(20_000, (span / ResampleStep) + m.Length + 2);
        var xs = ArrayPool<double>.Shared.Rent(capacity);
        var ys = ArrayPool<double>.Shared.Rent(capacity);
        var stroke = ArrayPool<int>.Shared.Rent(capacity);
        var kept = ArrayPool<PointerSample>.Shared.Rent(m.Length);
        try
        {
            // Events delivered together (under BurstGap apart: a remote desktop's packet) are one
            // report: the latest position at the first one's time.
            var k = 0;
            kept[k++] = m[0];
            for (var i = 1; i < m.Length; i++)
            {
                if (m[i].T - kept[k - 1].T < BurstGap)
                {
                    kept[k - 1] = kept[k - 1] with { X = m[i].X, Y = m[i].Y };
                }
                else
                {
                    kept[k++] = m[i];
                }
            }

            var n = 0;
            var strokeId = 0;
            var next = kept[0].T;
            for (var i = 0; i + 1 < k && n < capacity; i++)
            {
                var dt = kept[i + 1].T - kept[i].T;
                if (dt > StrokePause)
                {
                    strokeId++;
                    next = kept[i + 1].T;
                    continue;
                }

                while (next <= kept[i + 1].T && n < capacity)
                {
                    var u = dt > 0 ? (next - kept[i].T) / dt : 1;
                    xs[n] = kept[i].X + ((kept[i + 1].X - kept[i].X) * u);
                    ys[n] = kept[i].Y + ((kept[i + 1].Y - kept[i].Y) * u);
                    stroke[n++] = strokeId;
                    next += ResampleStep;
                }
            }

            Kinematic(xs.AsSpan(0, n), ys.AsSpan(0, n), stroke.AsSpan(0, n), f);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(xs);
            ArrayPool<double>.Shared.Return(ys);
            ArrayPool<int>.Shared.Return(stroke);
            ArrayPool<PointerSample>.Shared.Return(kept);
        }
    }

    /// <summary>Reports closer than this (ms) arrived together; their positions were sampled earlier, apart.</summary>
    private const double BurstGap = 6;

    private static void Kinematic(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, ReadOnlySpan<int> stroke, Span<float> f)
    {
        if (xs.Length < 3)
        {
            return;
        }

        var speeds = ArrayPool<double>.Shared.Rent(xs.Length);
        var work = ArrayPool<double>.Shared.Rent(xs.Length);
        try
        {
            var count = 0;
            double accel = 0, jerk = 0;
            int accelCount = 0, jerkCount = 0, turns = 0, sharp = 0, sameTurn = 0, signedTurns = 0;
            double previousHeading = double.NaN, previousTurn = 0, turnSum = 0, turnSquares = 0;
            for (var i = 1; i < xs.Length; i++)
            {
                if (stroke[i] != stroke[i - 1])
                {
                    previousHeading = double.NaN;
                    continue;
                }

                var dx = xs[i] - xs[i - 1];
                var dy = ys[i] - ys[i - 1];
                var v = Math.Sqrt((dx * dx) + (dy * dy)) / ResampleStep;
                speeds[count] = v;
                if (count > 0 && i > 1 && stroke[i - 2] == stroke[i])
                {
                    accel += Math.Abs(v - speeds[count - 1]);
                    accelCount++;
                    if (count > 1 && i > 2 && stroke[i - 3] == stroke[i])
                    {
                        jerk += Math.Abs(v - (2 * speeds[count - 1]) + speeds[count - 2]);
                        jerkCount++;
                    }
                }

                count++;
                if (v * ResampleStep < 0.5)
                {
                    continue;
                }

                var heading = Math.Atan2(dy, dx);
                if (!double.IsNaN(previousHeading))
                {
                    var turn = heading - previousHeading;
                    turn = turn > Math.PI ? turn - (2 * Math.PI) : turn < -Math.PI ? turn + (2 * Math.PI) : turn;
                    turnSum += Math.Abs(turn);
                    turnSquares += turn * turn;
                    turns++;
                    sharp += Math.Abs(turn) > Math.PI / 2 ? 1 : 0;
                    if (Math.Abs(turn) > 1e-3)
                    {
                        sameTurn += previousTurn != 0 && (turn > 0) == (previousTurn > 0) ? 1 : 0;
                        signedTurns++;
                        previousTurn = turn;
                    }
                }

                previousHeading = heading;
            }

            var all = speeds.AsSpan(0, count);
            var mean = Mean(all);
            f[SpeedMean.Index] = (float)mean;
            f[SpeedCv.Index] = (float)Variation(all);
            f[SpeedP90Ratio.Index] = (float)Ratio90To50(all, work);
            f[AccelRelative.Index] = accelCount > 0 && mean > 0 ? (float)(accel / accelCount / mean) : FeatureExtractor.Missing;
            f[JerkRelative.Index] = jerkCount > 0 && mean > 0 ? (float)(jerk / jerkCount / mean) : FeatureExtractor.Missing;
            if (turns > 0)
            {
                var meanTurn = turnSum / turns;
                f[AngleMeanChange.Index] = (float)meanTurn;
                f[AngleChangeSd.Index] = (float)Math.Sqrt(Math.Max(0, (turnSquares / turns) - (meanTurn * meanTurn)));
                f[AngleSharpShare.Index] = (float)sharp / turns;
                f[AngleSameTurnShare.Index] = signedTurns > 1 ? (float)sameTurn / (signedTurns - 1) : FeatureExtractor.Missing;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(speeds);
            ArrayPool<double>.Shared.Return(work);
        }
    }

    /// <summary>Strokes: runs of movement between pauses. Straightness, sub-movements, speed profile.</summary>
    private static void Strokes(ReadOnlySpan<PointerSample> m, ReadOnlySpan<double> dts, ReadOnlySpan<double> speeds, Span<float> f)
    {
        int strokes = 0, measured = 0;
        double straightness = 0, peaks = 0, peakPosition = 0, endDeceleration = 0;
        var start = 0;
        for (var i = 0; i <= dts.Length; i++)
        {
            if (i < dts.Length && dts[i] <= StrokePause)
            {
                continue;
            }

            // Steps start..i-1 form a stroke over points start..i.
            var count = i - start;
            if (count >= 4)
            {
                strokes++;
                double path = 0, peakSpeed = -1, peakAt = 0, time = 0, sum = 0;
                var smoothedPrevious = -1.0;
                var rising = false;
                var strokePeaks = 0;
                for (var s = start; s < i; s++)
                {
                    path += speeds[s] * Math.Max(dts[s], 4);
                    time += dts[s];
                    sum += speeds[s];
                    if (speeds[s] > peakSpeed)
                    {
                        peakSpeed = speeds[s];
                        peakAt = time;
                    }

                    // Velocity peaks of the speed smoothed over three steps: sub-movements.
                    var smoothed = (speeds[Math.Max(start, s - 1)] + speeds[s] + speeds[Math.Min(i - 1, s + 1)]) / 3;
                    if (smoothedPrevious >= 0)
                    {
                        if (smoothed > smoothedPrevious * 1.05)
                        {
                            rising = true;
                        }
                        else if (rising && smoothed < smoothedPrevious * 0.95)
                        {
                            strokePeaks++;
                            rising = false;
                        }
                    }

                    smoothedPrevious = smoothed;
                }

                double cx = m[i].X - m[start].X, cy = m[i].Y - m[start].Y;
                var chord = Math.Sqrt((cx * cx) + (cy * cy));
                if (path > 20 && time > 0)
                {
                    measured++;
                    straightness += chord / path;
                    peaks += strokePeaks / (path / 100);
                    peakPosition += peakAt / time;
                    var tail = Math.Max(1, count / 5);
                    double tailSpeed = 0;
                    for (var s = i - tail; s < i; s++)
                    {
                        tailSpeed += speeds[s];
                    }

                    endDeceleration += (tailSpeed / tail) / Math.Max(sum / count, 1e-3);
                }
            }

            start = i + 1;
        }

        f[StrokeCount.Index] = Log(strokes);
        if (measured > 0)
        {
            f[StrokeStraightness.Index] = (float)(straightness / measured);
            f[StrokeSubmovements.Index] = (float)(peaks / measured);
            f[StrokePeakPosition.Index] = (float)(peakPosition / measured);
            f[StrokeEndDeceleration.Index] = (float)(endDeceleration / measured);
        }
    }
}
