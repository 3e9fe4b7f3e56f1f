using ByeByeRobots.Core.Signals;

namespace ByeByeRobots.Training.Synthetic;

/// <summary>
/// Generates labelled sessions, seeded: the same seed gives the same sessions. Families are
/// described in docs/training-data.md. Every session is a task a procedure page sees: filling
/// a form, tracing a shape (a signature, a drawing), or reading and clicking.
/// </summary>
public sealed class SessionGenerator(int seed)
{
    public static IReadOnlyList<string> HumanFamilies { get; } = [.. SessionFamilies.All.Where(f => f.Human).Select(f => f.Name)];

    public static IReadOnlyList<string> BotFamilies { get; } = [.. SessionFamilies.All.Where(f => !f.Human).Select(f => f.Name)];

    private enum Task { Form, Trace, Browse }

    /// <summary><paramref name="humans"/> human and <paramref name="bots"/> bot sessions, families in turn.</summary>
    public IEnumerable<LabelledSession> Generate(int humans, int bots)
    {
        var random = new Random(seed);
        for (var i = 0; i < Math.Max(humans, bots); i++)
        {
            if (i < humans)
            {
                var family = HumanFamilies[i % HumanFamilies.Count];
                yield return new LabelledSession(family, true, Human(family, new Random(random.Next())));
            }

            if (i < bots)
            {
                var family = BotFamilies[i % BotFamilies.Count];
                yield return new LabelledSession(family, false, Bot(family, new Random(random.Next())));
            }
        }
    }

    internal static InteractionSignals Human(string family, Random random) => family switch
    {
        "human-touch" => Touch(random),
        "human-keyboard-only" => KeyboardOnly(random),
        "human-touchpad" => Mouse(random, Persona.Draw(random, Sampling.Desktop(random), touchpad: true)),
        "human-remote-desktop" => Mouse(random, Persona.Draw(random, Sampling.Remote(random))),
        _ => Mouse(random, Persona.Draw(random, Sampling.Desktop(random))),
    };

    internal static InteractionSignals Bot(string family, Random random)
    {
        switch (family)
        {
            case "bot-typing":
                return BotKeyboard(random);
            case "bot-touch":
                return BotTouch(random);
            case "bot-replay":
                return Replay(random);
            case "bot-spoofed-env":
            {
                var inner = BotFamilies[random.Next(7)];
                var signals = Bot(inner, random);
                return signals with { Env = Environments.Spoofed(random, touch: false) };
            }

            case "bot-untrusted-events":
            {
                var signals = random.NextDouble() < 0.5 ? Bot(BotFamilies[random.Next(7)], random) : Mouse(random, Persona.Draw(random, Sampling.Desktop(random)));
                return signals with { Untrusted = random.Next(1, 200) };
            }

            default:
                var path = family switch
                {
                    "bot-linear-fixed" => BotPath.LinearFixed,
                    "bot-linear-random" => BotPath.LinearRandom,
                    "bot-teleport" => BotPath.Teleport,
                    "bot-bezier" => BotPath.Bezier,
                    "bot-bezier-jitter" => BotPath.BezierJitter,
                    "bot-natural-motion" => BotPath.NaturalMotion,
                    "bot-parametric-shape" => BotPath.Teleport,
                    _ => BotPath.TimerArc,
                };
                return BotMouse(random, path, parametric: family == "bot-parametric-shape");
        }
    }

    /// <summary>The share of pointer sessions that trace a shape (the rest fill forms or browse), the same for people and bots.</summary>
    private const double TraceShare = 0.3;

    /// <summary>The share of a person's traces drawn as one continuous movement (<see cref="HumanDrawing"/>); the rest pass through points.</summary>
    private const double DrawShare = 0.6;

    /// <summary>The share of drawings whose recording begins at the press (the widget keeps the most recent events only, or started late).</summary>
    private const double PressStartShare = 0.35;

    private static Task DrawTask(Random random)
    {
        var u = random.NextDouble();
        return u < TraceShare ? Task.Trace : u < 0.85 ? Task.Form : Task.Browse;
    }

    private static InteractionSignals Mouse(Random random, Persona persona)
    {
        var env = Environments.Desktop(random);
        var session = new SessionBuilder(env) { Resolution = persona.Sampling.Resolution };
        var pointer = new HumanPointer(persona, random, 0, 0);
        pointer.StartAt(Persona.Uniform(random, 50, env.ViewportWidth - 50), Persona.Uniform(random, 50, env.ViewportHeight - 50));

        // The widget starts after the page has loaded: a person may already be moving.
        var t = random.NextDouble() < 0.3 ? Persona.Uniform(random, 0, 300) : Persona.Uniform(random, 200, 3000);
        var clicks = new List<(double Down, double Up)>();

        double Click(double at)
        {
            var down = at + Persona.Uniform(random, 30, 250);
            var up = down + Persona.LogNormal(random, 95, 0.3);
            clicks.Add((down, up));
            return up;
        }

        switch (DrawTask(random))
        {
            case Task.Form:
                t = HumanForm(random, persona, session, env, t, (x, y, w, at) => Click(pointer.MoveTo(x, y, w, at)), at => pointer.Drift(at, 1 + random.Next(3)));
                break;

            case Task.Trace when random.NextDouble() < DrawShare:
            {
                // One continuous drawing with the button held; the widget may start only at the press.
                var atPress = random.NextDouble() < PressStartShare;
                var drawing = HumanDrawing.Draw(random, persona, env.ViewportWidth, env.ViewportHeight, movingAtStart: atPress && random.NextDouble() < 0.5);
                var down = atPress ? t : pointer.MoveTo(drawing.First.X, drawing.First.Y, 10, t) + Persona.Uniform(random, 30, 250);
                drawing.StartAt(down + Persona.Uniform(random, 5, 120));
                pointer.Emit(session.Mouse, persona.Sampling);
                drawing.Emit(session.Mouse, persona.Sampling, random);
                var up = drawing.End + Persona.Uniform(random, 0, 150);
                clicks.Add((down, up));

                // The hand goes on from where the drawing ended: a pointer of its own from there.
                pointer = new HumanPointer(persona, random, drawing.Last.X, drawing.Last.Y);
                t = random.NextDouble() < 0.5
                    ? Click(pointer.MoveTo(Persona.Uniform(random, 100, env.ViewportWidth - 100), env.ViewportHeight - 80, 80, up + Persona.Uniform(random, 200, 900)))
                    : up;
                break;
            }

            case Task.Trace:
                var shape = Shapes.Draw(random, env.ViewportWidth, env.ViewportHeight);
                t = pointer.MoveTo(shape[0].X, shape[0].Y, 20, t);
                if (random.NextDouble() < 0.6)
                {
                    // Drawing on a canvas: the button is held down the whole trace.
                    var down = t + Persona.Uniform(random, 30, 250);
                    var end = pointer.Trace(shape, down + Persona.Uniform(random, 20, 150), Persona.Uniform(random, 10, 60));
                    clicks.Add((down, end + Persona.Uniform(random, 20, 200)));
                    t = end + 200;
                }
                else
                {
                    t = Click(t);
                    t = pointer.Trace(shape, t + Persona.Uniform(random, 50, 400), Persona.Uniform(random, 10, 60));
                }

                if (random.NextDouble() < 0.5)
                {
                    t = Click(pointer.MoveTo(Persona.Uniform(random, 100, env.ViewportWidth - 100), env.ViewportHeight - 80, 80, t + 300));
                }

                break;

            default:
                for (var i = 0; i < 2 + random.Next(5); i++)
                {
                    t = pointer.Drift(t, 1 + random.Next(4));
                    t = Click(pointer.MoveTo(Persona.Uniform(random, 20, env.ViewportWidth - 20), Persona.Uniform(random, 20, env.ViewportHeight - 20), Persona.Uniform(random, 20, 200), t + Persona.Uniform(random, 200, 2000)));
                    if (random.NextDouble() < 0.4)
                    {
                        t = Scroll(random, session, t, 60);
                    }
                }

                break;
        }

        pointer.Emit(session.Mouse, persona.Sampling);
        foreach (var (down, up) in clicks)
        {
            // Each where the pointer is then: the same place for a click, the trace's end for a drag.
            var pressed = LastPosition(session.Mouse, down);
            var released = LastPosition(session.Mouse, up);
            session.Mouse.Add(new PointerSample(down, pressed.X, pressed.Y, 1));
            session.Mouse.Add(new PointerSample(up, released.X, released.Y, 2));
        }

        return session.Build(Persona.Uniform(random, 5, 80));
    }

    /// <summary>A form: reach each field (pointer or Tab), type, then send.</summary>
    private static double HumanForm(Random random, Persona persona, SessionBuilder session, BrowserEnvironment env, double t, Func<double, double, double, double, double> clickAt, Func<double, double>? drift)
    {
        var fields = 2 + random.Next(6);
        var x = Persona.Uniform(random, 100, Math.Max(120, env.ViewportWidth - 400));
        var y = Persona.Uniform(random, 80, 250);
        for (var f = 0; f < fields; f++)
        {
            y += Persona.Uniform(random, 50, 110);
            if (f > 0 && random.NextDouble() < 0.35)
            {
                t = HumanTyping.Press(session.Keys, persona, random, t + Persona.Uniform(random, 100, 600));
            }
            else
            {
                t = clickAt(x + Persona.Uniform(random, 10, 200), Math.Min(y, env.ViewportHeight - 30), 30, t + Persona.Uniform(random, 100, 800));
            }

            session.Focus.Add(new TimedCode(t, 1));
            t = HumanTyping.Type(session.Keys, persona, random, 2 + random.Next(25), t + Persona.Uniform(random, 150, 900));
            session.Focus.Add(new TimedCode(t + 50, 2));
            if (drift is not null && random.NextDouble() < 0.2)
            {
                t = drift(t + 200);
            }

            if (random.NextDouble() < 0.15)
            {
                t = Scroll(random, session, t + 200, 100);
            }
        }

        return random.NextDouble() < 0.2
            ? HumanTyping.Press(session.Keys, persona, random, t + Persona.Uniform(random, 200, 900))
            : clickAt(x + 40, Math.Min(y + 90, env.ViewportHeight - 30), 100, t + Persona.Uniform(random, 200, 1200));
    }

    private static InteractionSignals KeyboardOnly(Random random)
    {
        var persona = Persona.Draw(random, Sampling.Desktop(random));
        var session = new SessionBuilder(Environments.Desktop(random)) { Resolution = persona.Sampling.Resolution };
        var t = Persona.Uniform(random, 300, 4000);
        var screenReader = random.NextDouble() < 0.4;
        for (var f = 0; f < 2 + random.Next(6); f++)
        {
            // Tab (and, with a screen reader, arrow keys to read labels) to the next field.
            for (var k = 0; k < (screenReader ? 1 + random.Next(5) : 1); k++)
            {
                t = HumanTyping.Press(session.Keys, persona, random, t + Persona.LogNormal(random, screenReader ? 900 : 350, 0.5));
            }

            session.Focus.Add(new TimedCode(t, 1));
            t = HumanTyping.Type(session.Keys, persona, random, 1 + random.Next(25), t + Persona.Uniform(random, 150, 1200));
            session.Focus.Add(new TimedCode(t + 30, 2));
        }

        t = HumanTyping.Press(session.Keys, persona, random, t + Persona.Uniform(random, 200, 1500));
        return session.Build(Persona.Uniform(random, 5, 80));
    }

    private static InteractionSignals Touch(Random random)
    {
        var persona = Persona.Draw(random, Sampling.Phone(random));
        var env = Environments.Phone(random);
        var session = new SessionBuilder(env) { Resolution = persona.Sampling.Resolution };
        var t = random.NextDouble() < 0.3 ? Persona.Uniform(random, 0, 300) : Persona.Uniform(random, 300, 4000);

        double Tap(double x, double y, double at)
        {
            var (ix, iy) = ((int)Math.Round(x), (int)Math.Round(y));
            session.Touch.Add(new PointerSample(at, ix, iy, 1));
            var end = at + Persona.LogNormal(random, 90, 0.35);
            for (var m = 0; m < random.Next(0, 4); m++)
            {
                session.Touch.Add(new PointerSample(at + ((end - at) * (m + 1) / 5), ix + random.Next(-3, 4), iy + random.Next(-3, 4), 0));
            }

            session.Touch.Add(new PointerSample(end, ix, iy, 2));
            return end;
        }

        double Stroke(IReadOnlyList<(double X, double Y)> points, double at, double precision)
        {
            var finger = new HumanPointer(persona, random, points[0].X, points[0].Y);
            var moves = new List<PointerSample>();
            var end = finger.Trace(points.Skip(1).ToList(), at, precision);
            finger.Emit(moves, persona.Sampling);
            session.Touch.Add(new PointerSample(at, (int)Math.Round(points[0].X), (int)Math.Round(points[0].Y), 1));
            session.Touch.AddRange(moves);
            var last = moves.Count > 0 ? moves[^1] : new PointerSample(end, (int)points[^1].X, (int)points[^1].Y, 0);
            session.Touch.Add(new PointerSample(Math.Max(end, last.T) + Persona.Uniform(random, 5, 40), last.X, last.Y, 2));
            return Math.Max(end, last.T) + 40;
        }

        double Swipe(double at)
        {
            var x = Persona.Uniform(random, 60, env.ViewportWidth - 60);
            var y = Persona.Uniform(random, env.ViewportHeight * 0.5, env.ViewportHeight - 80);
            var end = Stroke([(x, y), (x + Persona.Normal(random, 0, 15), y - Persona.Uniform(random, 80, 400))], at, 200);
            return Scroll(random, session, end, 150);
        }

        switch (DrawTask(random))
        {
            case Task.Trace:
                var shape = Shapes.Draw(random, env.ViewportWidth, env.ViewportHeight);
                t = Stroke(shape, t, Persona.Uniform(random, 15, 60));
                break;
            default:
                t = HumanForm(random, persona, session, env, t, (x, y, _, at) => Tap(x * env.ViewportWidth / 1000.0 + 20, y, at), at => Swipe(at));
                break;
        }

        if (random.NextDouble() < 0.5)
        {
            t = Swipe(t + 300);
        }

        return session.Build(Persona.Uniform(random, 5, 80));
    }

    private static double Scroll(Random random, SessionBuilder session, double t, double step)
    {
        var y = session.Scroll.Count > 0 ? session.Scroll[^1].Y : 0;
        var events = 3 + random.Next(12);
        for (var i = 0; i < events; i++)
        {
            t += Persona.Uniform(random, 14, 40);
            y += (int)(step * Persona.Uniform(random, 0.3, 1.2));
            session.Scroll.Add(new ScrollSample(t, y));
        }

        return t;
    }

    private static InteractionSignals BotMouse(Random random, BotPath path, bool parametric = false)
    {
        var env = Environments.Desktop(random);
        var session = new SessionBuilder(env) { Resolution = random.NextDouble() < 0.8 ? 0.1 : 1 };
        var clock = BotClock.Draw(random);
        var pointer = new BotPointer(path, clock, random, Persona.Uniform(random, 0, env.ViewportWidth), Persona.Uniform(random, 0, env.ViewportHeight));
        var typingDelay = random.Next(3) switch { 0 => 0, 1 => Persona.Uniform(random, 10, 120), _ => Persona.Uniform(random, 50, 250) };
        var typingSpread = random.NextDouble() < 0.5 ? 0 : typingDelay * Persona.Uniform(random, 0.2, 0.9);
        var hold = random.NextDouble() < 0.5 ? Persona.Uniform(random, 0, 3) : Persona.Uniform(random, 20, 100);
        var dwell = random.NextDouble() < 0.5 ? Persona.Uniform(random, 0, 5) : Persona.Uniform(random, 30, 150);
        var t = Persona.Uniform(random, 5, 2000);

        double Click(double x, double y, double at)
        {
            var arrived = pointer.MoveTo(session.Mouse, x, y, at);
            var down = arrived + Persona.Uniform(random, 0, random.NextDouble() < 0.5 ? 5 : 300);
            session.Mouse.Add(new PointerSample(down, (int)Math.Round(x), (int)Math.Round(y), 1));
            session.Mouse.Add(new PointerSample(down + dwell + Persona.Uniform(random, 0, 2), (int)Math.Round(x), (int)Math.Round(y), 2));
            return down + dwell;
        }

        if (parametric || DrawTask(random) == Task.Trace)
        {
            var shape = parametric ? Shapes.Parametric(random, env.ViewportWidth, env.ViewportHeight) : Shapes.Draw(random, env.ViewportWidth, env.ViewportHeight);
            var drag = random.NextDouble() < 0.6;
            var (sx, sy) = ((int)Math.Round(shape[0].X), (int)Math.Round(shape[0].Y));
            if (drag)
            {
                // As for people's drawings, the recording may begin at the press.
                if (random.NextDouble() < PressStartShare)
                {
                    pointer = new BotPointer(path, clock, random, shape[0].X, shape[0].Y);
                }
                else
                {
                    t = pointer.MoveTo(session.Mouse, shape[0].X, shape[0].Y, t) + Persona.Uniform(random, 0, 100);
                }

                session.Mouse.Add(new PointerSample(t, sx, sy, 1));
            }
            else
            {
                t = Click(shape[0].X, shape[0].Y, t);
            }

            foreach (var (x, y) in shape.Skip(1))
            {
                t = pointer.MoveTo(session.Mouse, x, y, t);
            }

            if (drag)
            {
                t += Persona.Uniform(random, 0, 100);
                session.Mouse.Add(new PointerSample(t, (int)Math.Round(pointer.X), (int)Math.Round(pointer.Y), 2));
            }
        }
        else
        {
            var fields = 2 + random.Next(6);
            var x = Persona.Uniform(random, 100, Math.Max(120, env.ViewportWidth - 400));
            var y = Persona.Uniform(random, 80, 250);
            for (var f = 0; f < fields; f++)
            {
                y += Persona.Uniform(random, 50, 110);
                t = Click(x + Persona.Uniform(random, 10, 200), Math.Min(y, env.ViewportHeight - 30), t + Persona.Uniform(random, 0, 400));
                session.Focus.Add(new TimedCode(t, 1));
                t = BotTyping.Type(session.Keys, random, 2 + random.Next(25), t + Persona.Uniform(random, 0, 200), typingDelay, typingSpread, hold);
                session.Focus.Add(new TimedCode(t, 2));
            }

            t = Click(x + 40, Math.Min(y + 90, env.ViewportHeight - 30), t + Persona.Uniform(random, 0, 500));
        }

        return session.Build(Persona.Uniform(random, 1, 50));
    }

    /// <summary>Mobile automation (Appium, CDP touch emulation): taps at exact points, swipes on a timer.</summary>
    private static InteractionSignals BotTouch(Random random)
    {
        var env = Environments.Phone(random);
        var session = new SessionBuilder(env) { Resolution = random.NextDouble() < 0.5 ? 0.1 : 1 };
        var clock = BotClock.Draw(random);
        var path = (BotPath)random.Next(7);
        var tapTime = random.NextDouble() < 0.5 ? Persona.Uniform(random, 0, 5) : Persona.Uniform(random, 50, 150);
        var t = Persona.Uniform(random, 5, 2000);

        double Stroke(double x0, double y0, double x1, double y1, double at)
        {
            session.Touch.Add(new PointerSample(at, (int)x0, (int)y0, 1));
            var finger = new BotPointer(path, clock, random, x0, y0);
            var end = finger.MoveTo(session.Touch, x1, y1, at);
            session.Touch.Add(new PointerSample(end + 1, (int)x1, (int)y1, 2));
            return end + 1;
        }

        if (DrawTask(random) == Task.Trace)
        {
            var shape = Shapes.Draw(random, env.ViewportWidth, env.ViewportHeight);
            session.Touch.Add(new PointerSample(t, (int)shape[0].X, (int)shape[0].Y, 1));
            var finger = new BotPointer(path, clock, random, shape[0].X, shape[0].Y);
            foreach (var (x, y) in shape.Skip(1))
            {
                t = finger.MoveTo(session.Touch, x, y, t);
            }

            session.Touch.Add(new PointerSample(t + 1, (int)finger.X, (int)finger.Y, 2));
        }
        else
        {
            for (var f = 0; f < 2 + random.Next(6); f++)
            {
                var (x, y) = ((int)Persona.Uniform(random, 20, env.ViewportWidth - 20), (int)Persona.Uniform(random, 80, env.ViewportHeight - 80));
                session.Touch.Add(new PointerSample(t, x, y, 1));
                session.Touch.Add(new PointerSample(t + tapTime, x, y, 2));
                t = BotTyping.Type(session.Keys, random, 2 + random.Next(20), t + tapTime + Persona.Uniform(random, 0, 300), Persona.Uniform(random, 0, 200), 0, Persona.Uniform(random, 0, 60));
                if (random.NextDouble() < 0.5)
                {
                    t = Stroke(x, env.ViewportHeight * 0.8, x, env.ViewportHeight * 0.3, t + Persona.Uniform(random, 0, 300));
                    t = Scroll(random, session, t, 150);
                }
            }
        }

        return session.Build(Persona.Uniform(random, 1, 50));
    }

    private static InteractionSignals BotKeyboard(Random random)
    {
        var session = new SessionBuilder(Environments.Desktop(random)) { Resolution = random.NextDouble() < 0.8 ? 0.1 : 1 };
        var delay = random.Next(3) switch { 0 => 0, 1 => Persona.Uniform(random, 10, 120), _ => Persona.Uniform(random, 50, 250) };
        var spread = random.NextDouble() < 0.5 ? 0 : delay * Persona.Uniform(random, 0.2, 0.9);
        var hold = random.NextDouble() < 0.5 ? Persona.Uniform(random, 0, 3) : Persona.Uniform(random, 20, 100);
        var t = Persona.Uniform(random, 5, 2000);
        for (var f = 0; f < 2 + random.Next(6); f++)
        {
            t = BotTyping.Type(session.Keys, random, 1, t + Persona.Uniform(random, 0, 300), delay, spread, hold); // Tab
            session.Focus.Add(new TimedCode(t, 1));
            t = BotTyping.Type(session.Keys, random, 2 + random.Next(25), t, delay, spread, hold);
            session.Focus.Add(new TimedCode(t, 2));
        }

        return session.Build(Persona.Uniform(random, 1, 50));
    }

    /// <summary>A recorded human session played back with noise on positions and times.</summary>
    private static InteractionSignals Replay(Random random)
    {
        var human = Human(HumanFamilies[random.Next(3)], random);
        var noise = Persona.Uniform(random, 0.7, 3);
        var stretch = Persona.Uniform(random, 0.7, 1.3);
        var timeNoise = Persona.Uniform(random, 0.5, 6);
        var t = 0.0;
        var mouse = human.Mouse.Select(m =>
        {
            t = Math.Max(t, (m.T * stretch) + Persona.Normal(random, 0, timeNoise));
            return m with
            {
                T = t,
                X = m.K == 0 ? m.X + (int)Math.Round(Persona.Normal(random, 0, noise)) : m.X,
                Y = m.K == 0 ? m.Y + (int)Math.Round(Persona.Normal(random, 0, noise)) : m.Y,
            };
        }).ToArray();
        var keys = human.Keys.Select(k => k with { T = k.T * stretch }).ToArray();
        return human with { Mouse = mouse, Keys = keys, T = human.T * stretch };
    }

    private static PointerSample LastPosition(List<PointerSample> moves, double t)
    {
        PointerSample best = moves.Count > 0 ? moves[0] : new PointerSample(t, 0, 0, 0);
        foreach (var m in moves)
        {
            if (m.T <= t && m.T >= best.T)
            {
                best = m;
            }
        }

        return best;
    }
}

/// <summary>Shapes a person traces: ellipses, spirals, loops, zig-zags, a signature-like scrawl.</summary>
internal static class Shapes
{
    /// <summary>A shape computed from its equation at a fixed parameter step: what a script drawing a circle does.</summary>
    public static List<(double X, double Y)> Parametric(Random random, int width, int height)
    {
        var cx = Persona.Uniform(random, width * 0.3, width * 0.7);
        var cy = Persona.Uniform(random, height * 0.3, height * 0.7);
        var rx = Persona.Uniform(random, 40, Math.Min(width, height) * 0.35);
        var ry = random.NextDouble() < 0.5 ? rx : rx * Persona.Uniform(random, 0.5, 1.5);
        var kind = random.Next(3);
        var steps = random.Next(24, 360);
        var turns = Persona.Uniform(random, 1, 3);
        var jitter = random.NextDouble() < 0.5 ? 0 : Persona.Uniform(random, 0.3, 2);
        var start = random.NextDouble() * Math.PI * 2;
        var points = new List<(double, double)>();
        for (var i = 0; i <= steps * turns; i++)
        {
            var a = start + (2 * Math.PI * i / steps);
            var (x, y) = kind switch
            {
                0 => (cx + (rx * Math.Cos(a)), cy + (ry * Math.Sin(a))),
                1 => (cx + (rx * Math.Cos(a) * i / (steps * turns)), cy + (ry * Math.Sin(a) * i / (steps * turns))),
                _ => (cx + (rx * Math.Sin(a)), cy + (ry * Math.Sin(2 * a) / 2)),
            };
            points.Add((Math.Clamp(x + Persona.Normal(random, 0, jitter), 0, width), Math.Clamp(y + Persona.Normal(random, 0, jitter), 0, height)));
        }

        return points;
    }

    public static List<(double X, double Y)> Draw(Random random, int width, int height)
    {
        var cx = Persona.Uniform(random, width * 0.3, width * 0.7);
        var cy = Persona.Uniform(random, height * 0.3, height * 0.7);
        var rx = Persona.Uniform(random, 40, Math.Min(width, height) * 0.35);
        var ry = rx * Persona.Uniform(random, 0.5, 1.5);
        var points = new List<(double, double)>();
        var kind = random.Next(5);
        var count = kind switch { 3 => 4 + random.Next(10), 4 => 8 + random.Next(20), _ => 10 + random.Next(30) };
        var turns = kind == 1 ? Persona.Uniform(random, 1.5, 3) : kind == 0 ? Persona.Uniform(random, 1, 2.2) : 1;
        var start = random.NextDouble() * Math.PI * 2;
        var direction = random.NextDouble() < 0.5 ? 1 : -1;
        for (var i = 0; i <= count; i++)
        {
            var u = (double)i / count;
            var a = start + (direction * u * turns * Math.PI * 2);
            var (x, y) = kind switch
            {
                0 => (cx + (rx * Math.Cos(a)), cy + (ry * Math.Sin(a))),                                   // ellipse, one or more loops
                1 => (cx + (rx * u * Math.Cos(a)), cy + (ry * u * Math.Sin(a))),                           // spiral
                2 => (cx + (rx * Math.Sin(a)), cy + (ry * Math.Sin(2 * a) / 2)),                           // figure eight
                3 => (cx - rx + (2 * rx * u), cy + (i % 2 == 0 ? -ry : ry) * 0.5),                        // zig-zag
                _ => (cx - rx + (2 * rx * u) + Persona.Normal(random, 0, 10), cy + Persona.Normal(random, 0, ry * 0.3)), // scrawl
            };
            points.Add((Math.Clamp(x + Persona.Normal(random, 0, 3), 2, width - 2), Math.Clamp(y + Persona.Normal(random, 0, 3), 2, height - 2)));
        }

        return points;
    }
}
