namespace ByeByeRobots.Scoring.Features;

/// <summary>What a feature describes; the glossary (docs/features.md) shows the groups in the order of their first feature.</summary>
public enum FeatureGroup
{
    PointerUse,
    Timing,
    Steps,
    Coupling,
    Kinematics,
    Turning,
    Strokes,
    Clicks,
    Keyboard,
    Session,
    Environment,
}

/// <summary>What a session must have for a feature to describe it (and to be named as a reason).</summary>
public enum FeatureNeeds
{
    /// <summary>Every session has it.</summary>
    Nothing,

    /// <summary>Pointer events (mouse or touch).</summary>
    PointerEvents,

    /// <summary>A press and release of the pointer.</summary>
    Clicks,

    /// <summary>Key presses.</summary>
    Keys,
}

/// <summary>
/// One feature of the humanity model: its place in the vector, its name (the logs' word), what it
/// measures in one line (the glossary's), what a session needs for it to mean anything, and whether
/// the model is shown it.
/// </summary>
public sealed record FeatureDefinition(int Index, string Name, FeatureGroup Group, FeatureNeeds Needs, string Meaning, bool Withheld, string? WithheldBecause);

/// <summary>
/// Every feature, defined once, in vector order: the extractor writes by these definitions' indexes,
/// the model's schema is their count, the logs use their names and docs/features.md is generated
/// from them, so the four cannot drift apart. A feature is appended, never inserted: a model file
/// reads the vector by position (a change of order needs a retrained model).
/// </summary>
public static class FeatureRegistry
{
    private const string TaskNotPerson = "it measures the task (how long the form or drawing was, how much it took), not the person: a short login and a long form must be judged alike";

    private static readonly List<FeatureDefinition> Defined = [];

    public static readonly FeatureDefinition PointerPresent = Define("pointer.present", FeatureGroup.PointerUse, FeatureNeeds.PointerEvents, "1 when the session has pointer events (mouse, pen or touch)");
    public static readonly FeatureDefinition PointerTouch = Define("pointer.touch", FeatureGroup.PointerUse, FeatureNeeds.PointerEvents, "1 when the pointer is a touch screen (more touch than mouse events)");
    public static readonly FeatureDefinition PointerMoves = Withhold("pointer.moves", FeatureGroup.PointerUse, FeatureNeeds.PointerEvents, "how many pointer moves (log)", TaskNotPerson);
    public static readonly FeatureDefinition PointerSpan = Withhold("pointer.span", FeatureGroup.PointerUse, FeatureNeeds.PointerEvents, "time from the first move to the last (log of ms)", TaskNotPerson);

    public static readonly FeatureDefinition IntervalMedian = Withhold("interval.median", FeatureGroup.Timing, FeatureNeeds.PointerEvents, "median time between two moves within a stroke (ms)",
        "it measures the device and the transport (a 60 Hz or 1000 Hz mouse, a remote desktop delivering every 50-110 ms), not the person; withholding it raised the DELBOT virtual-machine people passing at once from 85.7-90.0 % to 92.9-95.0 % over three seeds");
    public static readonly FeatureDefinition IntervalCv = Define("interval.cv", FeatureGroup.Timing, FeatureNeeds.PointerEvents, "how much the time between moves varies (standard deviation over mean)");
    public static readonly FeatureDefinition IntervalMadRatio = Define("interval.mad-ratio", FeatureGroup.Timing, FeatureNeeds.PointerEvents, "median distance of the intervals from their median, over the median: a timer's regularity against a hand's device");
    public static readonly FeatureDefinition IntervalDuplicateShare = Define("interval.duplicate-share", FeatureGroup.Timing, FeatureNeeds.PointerEvents, "share of moves under 0.5 ms after the previous one (events delivered together)");
    public static readonly FeatureDefinition IntervalModeShare = Define("interval.mode-share", FeatureGroup.Timing, FeatureNeeds.PointerEvents, "share of intervals within 1 ms of the median interval (a fixed timer's signature)");
    public static readonly FeatureDefinition IntervalLongShare = Define("interval.long-share", FeatureGroup.Timing, FeatureNeeds.PointerEvents, "share of intervals over 100 ms (pauses and sleeps between moves)");

    public static readonly FeatureDefinition StepZeroShare = Define("step.zero-share", FeatureGroup.Steps, FeatureNeeds.PointerEvents, "share of moves that do not move (a browser reports a move only when the position changes)");
    public static readonly FeatureDefinition StepMedian = Define("step.median", FeatureGroup.Steps, FeatureNeeds.PointerEvents, "median distance between two moves (px)");
    public static readonly FeatureDefinition StepCv = Define("step.cv", FeatureGroup.Steps, FeatureNeeds.PointerEvents, "how much the distance between moves varies (standard deviation over mean)");
    public static readonly FeatureDefinition StepAxisShare = Define("step.axis-share", FeatureGroup.Steps, FeatureNeeds.PointerEvents, "share of moves along exactly one axis (horizontal or vertical only)");
    public static readonly FeatureDefinition StepRepeatShare = Define("step.repeat-share", FeatureGroup.Steps, FeatureNeeds.PointerEvents, "share of moves that repeat the previous displacement exactly (equal steps of a line)");
    public static readonly FeatureDefinition StepTeleportShare = Define("step.teleport-share", FeatureGroup.Steps, FeatureNeeds.PointerEvents, "share of jumps over 250 px within 40 ms (a pointer set, not moved)");

    public static readonly FeatureDefinition SpeedMean = Withhold("speed.mean", FeatureGroup.Kinematics, FeatureNeeds.PointerEvents, "mean speed on the path resampled every 20 ms (px/ms)",
        "speed in pixels per millisecond measures the screen's resolution, the pointer's acceleration setting and the size of the task's targets more than the hand; the relative kinematics (speed.cv, accel.relative, jerk.relative) stay. Withheld in leave-one-family-out over three seeds: people at once 96.1 to 97.4 %, bots 7.8 to 7.6 %, the held-out families' AUC 0.975-0.991 to 0.983-0.994");
    public static readonly FeatureDefinition SpeedCv = Define("speed.cv", FeatureGroup.Kinematics, FeatureNeeds.PointerEvents, "how much that speed varies (standard deviation over mean)");
    public static readonly FeatureDefinition SpeedP90Ratio = Define("speed.p90-ratio", FeatureGroup.Kinematics, FeatureNeeds.PointerEvents, "the 90th percentile of the speed over its median (bursts of speed against an even pace)");
    public static readonly FeatureDefinition AccelRelative = Define("accel.relative", FeatureGroup.Kinematics, FeatureNeeds.PointerEvents, "mean change of speed from one 20 ms step to the next, over the mean speed");
    public static readonly FeatureDefinition JerkRelative = Define("jerk.relative", FeatureGroup.Kinematics, FeatureNeeds.PointerEvents, "mean change of acceleration (jerk) over the mean speed: a hand's motor noise against a computed path's smoothness");

    public static readonly FeatureDefinition AngleMeanChange = Define("angle.mean-change", FeatureGroup.Turning, FeatureNeeds.PointerEvents, "mean change of heading from one 20 ms step to the next (radians)");
    public static readonly FeatureDefinition AngleChangeSd = Define("angle.change-sd", FeatureGroup.Turning, FeatureNeeds.PointerEvents, "standard deviation of those changes of heading");
    public static readonly FeatureDefinition AngleSharpShare = Define("angle.sharp-share", FeatureGroup.Turning, FeatureNeeds.PointerEvents, "share of changes of heading over 90 degrees");
    public static readonly FeatureDefinition AngleSameTurnShare = Define("angle.same-turn-share", FeatureGroup.Turning, FeatureNeeds.PointerEvents, "share of turns in the same direction as the previous one (a smooth curve against a wavering one)");

    public static readonly FeatureDefinition StrokeCount = Withhold("stroke.count", FeatureGroup.Strokes, FeatureNeeds.PointerEvents, "how many strokes (runs of movement between pauses over 150 ms; log)", TaskNotPerson);
    public static readonly FeatureDefinition StrokeStraightness = Define("stroke.straightness", FeatureGroup.Strokes, FeatureNeeds.PointerEvents, "a stroke's straight-line distance over its path length (1: a straight line)");
    public static readonly FeatureDefinition StrokeSubmovements = Define("stroke.submovements", FeatureGroup.Strokes, FeatureNeeds.PointerEvents, "peaks of speed per 100 px of stroke: the corrective sub-movements of a hand");
    public static readonly FeatureDefinition StrokePeakPosition = Define("stroke.peak-position", FeatureGroup.Strokes, FeatureNeeds.PointerEvents, "where in a stroke the speed peaks (0 at its start, 1 at its end)");
    public static readonly FeatureDefinition StrokeEndDeceleration = Withhold("stroke.end-deceleration", FeatureGroup.Strokes, FeatureNeeds.PointerEvents, "speed in a stroke's last fifth over its mean speed",
        "it measures what ended a stroke (a target reached, a drawing released while still moving) more than who moved; the approach to a click is judged by click.approach-speed instead");

    public static readonly FeatureDefinition ClickCount = Withhold("click.count", FeatureGroup.Clicks, FeatureNeeds.Clicks, "how many presses (log)", TaskNotPerson);
    public static readonly FeatureDefinition ClickDwellMedian = Define("click.dwell-median", FeatureGroup.Clicks, FeatureNeeds.Clicks, "median time a press is held (ms)");
    public static readonly FeatureDefinition ClickDwellCv = Define("click.dwell-cv", FeatureGroup.Clicks, FeatureNeeds.Clicks, "how much that time varies between presses");
    public static readonly FeatureDefinition ClickApproachSpeed = Define("click.approach-speed", FeatureGroup.Clicks, FeatureNeeds.Clicks, "speed in the last 100 ms before a press over the mean speed (a hand slows down onto its target)");

    public static readonly FeatureDefinition KeysDowns = Define("keys.downs", FeatureGroup.Keyboard, FeatureNeeds.Keys, "how many key presses (log)");
    public static readonly FeatureDefinition KeysHoldMedian = Define("keys.hold-median", FeatureGroup.Keyboard, FeatureNeeds.Keys, "median time a key is held (ms)");
    public static readonly FeatureDefinition KeysHoldCv = Define("keys.hold-cv", FeatureGroup.Keyboard, FeatureNeeds.Keys, "how much the time a key is held varies");
    public static readonly FeatureDefinition KeysFlightMedian = Define("keys.flight-median", FeatureGroup.Keyboard, FeatureNeeds.Keys, "median time from one key press to the next (ms)");
    public static readonly FeatureDefinition KeysFlightCv = Define("keys.flight-cv", FeatureGroup.Keyboard, FeatureNeeds.Keys, "how much the time from one key press to the next varies");
    public static readonly FeatureDefinition KeysOverlapShare = Define("keys.overlap-share", FeatureGroup.Keyboard, FeatureNeeds.Keys, "share of presses made while another key is still held (a typist's roll-over)");
    public static readonly FeatureDefinition KeysUnpairedShare = Define("keys.unpaired-share", FeatureGroup.Keyboard, FeatureNeeds.Keys, "share of presses and releases without their other half");

    public static readonly FeatureDefinition FocusCount = Define("focus.count", FeatureGroup.Session, FeatureNeeds.Nothing, "how many focus changes between fields (log)");
    public static readonly FeatureDefinition ScrollCount = Define("scroll.count", FeatureGroup.Session, FeatureNeeds.Nothing, "how many scroll events (log)");
    public static readonly FeatureDefinition TimeTotal = Withhold("time.total", FeatureGroup.Session, FeatureNeeds.Nothing, "time from the widget's start to the verify (log of ms)", TaskNotPerson);
    public static readonly FeatureDefinition TimeFirstInteraction = Withhold("time.first-interaction", FeatureGroup.Session, FeatureNeeds.Nothing, "time to the first pointer or key event (log of ms)", TaskNotPerson);

    public static readonly FeatureDefinition EnvWebdriver = Define("env.webdriver", FeatureGroup.Environment, FeatureNeeds.Nothing, "1 when the browser declares that automation drives it (navigator.webdriver)");
    public static readonly FeatureDefinition EnvUntrusted = Define("env.untrusted", FeatureGroup.Environment, FeatureNeeds.Nothing, "script-made (untrusted) events the widget saw, up to 10, over 10");
    public static readonly FeatureDefinition EnvInconsistencies = Define("env.inconsistencies", FeatureGroup.Environment, FeatureNeeds.Nothing, "how many things the browser reports that no browser can (a viewport larger than the screen, a phone without touch, ...)");
    public static readonly FeatureDefinition EnvHeadless = Define("env.headless", FeatureGroup.Environment, FeatureNeeds.Nothing, "1 when the user agent names a headless browser or a plain HTTP client");

    public static readonly FeatureDefinition StepIntervalElasticity = Define("step.interval-elasticity", FeatureGroup.Coupling, FeatureNeeds.PointerEvents, "how the distance between moves grows with the time between them (a hand: near 1; fixed steps with varying sleeps: near 0)");
    public static readonly FeatureDefinition StepGapJumpShare = Define("step.gap-jump-share", FeatureGroup.Coupling, FeatureNeeds.PointerEvents, "share of moves that come after a long silence and still jump (a script's sleep, then its next step)");

    /// <summary>Every feature, in vector order.</summary>
    public static IReadOnlyList<FeatureDefinition> All => Defined;

    /// <summary>docs/features.md: the glossary the security team reads a verdict's reasons with.</summary>
    public static string Markdown()
    {
        var text = new System.Text.StringBuilder();
        text.Append("""
            # The humanity model's features

            Generated from `FeatureRegistry` (src/ByeByeRobots.Scoring/Features/FeatureRegistry.cs) by the
            Scoring tests (`BBR_WRITE_DOCS=1 dotnet test tests/ByeByeRobots.Scoring.Tests` rewrites it); the
            extractor, the model's schema and the logs use the same definitions.

            A verdict's log line names up to three features on its side, each with its direction and its
            effect on the score, for example `features [step.interval-elasticity low -7.27, jerk.relative high -4.84,
            stroke.straightness low -2.81]` (a DELBOT NaturalMouseMotion session the shipped model scores
            0.377): the session's step length grew less with the time between reports than a hand's does
            (**low**: its value fell mostly below the points at which the model's trees judge it), and that
            moved the score 7.27 toward a bot, in the trees' raw units (a sum over 300 trees, before the
            calibration to a probability; positive is toward a person). A reason is named only when
            the session has what the feature describes: no pointer feature for a session without a pointer,
            no click feature without a press, no key feature without typing, none whose value could not be
            computed. Every feature is computed from the events of one verify; nothing of it is kept but
            what the verdict's log line says (the names, directions and effects of up to three features,
            never a value).

            Pointer kinematics are computed on the moves in time order; speed, acceleration, jerk and
            turning on the path resampled every 20 ms within strokes (a stroke ends at a pause over
            150 ms), so that a 60 Hz screen, a 1000 Hz mouse and a remote desktop compare alike. A
            statistic that cannot be computed is -1. **Withheld** features are computed (for
            diagnostics: the `features` command) but shown to the model as missing, for the reason given.

            """);
        foreach (var group in Defined.GroupBy(f => f.Group))
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n## {GroupTitle(group.Key)}\n\n| feature | what it measures | needs | in the model |\n| --- | --- | --- | --- |\n");
            foreach (var f in group)
            {
                var needs = f.Needs switch { FeatureNeeds.PointerEvents => "a pointer", FeatureNeeds.Clicks => "a press", FeatureNeeds.Keys => "typing", _ => "-" };
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"| `{f.Name}` | {f.Meaning} | {needs} | {(f.Withheld ? $"withheld: {f.WithheldBecause}" : "yes")} |\n");
            }
        }

        return text.ToString();
    }

    private static string GroupTitle(FeatureGroup group) => group switch
    {
        FeatureGroup.PointerUse => "Pointer",
        FeatureGroup.Timing => "Timing of the pointer's reports",
        FeatureGroup.Steps => "Steps between two reports",
        FeatureGroup.Coupling => "How displacement follows time",
        FeatureGroup.Kinematics => "Speed, acceleration and jerk (resampled path)",
        FeatureGroup.Turning => "Turning (resampled path)",
        FeatureGroup.Strokes => "Strokes",
        FeatureGroup.Clicks => "Presses",
        FeatureGroup.Keyboard => "Typing",
        FeatureGroup.Session => "The session",
        _ => "What the browser declares",
    };

    private static FeatureDefinition Define(string name, FeatureGroup group, FeatureNeeds needs, string meaning) => Add(name, group, needs, meaning, null);

    private static FeatureDefinition Withhold(string name, FeatureGroup group, FeatureNeeds needs, string meaning, string because) => Add(name, group, needs, meaning, because);

    private static FeatureDefinition Add(string name, FeatureGroup group, FeatureNeeds needs, string meaning, string? withheldBecause)
    {
        var definition = new FeatureDefinition(Defined.Count, name, group, needs, meaning, withheldBecause is not null, withheldBecause);
        Defined.Add(definition);
        return definition;
    }
}
