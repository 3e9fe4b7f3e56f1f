using System.Text.Json;
using ByeByeRobots.Core.Signals;
using ByeByeRobots.Core.Verification;

namespace ByeByeRobots.Core.Tests.Verification;

public class TrajectorySketchTests
{
    /// <summary>A person's wandering path: a random walk with momentum, 60 Hz.</summary>
    private static PointerSample[] Path(int seed, int events = 300)
    {
        var random = new Random(seed);
        double x = 400, y = 300, vx = 0, vy = 0, t = 0;
        var path = new PointerSample[events];
        for (var i = 0; i < events; i++)
        {
            vx = (0.9 * vx) + ((random.NextDouble() - 0.5) * 8);
            vy = (0.9 * vy) + ((random.NextDouble() - 0.5) * 8);
            (x, y, t) = (x + vx, y + vy, t + 16.7);
            path[i] = new PointerSample(t, (int)Math.Round(x), (int)Math.Round(y), 0);
        }

        return path;
    }

    private static PointerSample[] Replayed(PointerSample[] path, int seed, int noise = 1, double dx = 0, double scale = 1, double timeScale = 1)
    {
        var random = new Random(seed);
        return [.. path.Select(p => new PointerSample(
            p.T * timeScale,
            (int)Math.Round((p.X * scale) + dx) + random.Next(-noise, noise + 1),
            (int)Math.Round((p.Y * scale) + dx) + random.Next(-noise, noise + 1),
            p.K))];
    }

    [Fact]
    public void AReplay_MovedSlowedAndNoisy_IsWithinTheMargin_AndSharesABandKey()
    {
        var replays = 0;
        var sharing = 0;
        for (var seed = 1; seed <= 50; seed++)
        {
            var original = TrajectorySketch.Of(Path(seed))!;
            var replay = TrajectorySketch.Of(Replayed(Path(seed), seed, noise: 1, dx: 37, timeScale: 1.3))!;
            replays += original.DistanceTo(replay) < TrajectorySketch.ReplayMargin ? 1 : 0;
            sharing += original.BandKeys().Intersect(replay.BandKeys()).Any() ? 1 : 0;
        }

        replays.Should().Be(50);
        sharing.Should().Be(50);
    }

    [Fact]
    public void TwoPaths_AreFarApart()
    {
        var sketches = Enumerable.Range(1, 40).Select(seed => TrajectorySketch.Of(Path(seed))!).ToArray();
        var nearest = sketches.SelectMany((a, i) => sketches.Skip(i + 1).Select(b => a.DistanceTo(b))).Min();
        nearest.Should().BeGreaterThan(TrajectorySketch.ReplayMargin * 2);
    }

    [Fact]
    public void TheSameSketch_RoundTripsThroughItsBytes()
    {
        var sketch = TrajectorySketch.Of(Path(3))!;
        var bytes = sketch.ToBytes();

        bytes.Should().HaveCount(4 * TrajectorySketch.Points);
        TrajectorySketch.FromBytes(bytes)!.DistanceTo(sketch).Should().Be(0);
        TrajectorySketch.FromBytes(bytes.AsSpan(1)).Should().BeNull();
    }

    [Fact]
    public void ShortOrStillPaths_HaveNoSketch()
    {
        TrajectorySketch.Of(Path(1, events: TrajectorySketch.MinimumEvents - 1)).Should().BeNull();
        TrajectorySketch.Of([.. Enumerable.Range(0, 200).Select(i => new PointerSample(i * 16, 500 + (i % 2), 300, 0))]).Should().BeNull();
    }

    /// <summary>
    /// DELBOT's people all drew the same circles: the hardest case for telling a replay from two
    /// people doing one task. No session's sketch comes within twice the margin of another's.
    /// </summary>
    [Fact]
    public void RealSessions_OfOneTask_NeverMatchEachOther()
    {
        var sketches = new List<(string Family, TrajectorySketch Sketch)>();
        foreach (var line in File.ReadLines(System.IO.Path.Combine(GeneratedDocuments.Root, "..", "shared", "datasets", "delbot-dev.jsonl")))
        {
            using var session = JsonDocument.Parse(line);
            SignalsReader.TryRead(session.RootElement.GetProperty("signals"), out var signals, out _).Should().Be(SignalsError.None);
            if (TrajectorySketch.Of(signals!) is { } sketch)
            {
                sketches.Add((session.RootElement.GetProperty("family").GetString()!, sketch));
            }
        }

        sketches.Count.Should().BeGreaterThan(600);
        var people = sketches.Where(s => s.Family.Contains("human", StringComparison.Ordinal)).ToArray();
        var nearest = people.Min(person => sketches.Where(other => !ReferenceEquals(other.Sketch, person.Sketch)).Min(other => person.Sketch.DistanceTo(other.Sketch)));
        nearest.Should().BeGreaterThan(TrajectorySketch.ReplayMargin * 1.4);
    }
}
