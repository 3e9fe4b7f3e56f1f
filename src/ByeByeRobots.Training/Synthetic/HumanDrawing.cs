using ByeByeRobots.Core.Signals;

namespace ByeByeRobots.Training.Synthetic;

/// <summary>
/// A person drawing a shape in one continuous movement (a signature, a circle on a canvas, a
/// swipe pattern): the hand follows the two-thirds power law (Lacquaniti, Terzuolo and Viviani
/// 1983: tangential speed grows with the cube root of the radius of curvature), its speed
/// waxes and wanes in movement units of a few per second, the shape wobbles off its ideal
/// form, the movement starts with an acceleration and ends either with a deceleration to rest
/// or with the button released while still moving, and physiological tremor rides on top.
/// </summary>
internal sealed class HumanDrawing
{
    private const double Step = 1; // ms of the simulated trajectory

    private readonly List<(double T, double X, double Y)> _trajectory = [];

    private HumanDrawing()
    {
    }

    public double Start => _trajectory[0].T;

    public double End => _trajectory[^1].T;

    public (double X, double Y) First => (_trajectory[0].X, _trajectory[0].Y);

    public (double X, double Y) Last => (_trajectory[^1].X, _trajectory[^1].Y);

    /// <summary>Draws a closed or open curve through the shape's points (a Catmull-Rom spline) or a wobbling ellipse, spiral or figure eight.</summary>
    public static HumanDrawing Draw(Random random, Persona persona, int width, int height, bool movingAtStart)
    {
        var curve = random.NextDouble() < 0.6 ? Wobbly(random, width, height) : Spline(Shapes.Draw(random, width, height));
        var (lengths, radii) = Geometry(curve);
        var total = lengths[^1];

        // Speed: a person's pace, modulated by curvature (power law), by movement units and by the envelope.
        var pace = Math.Exp(Persona.Uniform(random, Math.Log(0.08), Math.Log(1.6))); // px/ms
        var reference = Median(radii);
        var exponent = Persona.Uniform(random, 0.2, 0.4); // 1/3 in the law; people vary

        // Slow, careful drawing is intermittent: a train of sub-movements at 2-5 Hz whose speed
        // dips between them (Doeringer and Hogan 1998), where a fast stroke flows.
        var slowness = Math.Clamp((0.5 - pace) / 0.4, 0, 1);
        var (a1, f1, p1) = (Persona.Uniform(random, 0.05, 0.3), Persona.Uniform(random, 0.3, 1.5), random.NextDouble() * 6.3);
        var (a2, f2, p2) = (Persona.Uniform(random, 0.03, 0.15) + (slowness * Persona.Uniform(random, 0.1, 0.6)), Persona.Uniform(random, 2, 5), random.NextDouble() * 6.3);
        var onset = Persona.Uniform(random, 60, 300);
        var startShare = movingAtStart ? Persona.Uniform(random, 0.3, 0.9) : 0.05;
        var stopsBeforeRelease = random.NextDouble() < 0.5;
        var offset = Persona.Uniform(random, 100, 300);
        var endShare = stopsBeforeRelease ? 0 : Persona.Uniform(random, 0.4, 1);

        // Deviation from the ideal path: a slowly wandering sideways offset (Ornstein-Uhlenbeck), and tremor.
        var wander = Persona.Uniform(random, 0.3, 2.5);
        var wanderTime = Persona.Uniform(random, 60, 200);
        var tremor = persona.TremorAmplitude;
        var tremorHz = persona.TremorFrequency;
        var phase = random.NextDouble() * 6.3;

        // Hesitations: now and then the hand stops mid-drawing (re-grips, looks, thinks) and goes on.
        var expected = total / pace;
        var pauses = random.NextDouble() < 0.25 ? 1 + random.Next(2) : 0;
        Span<(double At, double Length)> hesitations = stackalloc (double, double)[2];
        for (var h = 0; h < pauses; h++)
        {
            hesitations[h] = (Persona.Uniform(random, 0.15, 0.85) * expected, Persona.Uniform(random, 100, 600));
        }

        var drawing = new HumanDrawing();
        double s = 0, t = 0, side = 0;
        var index = 0;
        while (s < total && t < 60_000)
        {
            while (index < lengths.Length - 2 && lengths[index + 1] < s)
            {
                index++;
            }

            var law = Math.Clamp(Math.Pow(radii[index] / reference, exponent), 0.35, 2.5);
            var units = 1 + (a1 * Math.Sin((2 * Math.PI * f1 * t / 1000) + p1)) + (a2 * Math.Sin((2 * Math.PI * f2 * t / 1000) + p2));
            var rise = t < onset ? startShare + ((1 - startShare) * MinimumJerk.At(t / onset)) : 1;
            var remaining = (total - s) / pace;
            var fall = remaining < offset ? endShare + ((1 - endShare) * MinimumJerk.At(remaining / offset)) : 1;
            var halt = 1.0;
            for (var h = 0; h < pauses; h++)
            {
                var (at, length) = hesitations[h];
                var into = t - at;
                halt = Math.Min(halt, into < -80 || into > length + 80 ? 1 : into < 0 ? MinimumJerk.At(-into / 80) : into > length ? MinimumJerk.At((into - length) / 80) : 0);
            }

            var v = halt * Math.Max(pace * law * units * rise * fall, pace * 0.03);

            var (x, y, nx, ny) = At(curve, lengths, index, s);
            // A halted hand rests: its wander and tremor fade with it (a mouse at rest reports nothing).
            side += halt * ((-side / wanderTime * Step) + (wander * Math.Sqrt(2 * Step / wanderTime) * Persona.Normal(random)));
            var shake = halt * tremor * Math.Sin((2 * Math.PI * tremorHz * t / 1000) + phase);
            drawing._trajectory.Add((t, x + (nx * (side + shake)), y + (ny * (side + shake))));
            s += v * Step;
            t += Step;
            if (t > (expected * 6) + 1200)
            {
                break;
            }
        }

        return drawing;
    }

    /// <summary>Moves the drawing in time so that it begins at <paramref name="start"/>.</summary>
    public void StartAt(double start)
    {
        var by = start - Start;
        for (var i = 0; i < _trajectory.Count; i++)
        {
            _trajectory[i] = _trajectory[i] with { T = _trajectory[i].T + by };
        }
    }

    /// <summary>The pointer events the browser reports for the drawing, through the device's sampling.</summary>
    public void Emit(List<PointerSample> output, Sampling sampling, Random random)
    {
        var reporter = new Sampling.Reporter(sampling, random);
        foreach (var t in sampling.Frames(Start, End, random))
        {
            var (_, x, y) = _trajectory[Math.Clamp((int)Math.Round((t - Start) / Step), 0, _trajectory.Count - 1)];
            reporter.Move(output, t, x, y);
        }
    }

    /// <summary>An ellipse (one to three turns), a spiral or a figure eight whose radius wobbles and whose centre drifts.</summary>
    private static List<(double X, double Y)> Wobbly(Random random, int width, int height)
    {
        var cx = Persona.Uniform(random, width * 0.3, width * 0.7);
        var cy = Persona.Uniform(random, height * 0.3, height * 0.7);
        var rx = Persona.Uniform(random, 30, Math.Min(width, height) * 0.35);
        var ry = rx * Persona.Uniform(random, 0.6, 1.4);
        var kind = random.Next(4);
        var turns = kind == 1 ? Persona.Uniform(random, 1.5, 3) : Persona.Uniform(random, 0.8, 2.2);
        var direction = random.NextDouble() < 0.5 ? 1 : -1;
        var start = random.NextDouble() * Math.PI * 2;
        var harmonics = new (double A, double P)[3];
        for (var k = 0; k < harmonics.Length; k++)
        {
            harmonics[k] = (Persona.Uniform(random, 0, 0.08), random.NextDouble() * 6.3);
        }

        var (driftX, driftY) = (Persona.Normal(random, 0, rx * 0.1), Persona.Normal(random, 0, ry * 0.1));
        var points = new List<(double, double)>();
        const int count = 720;
        for (var i = 0; i <= count; i++)
        {
            var u = (double)i / count;
            var a = start + (direction * u * turns * Math.PI * 2);
            var wobble = 1.0;
            for (var k = 0; k < harmonics.Length; k++)
            {
                wobble += harmonics[k].A * Math.Sin(((k + 1) * a) + harmonics[k].P);
            }

            var (ox, oy) = (cx + (driftX * u), cy + (driftY * u));
            var (x, y) = kind switch
            {
                1 => (ox + (rx * wobble * (0.15 + (0.85 * u)) * Math.Cos(a)), oy + (ry * wobble * (0.15 + (0.85 * u)) * Math.Sin(a))),
                2 => (ox + (rx * wobble * Math.Sin(a)), oy + (ry * wobble * Math.Sin(2 * a) / 2)),
                _ => (ox + (rx * wobble * Math.Cos(a)), oy + (ry * wobble * Math.Sin(a))),
            };
            points.Add((Math.Clamp(x, 2, width - 2), Math.Clamp(y, 2, height - 2)));
        }

        return points;
    }

    /// <summary>A Catmull-Rom spline through the points, densely sampled.</summary>
    private static List<(double X, double Y)> Spline(List<(double X, double Y)> points)
    {
        var result = new List<(double, double)>();
        for (var i = 0; i < points.Count - 1; i++)
        {
            var p0 = points[Math.Max(0, i - 1)];
            var p1 = points[i];
            var p2 = points[i + 1];
            var p3 = points[Math.Min(points.Count - 1, i + 2)];
            for (var k = 0; k < 24; k++)
            {
                var u = k / 24.0;
                var u2 = u * u;
                var u3 = u2 * u;
                result.Add((
                    0.5 * ((2 * p1.X) + ((-p0.X + p2.X) * u) + (((2 * p0.X) - (5 * p1.X) + (4 * p2.X) - p3.X) * u2) + ((-p0.X + (3 * p1.X) - (3 * p2.X) + p3.X) * u3)),
                    0.5 * ((2 * p1.Y) + ((-p0.Y + p2.Y) * u) + (((2 * p0.Y) - (5 * p1.Y) + (4 * p2.Y) - p3.Y) * u2) + ((-p0.Y + (3 * p1.Y) - (3 * p2.Y) + p3.Y) * u3))));
            }
        }

        result.Add(points[^1]);
        return result;
    }

    /// <summary>Cumulative arc length and radius of curvature at each point of the curve.</summary>
    private static (double[] Lengths, double[] Radii) Geometry(List<(double X, double Y)> curve)
    {
        var lengths = new double[curve.Count];
        var radii = new double[curve.Count];
        for (var i = 1; i < curve.Count; i++)
        {
            lengths[i] = lengths[i - 1] + Distance(curve[i - 1], curve[i]);
        }

        for (var i = 0; i < curve.Count; i++)
        {
            var a = curve[Math.Max(0, i - 3)];
            var b = curve[i];
            var c = curve[Math.Min(curve.Count - 1, i + 3)];
            var ab = Distance(a, b);
            var bc = Distance(b, c);
            var ca = Distance(c, a);
            var cross = Math.Abs(((b.X - a.X) * (c.Y - a.Y)) - ((b.Y - a.Y) * (c.X - a.X)));
            radii[i] = cross < 1e-9 ? 10_000 : Math.Min(10_000, ab * bc * ca / (2 * cross));
        }

        return (lengths, radii);
    }

    private static (double X, double Y, double NormalX, double NormalY) At(List<(double X, double Y)> curve, double[] lengths, int index, double s)
    {
        var a = curve[index];
        var b = curve[Math.Min(index + 1, curve.Count - 1)];
        var segment = lengths[Math.Min(index + 1, curve.Count - 1)] - lengths[index];
        var u = segment > 0 ? Math.Clamp((s - lengths[index]) / segment, 0, 1) : 0;
        var (dx, dy) = (b.X - a.X, b.Y - a.Y);
        var norm = Math.Max(Math.Sqrt((dx * dx) + (dy * dy)), 1e-9);
        return (a.X + (dx * u), a.Y + (dy * u), -dy / norm, dx / norm);
    }

    private static double Distance((double X, double Y) a, (double X, double Y) b) => Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2));

    private static double Median(double[] values)
    {
        var copy = (double[])values.Clone();
        Array.Sort(copy);
        return Math.Max(copy[copy.Length / 2], 1);
    }
}
