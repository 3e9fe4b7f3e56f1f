using ByeByeRobots.Core.Challenges;
using ByeByeRobots.Core.Sites;
using ByeByeRobots.Core.Verification;

namespace ByeByeRobots.Core.Tests.Verification;

public class VerdictPolicyTests
{
    private static readonly Thresholds Defaults = new(0.5, 0.2);
    private static readonly Evidence Clean = new(default, NoInteraction: false);
    private static readonly Evidence Idle = new(default, NoInteraction: true);
    private static readonly Evidence Webdriver = new(default(ReasonSet).With(ReasonCode.AutomationWebdriver), NoInteraction: false);

    private static SitePolicy Site(bool refuseOnBehaviour = false, string onAutomation = "fail")
    {
        var options = new SiteOptions
        {
            Secret = new string('s', 32),
            Hostnames = ["guichet.example.lu"],
            RefuseOnBehaviour = refuseOnBehaviour,
            OnAutomation = onAutomation,
            Pow = new PowOptions { Difficulty = 12, StepUpDifficulty = 14, MaxStepUpDifficulty = 18 },
        };
        SiteConfigurationValidator.Validate(new SitesOptions { Sites = { ["site-a"] = options } }, out var sites).Should().BeEmpty();
        return sites["site-a"];
    }

    private static Challenge First(SitePolicy site) =>
        ChallengeFactory.Create(site, "login", "guichet.example.lu", DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(2));

    private static Challenge StepUpAfter(SitePolicy site, Decision decision) =>
        ChallengeFactory.CreateStepUp(site, First(site), decision, DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(2));

    [Theory]
    [InlineData(0.5, Verdict.Pass)]
    [InlineData(0.99, Verdict.Pass)]
    [InlineData(0.49, Verdict.StepUp)]
    [InlineData(0.2, Verdict.StepUp)]
    [InlineData(0.19, Verdict.StepUp)]
    [InlineData(0, Verdict.StepUp)]
    public void Behaviour_NeverRefusesAPersonAtTheDefaults(double score, Verdict expected)
    {
        var site = Site();
        VerdictPolicy.Decide(Clean, score, Defaults, site, First(site)).Verdict.Should().Be(expected);
    }

    [Theory]
    [InlineData(0.49, 14)]
    [InlineData(0.35, 16)]
    [InlineData(0.2, 18)]
    [InlineData(0.05, 18)]
    public void Behaviour_StepUpCostGrowsAsTheScoreFalls(double score, int cost)
    {
        var site = Site();
        var decision = VerdictPolicy.Decide(Clean, score, Defaults, site, First(site));

        decision.Verdict.Should().Be(Verdict.StepUp);
        decision.StepUpCost.Should().Be(cost);
        decision.Reasons.Codes().Should().Equal(score < 0.2 ? "behaviour-very-low" : "behaviour-low");
    }

    [Fact]
    public void Behaviour_RefuseOnBehaviour_FailsBelowStepUpScoreOnly()
    {
        var site = Site(refuseOnBehaviour: true);
        VerdictPolicy.Decide(Clean, 0.19, Defaults, site, First(site)).Verdict.Should().Be(Verdict.Fail);
        VerdictPolicy.Decide(Clean, 0.2, Defaults, site, First(site)).Verdict.Should().Be(Verdict.StepUp);
    }

    [Fact]
    public void StepUp_SolvedAtTheAskedCost_Passes_WithTheLowerScore()
    {
        var site = Site();
        var first = VerdictPolicy.Decide(Clean, 0.45, Defaults, site, First(site));
        var second = VerdictPolicy.Decide(Clean, 0.9, Defaults, site, StepUpAfter(site, first));

        second.Verdict.Should().Be(Verdict.Pass);
        second.SteppedUp.Should().BeTrue();
        second.Score.Should().Be(0.45, "better signals with the harder proof cannot lift the first score");
        second.Reasons.Codes().Should().Equal("behaviour-low");
    }

    [Fact]
    public void StepUp_WhoseSignalsAskForMore_StepsUpAgain_SoSeveralCheapOnesNeverBeatOneHard()
    {
        var site = Site();
        var first = VerdictPolicy.Decide(Clean, 0.49, Defaults, site, First(site));
        first.StepUpCost.Should().Be(14);

        // The cheap step-up is solved, but its own signals now score 0.1: it is not enough.
        var second = VerdictPolicy.Decide(Clean, 0.1, Defaults, site, StepUpAfter(site, first));
        second.Verdict.Should().Be(Verdict.StepUp);
        second.StepUpCost.Should().Be(18);

        var third = VerdictPolicy.Decide(Clean, 0.9, Defaults, site, ChallengeFactory.CreateStepUp(site, StepUpAfter(site, first), second, DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(2)));
        third.Verdict.Should().Be(Verdict.Pass);
        third.Score.Should().Be(0.1);
    }

    [Fact]
    public void NoInteraction_IsTheMostCostlyStepUp_NeverAPassAtOnce_EvenAtPassScoreZero()
    {
        var site = Site();
        var decision = VerdictPolicy.Decide(Idle, 1, new Thresholds(0, 0), site, First(site));

        decision.Should().BeEquivalentTo(new { Verdict = Verdict.StepUp, Class = EvidenceClass.NoInteraction, StepUpCost = 18, Score = 0.0 });
        decision.Reasons.Codes().Should().Equal("no-interaction");

        var solved = VerdictPolicy.Decide(Idle, 1, new Thresholds(0, 0), site, StepUpAfter(site, decision));
        solved.Should().BeEquivalentTo(new { Verdict = Verdict.Pass, Class = EvidenceClass.NoInteraction, Score = 0.0, SteppedUp = true });
    }

    [Fact]
    public void Automation_Fails_ByDefault_WhateverTheScore()
    {
        var site = Site();
        var decision = VerdictPolicy.Decide(Webdriver, 1, Defaults, site, First(site));

        decision.Should().BeEquivalentTo(new { Verdict = Verdict.Fail, Class = EvidenceClass.Automation, Score = 0.0 });
        decision.Reasons.Codes().Should().Equal("automation-webdriver");
    }

    [Fact]
    public void Automation_WithOnAutomationStepUp_PaysTheMostCostlyStepUp_AndKeepsItsClass()
    {
        var site = Site(onAutomation: "step-up");
        var decision = VerdictPolicy.Decide(Webdriver, 1, Defaults, site, First(site));
        decision.Should().BeEquivalentTo(new { Verdict = Verdict.StepUp, Class = EvidenceClass.Automation, StepUpCost = 18 });

        // Clean signals on the step-up do not wash the class off: score 0, reasons kept.
        var solved = VerdictPolicy.Decide(Clean, 0.9, Defaults, site, StepUpAfter(site, decision));
        solved.Should().BeEquivalentTo(new { Verdict = Verdict.Pass, Class = EvidenceClass.Automation, Score = 0.0, SteppedUp = true });
        solved.Reasons.Codes().Should().Equal("automation-webdriver");
    }

    [Fact]
    public void Automation_InTheStepUpsSignals_StillDecides()
    {
        var site = Site();
        var first = VerdictPolicy.Decide(Clean, 0.3, Defaults, site, First(site));

        VerdictPolicy.Decide(Webdriver, 0.9, Defaults, site, StepUpAfter(site, first)).Verdict.Should().Be(Verdict.Fail);
    }

    [Fact]
    public void PassScoreZero_PassesEveryInteractingSession()
    {
        var site = Site();
        VerdictPolicy.Decide(Clean, 0, new Thresholds(0, 0), site, First(site)).Verdict.Should().Be(Verdict.Pass);
    }
}
