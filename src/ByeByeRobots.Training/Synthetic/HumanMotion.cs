using ByeByeRobots.Core.Signals;

namespace ByeByeRobots.Training.Synthetic;

/// <summary>
/// A person's motor habits, drawn once per session: Fitts' law constants, endpoint accuracy,
/// tremor, typing rhythm, and the sampling of the device and browser.
/// </summary>
internal sealed class Persona
{
    public required double FittsA { get; init; }          // ms

    public required double FittsB { get; init; }          // ms per bit

    public required double AimError { get; init; }        // endpoint spread, share of distance

    public required double Curvature { get; init; }       // path bend, share of distance

    public required double TremorAmplitude { get; init; } // px

    public required double TremorFrequency { get; init; } // Hz (physiological tremor: 8-12)

    public required double HoldMedian { get; init; }      // key hold, ms

    public required double FlightMedian { get; init; }    // key down to next down, ms

    public required double RhythmSpread { get; init; }    // log-normal sigma of typing times

    public required Sampling Sampling { get; init; }

    /// <summary>Touchpad: long moves are made of several strokes with the finger lifted between.</summary>
    public bool Touchpad { get; init; }

    public static Persona Draw(Random random, Sampling sampling, bool touchpad = false) => new()
    {
        FittsA = touchpad ? Uniform(random, 150, 300) : Uniform(random, 80, 220),
        FittsB = touchpad ? Uniform(random, 150, 260) : Uniform(random, 90, 180),
        AimError = Uniform(random, 0.03, 0.1),
        Curvature = Uniform(random, 0.02, 0.12),
        TremorAmplitude = Uniform(random, 0.2, 1.2),
        TremorFrequency = Uniform(random, 8, 12),
        HoldMedian = Uniform(random, 70, 130),
        FlightMedian = Uniform(random, 140, 320),
        RhythmSpread = Uniform(random, 0.3, 0.6),
        Sampling = sampling,
        Touchpad = touchpad,
    };

    public static double Uniform(Random random, double low, double high) => low + (random.NextDouble() * (high - low));

    public static double Normal(Random random, double mean = 0, double sd = 1)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return mean + (sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    public static double LogNormal(Random random, double median, double sigma) => median * Math.Exp(Normal(random, 0, sigma));
}

/// <summary>
/// When a browser reports pointer positions: the device's rate, coalesced to the display's
/// frames, with timing jitter and dropped frames; remote desktops and virtual machines report
/// at a low, irregular rate.
/// </summary>
internal sealed record Sampling(double Period, double Jitter, double DropRate, double Resolution, double Burst = 0, double ReportNoise = 0, double Packet = 0, double Device = 0)
{
    /// <summary>
    /// When the browser reports a position sampled at a time. A virtual machine's or remote
    /// desktop's guest samples the pointer, then its input reaches the browser in packets every
    /// <see cref="Packet"/> ms, dispatched a few ms apart; otherwise a varying delay (report noise).
    /// </summary>
    public sealed class Reporter(Sampling sampling, Random random)
    {
        private readonly double _offset = random.NextDouble() * Math.Max(sampling.Packet, 1);
        private double _packet = double.NaN;
        private double _last = double.NegativeInfinity;
        private (int X, int Y) _position = (int.MinValue, int.MinValue);

        /// <summary>
        /// Reports the pointer at (<paramref name="x"/>, <paramref name="y"/>) sampled at <paramref name="sampled"/>:
        /// in whole pixels, and only when it moved, as browsers do.
        /// </summary>
        public void Move(List<PointerSample> output, double sampled, double x, double y, byte kind = 0)
        {
            var position = ((int)Math.Round(x), (int)Math.Round(y));
            if (position == _position)
            {
                return;
            }

            _position = position;
            output.Add(new PointerSample(At(sampled), position.Item1, position.Item2, kind));
        }

        public double At(double sampled)
        {
            if (sampling.Packet > 0)
            {
                // The packet's boundary, then its delivery jitter, drawn once a packet.
                var packet = (Math.Ceiling((sampled + _offset) / sampling.Packet) * sampling.Packet) - _offset;
                if (packet != _packet)
                {
                    _packet = packet;
                    var delivered = packet + Math.Abs(Persona.Normal(random, 0, sampling.Jitter));
                    if (delivered > _last)
                    {
                        _last = delivered;
                        return _last;
                    }
                }

                _last += Persona.Uniform(random, 0.5, 4);
                return _last;
            }

            return sampling.ReportNoise > 0 ? sampled + Math.Abs(Persona.Normal(random, 0, sampling.ReportNoise)) : sampled;
        }
    }

    public static Sampling Desktop(Random random)
    {
        // Device 125-1000 Hz, coalesced to 60-144 Hz frames.
        double[] displays = [60, 60, 60, 75, 120, 144];
        var hz = displays[random.Next(displays.Length)];
        return new Sampling(1000 / hz, Persona.Uniform(random, 0.05, 0.6), Persona.Uniform(random, 0, 0.04), random.NextDouble() < 0.8 ? 0.1 : 1, Device: DevicePeriod(random));
    }

    /// <summary>
    /// The mouse's own report period: 125 Hz for most office mice, up to 1000 Hz for gaming ones.
    /// A browser sends one move a frame stamped with the latest report's time, so a 125 Hz mouse on
    /// a 60 Hz screen gives intervals of 16 and 24 ms in turn.
    /// </summary>
    private static double DevicePeriod(Random random) => random.NextDouble() switch
    {
        < 0.45 => 8,
        < 0.6 => 4,
        < 0.75 => 2,
        _ => 1,
    };

    public static Sampling Remote(Random random) => random.NextDouble() < 0.5
        ? new(Persona.Uniform(random, 8, 30), Persona.Uniform(random, 0.5, 4), Persona.Uniform(random, 0, 0.05), 1, Packet: Persona.Uniform(random, 30, 70))
        : new(Persona.Uniform(random, 16, 60), Persona.Uniform(random, 3, 15), Persona.Uniform(random, 0.02, 0.15), 1, Persona.Uniform(random, 0, 0.3), Persona.Uniform(random, 2, 20));

    public static Sampling Phone(Random random) =>
        new(random.NextDouble() < 0.7 ? 1000 / 60.0 : 1000 / 120.0, Persona.Uniform(random, 0.05, 0.8), Persona.Uniform(random, 0, 0.05), random.NextDouble() < 0.5 ? 0.1 : 1, Device: random.NextDouble() < 0.5 ? 1000 / 120.0 : 1000 / 240.0);

    public IEnumerable<double> Frames(double from, double to, Random random)
    {
        var phase = random.NextDouble() * Period;
        var devicePhase = random.NextDouble() * Device;
        var previous = double.NegativeInfinity;
        for (var t = from + phase; t <= to; t += Period)
        {
            if (random.NextDouble() < DropRate)
            {
                continue;
            }

            var sampled = t + Math.Abs(Persona.Normal(random, 0, Jitter));
            if (Device > 0)
            {
                // The frame's move carries the latest device report and its time, as stamped by
                // the operating system's input stack (a fraction of a millisecond of jitter).
                var report = devicePhase + (Math.Floor((sampled - devicePhase) / Device) * Device);
                if (report <= previous)
                {
                    continue;
                }

                previous = report;
                yield return report + Math.Abs(Persona.Normal(random, 0, Jitter * 0.5));
                continue;
            }

            yield return sampled;

            // Remote desktops deliver input in network packets: a few events at once.
            while (Burst > 0 && random.NextDouble() < Burst && t + 1 <= to)
            {
                t += Persona.Uniform(random, 0.1, 2);
                yield return t;
            }
        }
    }
}

/// <summary>
/// Human pointer movement as a sum of minimum-jerk sub-movements (Flash and Hogan 1985; Flash
/// and Henis 1991): a primary movement with a Fitts' law duration that lands near the target,
/// then overlapping corrective sub-movements; a slight bend; physiological tremor while moving.
/// </summary>
internal sealed class HumanPointer(Persona persona, Random random, double x, double y)
{
    private readonly List<SubMovement> _moves = [];

    public double X { get; private set; } = x;

    public double Y { get; private set; } = y;

    /// <summary>Moves to a target of size <paramref name="width"/>; returns when the pointer is at rest there.</summary>
    public double MoveTo(double targetX, double targetY, double width, double start)
    {
        var distance = Math.Sqrt(Math.Pow(targetX - X, 2) + Math.Pow(targetY - Y, 2));
        if (distance < 2)
        {
            return start;
        }

        if (persona.Touchpad && distance > 250)
        {
            // The finger reaches the pad's edge: a stroke, a lift, another stroke.
            var strokes = 2 + random.Next(2);
            var t = start;
            for (var s = 1; s < strokes; s++)
            {
                var share = (double)s / strokes;
                t = Primary(X + ((targetX - X) * share * 0.9), Y + ((targetY - Y) * share * 0.9), width * 4, t, corrective: false);
                t += Persona.Uniform(random, 80, 260);
            }

            return Primary(targetX, targetY, width, t, corrective: true);
        }

        return Primary(targetX, targetY, width, start, corrective: true);
    }

    /// <summary>Moves through <paramref name="points"/> without stopping, as when tracing a shape.</summary>
    public double Trace(IReadOnlyList<(double X, double Y)> points, double start, double precision)
    {
        var t = start;
        foreach (var (px, py) in points)
        {
            var distance = Math.Sqrt(Math.Pow(px - X, 2) + Math.Pow(py - Y, 2));
            var duration = Fitts(distance, precision);
            Add(px - X, py - Y, t, duration, persona.Curvature * 0.5);
            X = px;
            Y = py;

            // The next sub-movement starts before this one ends: a continuous, wavering speed.
            t += duration * Persona.Uniform(random, 0.35, 0.75);
        }

        return _moves.Count > 0 ? Math.Max(t, _moves[^1].Start + _moves[^1].Duration) : t;
    }

    /// <summary>Small movements while reading: a few sub-movements of a few pixels to tens.</summary>
    public double Drift(double start, int count)
    {
        var t = start;
        for (var i = 0; i < count; i++)
        {
            var dx = Persona.Normal(random, 0, 30);
            var dy = Persona.Normal(random, 0, 20);
            t = MoveTo(X + dx, Y + dy, 40, t) + Persona.Uniform(random, 100, 900);
        }

        return t;
    }

    /// <summary>Writes the pointer events the browser reports for the movements so far.</summary>
    public void Emit(List<PointerSample> output, Sampling sampling, byte moveKind = 0)
    {
        if (_moves.Count == 0)
        {
            return;
        }

        var origin = _origin;
        var phase = random.NextDouble() * Math.PI * 2;
        var reporter = new Sampling.Reporter(sampling, random);
        foreach (var (from, to) in ActiveSpans())
        {
            foreach (var t in sampling.Frames(from, to + sampling.Period, random))
            {
                double px = origin.X, py = origin.Y;
                var active = false;
                foreach (var m in _moves)
                {
                    var (dx, dy, moving) = m.At(t);
                    px += dx;
                    py += dy;
                    active |= moving;
                }

                if (active)
                {
                    px += persona.TremorAmplitude * Math.Sin((2 * Math.PI * persona.TremorFrequency * t / 1000) + phase);
                    py += persona.TremorAmplitude * Math.Cos((2 * Math.PI * persona.TremorFrequency * t / 1000 * 0.9) + phase);
                }

                reporter.Move(output, t, px, py, moveKind);
            }
        }
    }

    public void StartAt(double x, double y)
    {
        _origin = (x, y);
        X = x;
        Y = y;
    }

    private (double X, double Y) _origin = (x, y);

    private double Primary(double targetX, double targetY, double width, double start, bool corrective)
    {
        var dx = targetX - X;
        var dy = targetY - Y;
        var distance = Math.Sqrt((dx * dx) + (dy * dy));
        var duration = Fitts(distance, width);

        // The primary movement lands near the target, more often short of it.
        var along = 1 + Persona.Normal(random, -0.03, persona.AimError);
        var across = Persona.Normal(random, 0, persona.AimError * 0.5);
        var aimX = (dx * along) - (dy * across);
        var aimY = (dy * along) + (dx * across);
        Add(aimX, aimY, start, duration, persona.Curvature);
        var (x, y, end) = (X + aimX, Y + aimY, start + duration);
        if (corrective)
        {
            // Corrective sub-movements begin before the primary ends, until within the target.
            for (var c = 0; c < 3 && Math.Sqrt(Math.Pow(targetX - x, 2) + Math.Pow(targetY - y, 2)) > width / 3; c++)
            {
                var cx = targetX - x + Persona.Normal(random, 0, 1);
                var cy = targetY - y + Persona.Normal(random, 0, 1);
                var cStart = end - (duration * Persona.Uniform(random, 0, 0.25));
                var cDuration = Persona.Uniform(random, 100, 260);
                Add(cx, cy, cStart, cDuration, persona.Curvature * 0.3);
                (x, y, end) = (x + cx, y + cy, cStart + cDuration);
                duration = cDuration;
            }
        }

        X = x;
        Y = y;
        return end;
    }

    private double Fitts(double distance, double width) =>
        Persona.LogNormal(random, persona.FittsA + (persona.FittsB * Math.Log2(1 + (distance / Math.Max(width, 4)))), 0.15);

    private void Add(double dx, double dy, double start, double duration, double curvature) =>
        _moves.Add(new SubMovement(start, Math.Max(duration, 40), dx, dy, Persona.Normal(random, 0, curvature)));

    private IEnumerable<(double From, double To)> ActiveSpans()
    {
        var spans = _moves.Select(m => (m.Start, End: m.Start + m.Duration)).OrderBy(s => s.Start).ToList();
        var (from, to) = spans[0];
        foreach (var (s, e) in spans.Skip(1))
        {
            if (s <= to + 50)
            {
                to = Math.Max(to, e);
            }
            else
            {
                yield return (from, to);
                (from, to) = (s, e);
            }
        }

        yield return (from, to);
    }

    /// <summary>Displacement (dx, dy) with a minimum-jerk profile and a sideways bend.</summary>
    private readonly record struct SubMovement(double Start, double Duration, double Dx, double Dy, double Bend)
    {
        public (double X, double Y, bool Moving) At(double t)
        {
            if (t <= Start)
            {
                return (0, 0, false);
            }

            var tau = Math.Min(1, (t - Start) / Duration);
            var s = MinimumJerk.At(tau);
            var bend = Bend * Math.Sin(Math.PI * s);
            return ((Dx * s) - (Dy * bend), (Dy * s) + (Dx * bend), tau < 1);
        }
    }
}

/// <summary>The minimum-jerk profile (Flash and Hogan 1985): the share of a movement done at time share <paramref name="tau"/>.</summary>
internal static class MinimumJerk
{
    public static double At(double tau)
    {
        tau = Math.Clamp(tau, 0, 1);
        return tau * tau * tau * (10 + (tau * ((6 * tau) - 15)));
    }
}

/// <summary>Typing as people do it: log-normal hold and flight times, word and thinking pauses, roll-over.</summary>
internal static class HumanTyping
{
    public static double Type(List<TimedCode> keys, Persona persona, Random random, int characters, double start)
    {
        var t = start;
        for (var i = 0; i < characters; i++)
        {
            var hold = Math.Clamp(Persona.LogNormal(random, persona.HoldMedian, 0.25), 30, 400);
            keys.Add(new TimedCode(t, 1));
            keys.Add(new TimedCode(t + hold, 2));
            var flight = Persona.LogNormal(random, persona.FlightMedian, persona.RhythmSpread);
            if (random.NextDouble() < 0.15)
            {
                flight += Persona.Uniform(random, 150, 600); // between words
            }

            if (random.NextDouble() < 0.03)
            {
                flight += Persona.Uniform(random, 800, 4000); // thinking, looking something up
            }

            t += Math.Clamp(flight, 35, 10_000);
        }

        return t;
    }

    public static double Press(List<TimedCode> keys, Persona persona, Random random, double start)
    {
        var hold = Math.Clamp(Persona.LogNormal(random, persona.HoldMedian, 0.25), 30, 400);
        keys.Add(new TimedCode(start, 1));
        keys.Add(new TimedCode(start + hold, 2));
        return start + hold;
    }
}
