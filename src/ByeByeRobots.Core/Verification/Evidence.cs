using ByeByeRobots.Core.Signals;

namespace ByeByeRobots.Core.Verification;

/// <summary>
/// The facts of one verify beside its behaviour score: automation evidence and whether there was
/// any interaction at all (protocol section 3). Built from the signals and the widget's probes; the
/// request's own headers (<see cref="RequestConsistency"/>) and a replayed trajectory add to it.
/// </summary>
public readonly record struct Evidence(ReasonSet Automation, bool NoInteraction)
{
    /// <summary>This evidence with more automation reasons.</summary>
    public Evidence With(ReasonSet automation) => this with { Automation = Automation.Union(automation) };

    /// <summary>This evidence without the reasons a site switched off (<c>DisabledEvidence</c>).</summary>
    public Evidence Except(ReasonSet disabled) => this with { Automation = Automation.Except(disabled) };

    public static Evidence From(InteractionSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var automation = default(ReasonSet);
        if (signals.Env.Webdriver)
        {
            automation = automation.With(ReasonCode.AutomationWebdriver);
        }

        automation = automation.Union(signals.Env.Probes.Reasons());
        var deviceInput = signals.Mouse.Length + signals.Touch.Length + signals.Keys.Length;

        // Untrusted events alone are a script's; beside a device's input they may be a password
        // manager's or an assistive tool's, which the behaviour score weighs instead.
        if (signals.Untrusted > 0 && deviceInput == 0)
        {
            automation = automation.With(ReasonCode.AutomationUntrustedInput);
        }

        // Focus events alone are not a person's: an autofocus field or a script's focus() makes them
        // without any input (stricter than protocol section 3's letter; proposed as a change).
        return new Evidence(automation, deviceInput == 0);
    }
}
