using ByeByeRobots.Core.Challenges;
using ByeByeRobots.Core.Sites;

namespace ByeByeRobots.Core.Verification;

/// <summary>
/// A verify's outcome. <paramref name="StepUpCost"/> is the difficulty a step-up asks for, in
/// the site's algorithm's terms (0 unless the verdict is a step-up); <paramref name="Score"/> is
/// the score a token carries: the lowest behaviour score of the chain, 0 for automation or no
/// interaction (nothing shows a person).
/// </summary>
public sealed record Decision(Verdict Verdict, EvidenceClass Class, ReasonSet Reasons, double Score, int StepUpCost)
{
    public bool SteppedUp { get; init; }
}

/// <summary>The verdict rules of protocol section 3 (revision 2).</summary>
public static class VerdictPolicy
{
    /// <summary>
    /// Decides a verify of <paramref name="challenge"/> whose signals gave <paramref name="evidence"/>
    /// and <paramref name="score"/>:
    /// <list type="number">
    /// <item>automation evidence: <c>OnAutomation</c> (fail, or the most costly step-up);</item>
    /// <item>no interaction: the most costly step-up, never a pass at once;</item>
    /// <item>behaviour: at or above <c>PassScore</c> a pass; below, a step-up whose cost grows as
    /// the score falls, from <c>StepUpDifficulty</c> to <c>MaxStepUpDifficulty</c> at <c>StepUpScore</c>
    /// (a fail instead below <c>StepUpScore</c> when <c>RefuseOnBehaviour</c>).</item>
    /// </list>
    /// A step-up challenge passes when what it cost reaches what its own signals and the chain's
    /// lowest score ask for; otherwise another step-up asks for the rest. So several step-ups are
    /// never cheaper than one at the cost the worst evidence asks for.
    /// </summary>
    public static Decision Decide(Evidence evidence, double score, Thresholds thresholds, SitePolicy site, Challenge challenge)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(challenge);
        var pow = site.Pow;
        var reasons = challenge.Reasons;
        if (site.TestVerdict is { } test)
        {
            // A test site key (Development only): its verdict is fixed, whatever the signals.
            return test switch
            {
                TestVerdict.Pass => new Decision(Verdict.Pass, EvidenceClass.Behaviour, reasons, 0.9, 0),
                TestVerdict.Fail => new Decision(Verdict.Fail, EvidenceClass.Behaviour, reasons, 0, 0),
                _ when challenge.IsStepUp => new Decision(Verdict.Pass, EvidenceClass.Behaviour, reasons, 0.3, 0) { SteppedUp = true },
                _ => new Decision(Verdict.StepUp, EvidenceClass.Behaviour, reasons, 0.3, pow.StepUpDifficulty),
            };
        }


        // A chain that began with automation or no interaction keeps that class and a score of 0.
        var chainClass = reasons.Any(EvidenceClass.Automation) ? EvidenceClass.Automation
            : reasons.Contains(ReasonCode.NoInteraction) ? EvidenceClass.NoInteraction
            : EvidenceClass.Behaviour;
        EvidenceClass evidenceClass;
        int required;
        double tokenScore;
        if (!evidence.Automation.IsEmpty)
        {
            reasons = reasons.Union(evidence.Automation);
            if (site.OnAutomation == AutomationResponse.Fail)
            {
                return new Decision(Verdict.Fail, EvidenceClass.Automation, reasons, 0, 0);
            }

            (evidenceClass, required, tokenScore) = (EvidenceClass.Automation, pow.MaxStepUpDifficulty, 0);
        }
        else if (evidence.NoInteraction)
        {
            reasons = reasons.With(ReasonCode.NoInteraction);
            (evidenceClass, required, tokenScore) = (chainClass == EvidenceClass.Automation ? chainClass : EvidenceClass.NoInteraction, pow.MaxStepUpDifficulty, 0);
        }
        else
        {
            // A step-up is judged on the lower of its scores: better signals sent with the harder
            // proof of work cannot lift a session above what it first showed.
            var behaviour = chainClass == EvidenceClass.Behaviour && challenge.FirstScore is { } first ? Math.Min(first, score) : score;
            evidenceClass = chainClass;
            tokenScore = chainClass == EvidenceClass.Behaviour ? behaviour : 0;
            if (behaviour >= thresholds.PassScore)
            {
                required = 0;
            }
            else if (behaviour < thresholds.StepUpScore)
            {
                // A chain of another class keeps its own reasons: its score is 0 whatever this one is.
                reasons = chainClass == EvidenceClass.Behaviour ? reasons.With(ReasonCode.BehaviourVeryLow) : reasons;
                if (site.RefuseOnBehaviour)
                {
                    return new Decision(Verdict.Fail, evidenceClass, reasons, tokenScore, 0);
                }

                required = pow.MaxStepUpDifficulty;
            }
            else
            {
                reasons = chainClass == EvidenceClass.Behaviour ? reasons.With(ReasonCode.BehaviourLow) : reasons;
                required = StepUpCost(behaviour, thresholds, pow);
            }
        }

        // The first verify of a chain passes only when nothing asks for more; a step-up passes
        // once what it cost reaches what is asked.
        var paid = challenge.IsStepUp ? challenge.Cost : -1;
        if (required == 0 && !challenge.IsStepUp || challenge.IsStepUp && paid >= required)
        {
            return new Decision(Verdict.Pass, evidenceClass, reasons, tokenScore, 0) { SteppedUp = challenge.IsStepUp };
        }

        return new Decision(Verdict.StepUp, evidenceClass, reasons, tokenScore, Math.Max(required, pow.StepUpDifficulty));
    }

    /// <summary>
    /// The verdict of a first verify on its behaviour score alone (no automation evidence, some
    /// interaction): what the evaluation command reports. Below <c>StepUpScore</c> it is the
    /// costly step-up, a fail only with <paramref name="refuseOnBehaviour"/>.
    /// </summary>
    public static Verdict ForScore(double score, Thresholds thresholds, bool refuseOnBehaviour = false) =>
        score >= thresholds.PassScore ? Verdict.Pass
        : score < thresholds.StepUpScore && refuseOnBehaviour ? Verdict.Fail
        : Verdict.StepUp;

    /// <summary>
    /// The cost of a step-up for a behaviour score below <c>PassScore</c>: <c>StepUpDifficulty</c>
    /// just below it, growing linearly in bits (so the work doubles by steps) to
    /// <c>MaxStepUpDifficulty</c> at <c>StepUpScore</c> and below.
    /// </summary>
    public static int StepUpCost(double score, Thresholds thresholds, PowPolicy pow)
    {
        ArgumentNullException.ThrowIfNull(pow);
        var span = thresholds.PassScore - thresholds.StepUpScore;
        var fraction = span <= 0 ? 1 : Math.Clamp((thresholds.PassScore - score) / span, 0, 1);
        return pow.StepUpDifficulty + (int)Math.Round(fraction * (pow.MaxStepUpDifficulty - pow.StepUpDifficulty), MidpointRounding.AwayFromZero);
    }
}
