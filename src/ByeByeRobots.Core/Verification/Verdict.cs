namespace ByeByeRobots.Core.Verification;

public enum Verdict
{
    Pass,
    StepUp,
    Fail,
}

/// <summary>The three kinds of evidence of protocol section 3, strongest first.</summary>
public enum EvidenceClass
{
    /// <summary>Facts a person's own browser does not produce: <c>OnAutomation</c> decides.</summary>
    Automation,

    /// <summary>No pointer, touch or key event (focus alone is none): the most costly step-up, never a pass at once.</summary>
    NoInteraction,

    /// <summary>The behaviour model's score against the site's thresholds.</summary>
    Behaviour,
}

/// <summary>What <c>OnAutomation</c> gives a session with automation evidence.</summary>
public enum AutomationResponse
{
    Fail,
    StepUp,
}
