using ByeByeRobots.Core.Sites;
using ByeByeRobots.Core.Verification;

namespace ByeByeRobots.Core.Tests.Verification;

public class VerdictPolicyTests
{
    private static readonly Thresholds Defaults = new(0.5, 0.2);

    [Theory]
    [InlineData(0.5, false, Verdict.Pass)]
    [InlineData(0.99, false, Verdict.Pass)]
    [InlineData(0.49, false, Verdict.StepUp)]
    [InlineData(0.2, false, Verdict.StepUp)]
    [InlineData(0.19, false, Verdict.Fail)]
    [InlineData(0.3, true, Verdict.Pass)]
    [InlineData(0.19, true, Verdict.Fail)]
    public void Decide_AppliesPassAndStepUpThresholds(double score, bool stepUpChallenge, Verdict expected)
    {
        VerdictPolicy.Decide(score, Defaults, stepUpChallenge).Should().Be(expected);
    }

    [Fact]
    public void Decide_PassScoreZero_PassesEverything()
    {
        VerdictPolicy.Decide(0, new Thresholds(0, 0), false).Should().Be(Verdict.Pass);
    }
}
