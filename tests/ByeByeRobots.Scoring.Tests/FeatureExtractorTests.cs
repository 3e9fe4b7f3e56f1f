using ByeByeRobots.Core.Signals;
using ByeByeRobots.Scoring.Features;
using ByeByeRobots.Scoring.Model;
using ByeByeRobots.Training.Synthetic;

namespace ByeByeRobots.Scoring.Tests;

public class FeatureExtractorTests
{
    private static readonly BrowserEnvironment Desktop = new(
        false, ["fr-LU"], "Europe/Luxembourg", 1920, 1080, 1, 1280, 720, 0,
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36");

    private static InteractionSignals Session(PointerSample[]? mouse = null, TimedCode[]? keys = null) =>
        new(5000, mouse ?? [], [], keys ?? [], [], [], 0, Desktop);

    [Fact]
    public void Names_MatchTheModelSchema()
    {
        FeatureExtractor.Count.Should().Be(ModelInput.FeatureCount);
        FeatureExtractor.Names.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void KeyboardOnlySession_HasKeyFeatures_AndPointerStatisticsMissing()
    {
        var keys = Enumerable.Range(0, 20).SelectMany(i => new[] { new TimedCode(1000 + (i * 210) + (i % 3 * 40), 1), new TimedCode(1090 + (i * 210) + (i % 3 * 40), 2) }).ToArray();

        var f = FeatureExtractor.Extract(Session(keys: keys));

        f[Index("pointer.present")].Should().Be(0);
        f[Index("speed.mean")].Should().Be(FeatureExtractor.Missing, "an absent modality is a fact, not a value");
        f[Index("keys.hold-median")].Should().BeApproximately(90, 0.01f);
        f[Index("keys.unpaired-share")].Should().Be(0);
    }

    [Fact]
    public void RulerStraightTimerMoves_LookRegularAndStraight()
    {
        var mouse = Enumerable.Range(0, 100).Select(i => new PointerSample(100 + (i * 10), 10 + (i * 5), 300, 0)).ToArray();

        var f = FeatureExtractor.Extract(Session(mouse));

        f[Index("interval.mode-share")].Should().Be(1);
        f[Index("stroke.straightness")].Should().BeApproximately(1, 0.001f);
        f[Index("step.repeat-share")].Should().BeGreaterThan(0.9f);
        f[Index("step.axis-share")].Should().Be(1);
    }

    [Fact]
    public void FixedStepsOnVaryingSleeps_AreUncoupled_WhileAHandsStepsFollowTheirIntervals()
    {
        // pynput-style: the cursor moves 17 px a step whatever the sleep (one to six frames) before it.
        var sleeps = new[] { 17, 17, 83, 17, 117, 17, 17, 100, 17, 50 };
        var t = 100.0;
        var bot = Enumerable.Range(0, 60).Select(i =>
        {
            t += sleeps[i % sleeps.Length];
            return new PointerSample(t, 100 + (i * 12), 300 + (i * 12), 0);
        }).ToArray();

        // A hand at a steady 0.4 px/ms, reported at the same uneven times: steps grow with the interval.
        t = 100.0;
        var x = 100.0;
        var hand = Enumerable.Range(0, 60).Select(i =>
        {
            var dt = sleeps[i % sleeps.Length];
            t += dt;
            x += 0.4 * dt;
            return new PointerSample(t, (int)Math.Round(x), 300 + (i % 2), 0);
        }).ToArray();

        var botFeatures = FeatureExtractor.Extract(Session(bot));
        var handFeatures = FeatureExtractor.Extract(Session(hand));

        botFeatures[Index("step.interval-elasticity")].Should().BeApproximately(0, 0.05f);
        handFeatures[Index("step.interval-elasticity")].Should().BeGreaterThan(0.9f);
        botFeatures[Index("step.gap-jump-share")].Should().BeGreaterThan(0.2f, "17 px arrive after long silences");
    }

    [Fact]
    public void SteadyIntervals_LeaveTheElasticityMissing()
    {
        var mouse = Enumerable.Range(0, 60).Select(i => new PointerSample(100 + (i * 16.7), 100 + (i * (3 + (i % 4))), 300, 0)).ToArray();

        FeatureExtractor.Extract(Session(mouse))[Index("step.interval-elasticity")].Should().Be(FeatureExtractor.Missing, "intervals that do not vary say nothing of coupling");
    }

    [Fact]
    public void PacketsOfARemoteDesktop_DoNotMasqueradeAsJerk()
    {
        // A steady 0.5 px/ms movement sampled every 25 ms by a guest and delivered two samples a packet
        // every 50 ms, dispatched 2 ms apart: the reports' times are not the samples' times.
        var packets = Enumerable.Range(1, 40).SelectMany(k => new[]
        {
            new PointerSample(50 * k, (int)(0.5 * ((50 * k) - 25)), 300, 0),
            new PointerSample((50 * k) + 2, (int)(0.5 * 50 * k), 300, 0),
        }).ToArray();

        var f = FeatureExtractor.Extract(Session(packets));

        f[Index("jerk.relative")].Should().BeLessThan(0.05f, "events 2 ms apart are one report");
    }

    [Fact]
    public void AnySession_GivesFiniteFeatures_AndNeverThrows()
    {
        var random = new Random(3);
        foreach (var family in SessionGenerator.HumanFamilies.Concat(SessionGenerator.BotFamilies))
        {
            for (var i = 0; i < 20; i++)
            {
                var signals = family.StartsWith("human", StringComparison.Ordinal)
                    ? SessionGenerator.Human(family, random)
                    : SessionGenerator.Bot(family, random);
                FeatureExtractor.Extract(signals).Should().OnlyContain(v => float.IsFinite(v), family);
            }
        }

        // Degenerate input: duplicate times, one event, events out of the viewport.
        FeatureExtractor.Extract(Session([new PointerSample(5, 1, 1, 0)])).Should().OnlyContain(v => float.IsFinite(v));
        FeatureExtractor.Extract(Session(Enumerable.Repeat(new PointerSample(5, 99999, -5, 0), 50).ToArray())).Should().OnlyContain(v => float.IsFinite(v));
    }

    [Fact]
    public void StrokesOfOneResampledPointEach_HaveNoSpeed_AndGiveFiniteFeatures()
    {
        // Pairs of moves 10 ms apart, 200 ms between the pairs: each stroke yields one point of
        // the 20 ms path, so no two points make a speed. The percentiles of no speed are 0.
        var mouse = Enumerable.Range(0, 8).SelectMany(i => new[]
        {
            new PointerSample(i * 210.0, i * 10, 5, 0),
            new PointerSample((i * 210.0) + 10, (i * 10) + 3, 6, 0),
        }).ToArray();

        var features = FeatureExtractor.Extract(Session(mouse));

        features.Should().OnlyContain(v => float.IsFinite(v));
        features[FeatureExtractor.Names.ToList().IndexOf("speed.p90-ratio")].Should().Be(0);
    }

    [Theory]
    [InlineData(new[] { 100000.0, 100001, 0 })]                   // the last move before the first: a negative span
    [InlineData(new[] { 0.0, 50, 100, 150, 0, 1e-40 })]            // a stroke of almost no time
    [InlineData(new[] { 3600000.0, 0, 3600000, 0, 1800000, 5 })]    // back and forth over an hour
    public void MovesOutOfTimeOrder_AForgedPayload_GiveFiniteFeatures(double[] times)
    {
        var mouse = times.Select((t, i) => new PointerSample(t, i * 7, (i % 3) * 5, 0))
            .Append(new PointerSample(10, 3, 3, 1)).Append(new PointerSample(2, 3, 3, 2)).ToArray();
        var keys = new[] { new TimedCode(500, 2), new TimedCode(400, 1), new TimedCode(100, 1) };

        var act = () => FeatureExtractor.Extract(Session(mouse, keys));

        act.Should().NotThrow().Which.Should().OnlyContain(v => float.IsFinite(v));
    }

    [Fact]
    public void Select_GivesWhatSortingGives_ForAnyInput()
    {
        var random = new Random(17);
        for (var round = 0; round < 400; round++)
        {
            var length = 1 + random.Next(round < 100 ? 4 : 300);
            var values = Enumerable.Range(0, length).Select(_ => round % 3 == 0 ? random.Next(3) : random.NextDouble() * 100).ToArray();
            if (round % 7 == 0)
            {
                Array.Sort(values); // sorted and reversed inputs: a naive pivot's worst cases
                if (round % 2 == 0)
                {
                    Array.Reverse(values);
                }
            }

            var sorted = values.OrderBy(v => v).ToArray();
            var k = random.Next(length);

            Statistics.Select(values.ToArray(), k).Should().Be(sorted[k]);
        }
    }

    [Fact]
    public void ExtractForModel_WithholdsTheTaskFeatures_AndKeepsTheOthers()
    {
        var session = new SessionGenerator(11).Generate(1, 0).Single().Signals;
        var all = FeatureExtractor.Extract(session);
        var forModel = new float[FeatureExtractor.Count];

        FeatureExtractor.ExtractForModel(session, forModel);

        for (var i = 0; i < FeatureExtractor.Count; i++)
        {
            var name = FeatureExtractor.Names[i];
            forModel[i].Should().Be(FeatureExtractor.WithheldFromModel.Contains(name) ? FeatureExtractor.Missing : all[i], name);
        }

        FeatureExtractor.WithheldFromModel.Should().OnlyContain(name => FeatureExtractor.Names.Contains(name));
        all[FeatureExtractor.Names.ToList().IndexOf("time.total")].Should().NotBe(FeatureExtractor.Missing, "the features are still computed, for diagnostics");
    }

    [Fact]
    public void Generator_ReleasesTheButtonWhereThePointerIs_AfterAClickOrADrag()
    {
        // A drag ends where the trace ends: the release must not jump back to where the press was.
        var checkedDrags = 0;
        foreach (var session in new SessionGenerator(13).Generate(200, 0).Where(s => s.Family == "human-mouse"))
        {
            var mouse = session.Signals.Mouse;
            for (var i = 0; i < mouse.Length; i++)
            {
                if (mouse[i].K != 2)
                {
                    continue;
                }

                var before = mouse.Take(i).LastOrDefault(e => e.K == 0 && e.T <= mouse[i].T);
                var press = mouse.Take(i).Last(e => e.K == 1);
                if (before == default || before.T < press.T)
                {
                    continue;
                }

                (mouse[i].X, mouse[i].Y).Should().Be((before.X, before.Y), session.Family);
                checkedDrags += Math.Abs(before.X - press.X) + Math.Abs(before.Y - press.Y) > 20 ? 1 : 0;
            }
        }

        checkedDrags.Should().BeGreaterThan(3, "some generated sessions are drawings with the button held");
    }

    [Fact]
    public void Generator_SameSeed_SameSessions()
    {
        var first = new SessionGenerator(7).Generate(30, 30).Select(s => FeatureExtractor.Extract(s.Signals)).ToList();
        var second = new SessionGenerator(7).Generate(30, 30).Select(s => FeatureExtractor.Extract(s.Signals)).ToList();

        second.Should().BeEquivalentTo(first, o => o.WithStrictOrdering());
    }

    private static int Index(string name) => FeatureExtractor.Names.ToList().IndexOf(name);
}
