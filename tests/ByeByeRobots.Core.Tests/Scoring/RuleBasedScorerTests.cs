using ByeByeRobots.Core.Scoring;
using ByeByeRobots.Core.Signals;

namespace ByeByeRobots.Core.Tests.Scoring;

public class RuleBasedScorerTests
{
    private static readonly BrowserEnvironment Browser = new(false, ["fr-LU"], "Europe/Luxembourg", 1920, 1080, 1, 1280, 720, 0, "Mozilla/5.0");

    private static InteractionSignals Session(PointerSample[]? mouse = null, TimedCode[]? keys = null, TimedCode[]? focus = null, int untrusted = 0, BrowserEnvironment? env = null) =>
        new(10_000, mouse ?? [], [], keys ?? [], [], focus ?? [], untrusted, env ?? Browser);

    private static PointerSample[] CurvedIrregularMouse()
    {
        var random = new Random(7);
        var t = 0.0;
        return Enumerable.Range(0, 120).Select(i =>
        {
            t += 8 + random.NextDouble() * 20;
            return new PointerSample(t, (int)(400 + 200 * Math.Cos(i / 20.0)), (int)(300 + 150 * Math.Sin(i / 20.0)), 0);
        }).ToArray();
    }

    private static TimedCode[] Typing(Func<int, double> gap)
    {
        var t = 1000.0;
        return Enumerable.Range(0, 20).SelectMany(i =>
        {
            t += gap(i);
            return new[] { new TimedCode(t, 1), new TimedCode(t + 80, 2) };
        }).ToArray();
    }

    private readonly RuleBasedScorer _scorer = new();

    [Fact]
    public void Score_CurvedIrregularMouse_PassesDefaultThreshold()
    {
        _scorer.Score(Session(CurvedIrregularMouse())).Score.Should().BeGreaterThanOrEqualTo(0.5);
    }

    [Fact]
    public void Score_KeyboardOnlySession_PassesDefaultThreshold()
    {
        var random = new Random(3);
        var session = Session(keys: Typing(_ => 120 + random.NextDouble() * 180), focus: [new TimedCode(900, 1), new TimedCode(5000, 2)]);

        _scorer.Score(session).Score.Should().BeGreaterThanOrEqualTo(0.5);
    }

    [Fact]
    public void Score_Webdriver_IsZero()
    {
        _scorer.Score(Session(CurvedIrregularMouse(), env: Browser with { Webdriver = true })).Score.Should().Be(0);
    }

    [Fact]
    public void Score_StraightLineAtFixedInterval_Fails()
    {
        var line = Enumerable.Range(0, 50).Select(i => new PointerSample(1000 + i * 10, i * 10, i * 5, 0)).ToArray();

        var result = _scorer.Score(Session(line));

        result.Score.Should().BeLessThan(0.2);
        result.Contributions.Select(c => c.Feature).Should().Contain(["mouse.regular-intervals", "mouse.straight-path"]);
    }

    [Fact]
    public void Score_MachineTyping_IsBelowPass()
    {
        _scorer.Score(Session(keys: Typing(_ => 100))).Score.Should().BeLessThan(0.5);
    }

    [Fact]
    public void Score_NoInteraction_HasNoSpecialScore()
    {
        // Revision 2: no interaction is its own evidence class, decided before any score (VerdictPolicyTests).
        _scorer.Score(Session()).Contributions.Should().NotContain(c => c.Feature == "interaction.none");
    }

    [Fact]
    public void Score_UntrustedEvents_AreHeavilyPenalised()
    {
        _scorer.Score(Session(CurvedIrregularMouse(), untrusted: 5)).Score.Should().BeLessThan(0.2);
    }
}
