using ByeByeRobots.Core.Signals;

namespace ByeByeRobots.Training.Synthetic;

/// <summary>The clock that drives a bot's events: a timer, a sleep loop, an OS's timer granularity.</summary>
internal sealed record BotClock(double Period, double Spread, double Quantum)
{
    /// <summary>setTimeout/setInterval or a sleep loop: fixed, uniformly random, or rounded to the OS tick.</summary>
    public static BotClock Draw(Random random)
    {
        double[] periods = [1, 5, 8, 10, 15, 16, 20, 25, 50];
        var period = periods[random.Next(periods.Length)];
        return random.Next(5) switch
        {
            4 => new BotClock(Persona.Uniform(random, 10, 120), -Persona.Uniform(random, 0.3, 0.9), random.NextDouble() < 0.5 ? 15.625 : 0), // random.uniform sleeps, wide
            0 => new BotClock(period, 0, 0),                                         // exact timer
            1 => new BotClock(period, Persona.Uniform(random, 0.2, 2), 0),           // sleep with scheduler noise
            2 => new BotClock(period, period * Persona.Uniform(random, 0.3, 1), 0),  // uniform random delay
            _ => new BotClock(Math.Max(period, 1), 0.3, 15.625),                      // Windows timer tick
        };
    }

    public double Next(double t, Random random)
    {
        // A negative spread: a log-normal sleep of that sigma (time.sleep(random.uniform(a, b)) loops, eased delays).
        var step = Spread < 0 ? Persona.LogNormal(random, Period, -Spread) : Period + (Spread > 0 ? Persona.Uniform(random, -Spread, Spread) : 0);
        var next = t + Math.Max(0.5, step);
        return Quantum > 0 ? Math.Ceiling(next / Quantum) * Quantum + Persona.Uniform(random, 0, Math.Abs(Spread)) : next;
    }
}

/// <summary>
/// How automation moves a pointer from one point to the next. Each family is what a real
/// attacker's tool does; the points are emitted on the bot's clock.
/// </summary>
internal enum BotPath
{
    /// <summary>A straight line in equal steps (Selenium/pynput loops, Playwright <c>mouse.move(steps)</c>).</summary>
    LinearFixed,

    /// <summary>A straight line in random steps.</summary>
    LinearRandom,

    /// <summary>No path: the pointer jumps to the target.</summary>
    Teleport,

    /// <summary>A cubic Bézier with random control points, eased, with an overshoot on far targets (ghost-cursor).</summary>
    Bezier,

    /// <summary>A Bézier with per-point jitter and random tweening (pyHM, humanize-style libraries).</summary>
    BezierJitter,

    /// <summary>NaturalMouseMotion: a sideways deviation arc, sporadic noise, a speed flow, overshoots; Robot-style moves even without displacement.</summary>
    NaturalMotion,

    /// <summary>A smooth sine arc at constant speed on an exact timer.</summary>
    TimerArc,
}

internal sealed class BotPointer(BotPath path, BotClock clock, Random random, double x, double y)
{
    private readonly bool _emitUnchanged = path == BotPath.NaturalMotion ? random.NextDouble() < 0.8 : random.NextDouble() < 0.1;
    private readonly double _stepSize = Persona.Uniform(random, 2, 25);

    /// <summary>OS-level tools (pynput, xdotool, Robot) go through the browser's frame-aligned reporting; in-page ones (CDP) do not.</summary>
    private readonly double _framePeriod = random.NextDouble() < 0.5 ? 1000 / (random.NextDouble() < 0.8 ? 60.0 : 144.0) : 0;

    public double X { get; private set; } = x;

    public double Y { get; private set; } = y;

    /// <summary>Robot-style tools that keep sending the current position while they wait.</summary>
    private readonly bool _idleEmission = random.NextDouble() < (path == BotPath.NaturalMotion ? 0.6 : 0.15);

    public double MoveTo(List<PointerSample> output, double tx, double ty, double start)
    {
        var points = Points(tx, ty);
        var t = start;
        if (_idleEmission && output.Count > 0)
        {
            // Idle since the last event: the same position, on the bot's clock.
            var last = output[^1];
            for (var idle = clock.Next(last.T, random); idle < start && idle < last.T + 5000; idle = clock.Next(idle, random))
            {
                output.Add(last with { T = idle, K = 0 });
            }
        }

        var (lastX, lastY) = ((int)Math.Round(X), (int)Math.Round(Y));
        var pendingFrame = double.NaN;
        PointerSample pending = default;
        foreach (var (px, py) in points)
        {
            t = clock.Next(t, random);
            var (ix, iy) = ((int)Math.Round(px), (int)Math.Round(py));
            if (!_emitUnchanged && ix == lastX && iy == lastY)
            {
                continue;
            }

            (lastX, lastY) = (ix, iy);
            if (_framePeriod <= 0)
            {
                output.Add(new PointerSample(t, ix, iy, 0));
                continue;
            }

            // An OS-level bot moves the real cursor: the browser reports it once a frame.
            var frame = (Math.Floor(t / _framePeriod) + 1) * _framePeriod;
            if (!double.IsNaN(pendingFrame) && frame != pendingFrame)
            {
                output.Add(pending);
            }

            pendingFrame = frame;
            pending = new PointerSample(frame + Math.Abs(Persona.Normal(random, 0, 0.3)), ix, iy, 0);
        }

        if (!double.IsNaN(pendingFrame))
        {
            output.Add(pending);
            t = Math.Max(t, pending.T);
        }

        X = tx;
        Y = ty;
        return t;
    }

    private List<(double X, double Y)> Points(double tx, double ty)
    {
        var dx = tx - X;
        var dy = ty - Y;
        var distance = Math.Sqrt((dx * dx) + (dy * dy));
        var result = new List<(double, double)>();
        switch (path)
        {
            case BotPath.Teleport:
                result.Add((tx, ty));
                break;

            case BotPath.LinearFixed:
            {
                var steps = Math.Max(1, (int)(distance / _stepSize));
                for (var i = 1; i <= steps; i++)
                {
                    result.Add((X + (dx * i / steps), Y + (dy * i / steps)));
                }

                break;
            }

            case BotPath.LinearRandom:
            {
                var done = 0.0;
                while (done < 1)
                {
                    done = Math.Min(1, done + (Persona.Uniform(random, 0.3, 1.7) * _stepSize / Math.Max(distance, 1)));
                    result.Add((X + (dx * done), Y + (dy * done)));
                }

                break;
            }

            case BotPath.Bezier:
            case BotPath.BezierJitter:
            {
                var jitter = path == BotPath.BezierJitter ? Persona.Uniform(random, 0.5, 3) : 0;
                var overshoot = path == BotPath.Bezier && distance > 300 && random.NextDouble() < 0.6;
                var (ex, ey) = overshoot ? (tx + Persona.Normal(random, 0, 30), ty + Persona.Normal(random, 0, 30)) : (tx, ty);
                var spread = Math.Max(distance * 0.3, 20);
                var c1 = (X + (dx * Persona.Uniform(random, 0.1, 0.5)) + Persona.Normal(random, 0, spread), Y + (dy * Persona.Uniform(random, 0.1, 0.5)) + Persona.Normal(random, 0, spread));
                var c2 = (X + (dx * Persona.Uniform(random, 0.5, 0.9)) + Persona.Normal(random, 0, spread), Y + (dy * Persona.Uniform(random, 0.5, 0.9)) + Persona.Normal(random, 0, spread));
                var steps = Math.Clamp((int)(Math.Log2((distance / 20) + 1) * Persona.Uniform(random, 8, 25)), 5, 200);
                var easing = random.Next(3);
                for (var i = 1; i <= steps; i++)
                {
                    var u = (double)i / steps;
                    u = easing switch { 0 => u, 1 => 1 - Math.Pow(1 - u, 2), _ => u < 0.5 ? 2 * u * u : 1 - (Math.Pow(-2 * u + 2, 2) / 2) };
                    var (bx, by) = Cubic((X, Y), c1, c2, (ex, ey), u);
                    result.Add((bx + Persona.Normal(random, 0, jitter), by + Persona.Normal(random, 0, jitter)));
                }

                if (overshoot)
                {
                    for (var i = 1; i <= 6; i++)
                    {
                        result.Add((ex + ((tx - ex) * i / 6), ey + ((ty - ey) * i / 6)));
                    }
                }

                break;
            }

            case BotPath.NaturalMotion:
            {
                // Deviation: a sideways arc proportional to the distance; noise: sporadic offsets;
                // speed flow: an uneven distribution of progress over the steps; overshoots.
                var overshoots = distance > 100 ? random.Next(0, 3) : 0;
                var (sx, sy) = (X, Y);
                for (var o = 0; o <= overshoots; o++)
                {
                    var last = o == overshoots;
                    var (ex, ey) = last ? (tx, ty) : (tx + Persona.Normal(random, 0, distance * 0.1), ty + Persona.Normal(random, 0, distance * 0.1));
                    var (mx, my) = (ex - sx, ey - sy);
                    var d = Math.Sqrt((mx * mx) + (my * my));
                    var steps = Math.Clamp((int)(d / Persona.Uniform(random, 1, 6)), 5, 400);
                    var deviation = Persona.Normal(random, 0, 0.1);
                    var flow = Flow(steps);
                    double noiseX = 0, noiseY = 0;
                    for (var i = 1; i <= steps; i++)
                    {
                        var u = flow[i - 1];
                        var arc = deviation * Math.Sin(Math.PI * u) * d;
                        if (random.NextDouble() < 0.05)
                        {
                            (noiseX, noiseY) = (Persona.Normal(random, 0, 2), Persona.Normal(random, 0, 2));
                        }

                        result.Add((sx + (mx * u) - (my / Math.Max(d, 1) * arc) + noiseX, sy + (my * u) + (mx / Math.Max(d, 1) * arc) + noiseY));
                        noiseX *= 0.7;
                        noiseY *= 0.7;
                    }

                    (sx, sy) = (ex, ey);
                }

                break;
            }

            case BotPath.TimerArc:
            {
                var steps = Math.Max(2, (int)(distance / _stepSize));
                var bend = Persona.Normal(random, 0, 0.15);
                for (var i = 1; i <= steps; i++)
                {
                    var u = (double)i / steps;
                    var arc = bend * Math.Sin(Math.PI * u);
                    result.Add((X + (dx * u) - (dy * arc), Y + (dy * u) + (dx * arc)));
                }

                break;
            }
        }

        return result;
    }

    /// <summary>A monotone progress curve from a few random speed levels (the "flow" of NaturalMouseMotion).</summary>
    private double[] Flow(int steps)
    {
        var levels = new double[random.Next(3, 8)];
        for (var i = 0; i < levels.Length; i++)
        {
            levels[i] = Persona.Uniform(random, 0.2, 1);
        }

        var speed = new double[steps];
        double total = 0;
        for (var i = 0; i < steps; i++)
        {
            speed[i] = levels[i * levels.Length / steps];
            total += speed[i];
        }

        double done = 0;
        for (var i = 0; i < steps; i++)
        {
            done += speed[i];
            speed[i] = done / total;
        }

        return speed;
    }

    private static (double X, double Y) Cubic((double X, double Y) p0, (double X, double Y) p1, (double X, double Y) p2, (double X, double Y) p3, double u)
    {
        var v = 1 - u;
        return ((v * v * v * p0.X) + (3 * v * v * u * p1.X) + (3 * v * u * u * p2.X) + (u * u * u * p3.X),
                (v * v * v * p0.Y) + (3 * v * v * u * p1.Y) + (3 * v * u * u * p2.Y) + (u * u * u * p3.Y));
    }
}

/// <summary>How automation types: a fixed delay (Playwright/Puppeteer <c>type(delay)</c>), or a uniform random one.</summary>
internal static class BotTyping
{
    public static double Type(List<TimedCode> keys, Random random, int characters, double start, double delay, double spread, double hold)
    {
        var t = start;
        for (var i = 0; i < characters; i++)
        {
            keys.Add(new TimedCode(t, 1));
            keys.Add(new TimedCode(t + hold + Persona.Uniform(random, 0, 0.3), 2));
            t += hold + delay + (spread > 0 ? Persona.Uniform(random, -spread, spread) : Persona.Uniform(random, 0, 0.4));
        }

        return t;
    }
}
