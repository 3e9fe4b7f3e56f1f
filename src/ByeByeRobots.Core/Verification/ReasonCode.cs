namespace ByeByeRobots.Core.Verification;

/// <summary>
/// What lowered a session's score or raised its cost: one stable code each, sent to backends in
/// siteverify's <c>reasons</c>, logged and counted. The registry below is the only list of them;
/// <c>docs/reasons.md</c> is written from it. Values are bit positions in a token: never renumber.
/// </summary>
public enum ReasonCode
{
    AutomationWebdriver = 0,
    AutomationUntrustedInput = 1,
    NoInteraction = 2,
    BehaviourLow = 3,
    BehaviourVeryLow = 4,
    CostRaisedUnderAttack = 5,
    AutomationHeadless = 6,
    AutomationPatchedApi = 7,
    AutomationInconsistentEnvironment = 8,
    AutomationRequestMismatch = 9,
    AutomationSyntheticInput = 10,
    AutomationReplayed = 11,
}

/// <summary>One reason: its code on the wire, the evidence class it belongs to, and what it means.</summary>
public sealed record ReasonInfo(ReasonCode Reason, string Code, EvidenceClass Class, string Meaning);

/// <summary>The registry of <see cref="ReasonCode"/>s.</summary>
public static class Reasons
{
    public static IReadOnlyList<ReasonInfo> All { get; } =
    [
        new(ReasonCode.AutomationWebdriver, "automation-webdriver", EvidenceClass.Automation,
            "The browser declares that automation drives it (navigator.webdriver is true)."),
        new(ReasonCode.AutomationUntrustedInput, "automation-untrusted-input", EvidenceClass.Automation,
            "Every input event was script-made (isTrusted false) and none came from a device. Untrusted events beside a device's input (a password manager's, say) are left to the behaviour score."),
        new(ReasonCode.NoInteraction, "no-interaction", EvidenceClass.NoInteraction,
            "No pointer, touch or key event before the verify (focus events alone are a script's as easily as a person's): nothing shows a person, so the most costly step-up is asked."),
        new(ReasonCode.BehaviourLow, "behaviour-low", EvidenceClass.Behaviour,
            "The behaviour score was below the pass threshold: a step-up, whose cost grows as the score falls."),
        new(ReasonCode.BehaviourVeryLow, "behaviour-very-low", EvidenceClass.Behaviour,
            "The behaviour score was below StepUpScore: the most costly step-up (or a fail with RefuseOnBehaviour)."),
        new(ReasonCode.CostRaisedUnderAttack, "cost-raised-under-attack", EvidenceClass.Behaviour,
            "The site was under attack when the challenge was issued (its share of step-ups and automation far above its usual level), so its proof of work cost more."),
        new(ReasonCode.AutomationHeadless, "automation-headless", EvidenceClass.Automation,
            "The browser names itself headless (HeadlessChrome in the user agent of the page or of a worker, or in the client hints), or its window has no frame and its screen is exactly the page (docs/probes.md)."),
        new(ReasonCode.AutomationPatchedApi, "automation-patched-api", EvidenceClass.Automation,
            "The page's browser APIs were rewritten: a native getter or function that is not native, or the page and a worker (or a fresh frame) disagree on what the browser is."),
        new(ReasonCode.AutomationInconsistentEnvironment, "automation-inconsistent-environment", EvidenceClass.Automation,
            "What the page reports contradicts itself (the user agent against the client hints or the platform, the screen against the window)."),
        new(ReasonCode.AutomationRequestMismatch, "automation-request-mismatch", EvidenceClass.Automation,
            "The verify request contradicts the page that sent it: its User-Agent or Accept-Language differ from the page's, or a browser that always sends fetch metadata (Sec-Fetch-*, client hints) sent none: a client without a browser, or a page whose navigator was patched."),
        new(ReasonCode.AutomationSyntheticInput, "automation-synthetic-input", EvidenceClass.Automation,
            "The input events were not a device's: a mouse button pressed with no pressure, several moves in one frame, X11 input not stamped in whole milliseconds, or events that place the page where the window's frame cannot (docs/probes.md)."),
        new(ReasonCode.AutomationReplayed, "automation-replayed", EvidenceClass.Automation,
            "The pointer trajectory repeats one seen in another session within the replay window, after normalising position, scale and time, within a margin no person reproduces twice."),
    ];

    public static ReasonInfo Info(ReasonCode reason) => All[(int)reason];

    public static string Code(this ReasonCode reason) => All[(int)reason].Code;

    /// <summary><c>docs/reasons.md</c>: the registry as a table for backends and the security team.</summary>
    public static string Markdown()
    {
        var text = new System.Text.StringBuilder();
        text.Append("""
            # Reason codes

            What lowered a session's score or raised its cost: siteverify's `reasons` (protocol section 4),
            the verdict log lines and the `byebyerobots.verify.reasons` metric carry these codes. A
            success also says `stepped_up` and `score`; a token of the automation or no-interaction
            class carries a score of 0 (nothing showed a person), whatever it paid.

            Generated from `ReasonCode` (`src/ByeByeRobots.Core/Verification/ReasonCode.cs`); a test
            fails when this file differs. Rewrite it with
            `BBR_WRITE_DOCS=1 dotnet test tests/ByeByeRobots.Core.Tests --filter Reasons_Document`.

            | code | evidence class | meaning |
            | --- | --- | --- |

            """);
        foreach (var info in All)
        {
            var evidenceClass = info.Reason == ReasonCode.CostRaisedUnderAttack ? "(cost)" : info.Class switch
            {
                EvidenceClass.Automation => "automation",
                EvidenceClass.NoInteraction => "no interaction",
                _ => "behaviour",
            };
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"| `{info.Code}` | {evidenceClass} | {info.Meaning} |\n");
        }

        return text.ToString().ReplaceLineEndings("\n");
    }
}

/// <summary>A set of <see cref="ReasonCode"/>s as bits: small enough for a token (64 codes at most).</summary>
public readonly record struct ReasonSet(ulong Bits)
{
    public bool IsEmpty => Bits == 0;

    public bool Contains(ReasonCode reason) => (Bits & (1UL << (int)reason)) != 0;

    public ReasonSet With(ReasonCode reason) => new(Bits | (1UL << (int)reason));

    public ReasonSet Union(ReasonSet other) => new(Bits | other.Bits);

    public ReasonSet Except(ReasonSet other) => new(Bits & ~other.Bits);

    /// <summary>True when some reason of the set is of the given class.</summary>
    public bool Any(EvidenceClass evidenceClass)
    {
        foreach (var info in Reasons.All)
        {
            if (info.Class == evidenceClass && Contains(info.Reason))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The wire codes, in registry order.</summary>
    public string[] Codes()
    {
        var codes = new List<string>(4);
        foreach (var info in Reasons.All)
        {
            if (Contains(info.Reason))
            {
                codes.Add(info.Code);
            }
        }

        return [.. codes];
    }

    public override string ToString() => string.Join(",", Codes());
}
