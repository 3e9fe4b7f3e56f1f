using ByeByeRobots.Core.Sites;

namespace ByeByeRobots.Core.Verification;

public enum Verdict
{
    Pass,
    StepUp,
    Fail,
}

/// <summary>The thresholds of protocol section 1 applied to a score.</summary>
public static class VerdictPolicy
{
    /// <summary>
    /// At or above <c>PassScore</c>: pass. Otherwise, on a first challenge, at or above
    /// <c>StepUpScore</c>: step-up; on a solved step-up challenge, at or above
    /// <c>StepUpScore</c>: pass (a second step-up is never offered). Else fail.
    /// </summary>
    public static Verdict Decide(double score, Thresholds thresholds, bool isStepUpChallenge)
    {
        if (score >= thresholds.PassScore)
        {
            return Verdict.Pass;
        }

        if (score >= thresholds.StepUpScore)
        {
            return isStepUpChallenge ? Verdict.Pass : Verdict.StepUp;
        }

        return Verdict.Fail;
    }
}
