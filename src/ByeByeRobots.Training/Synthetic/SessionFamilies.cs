namespace ByeByeRobots.Training.Synthetic;

/// <summary>One family of generated sessions: its name (the sessions' <c>family</c>), its label and what it is.</summary>
public sealed record SessionFamily(string Name, bool Human, string WhatItIs);

/// <summary>
/// Every family the generator makes, defined once, in the order it takes them in turn (a
/// family's place is part of what a seed generates: append, never insert). The generator's lists,
/// the training metrics and the tables of docs/training-families.md come from here.
/// </summary>
public static class SessionFamilies
{
    public static IReadOnlyList<SessionFamily> All { get; } =
    [
        new("human-mouse", Human: true, "desktop mouse; device 125-1000 Hz reported once a display frame (60, 75, 120, 144 Hz), timing jitter, dropped frames, 0.1 ms or 1 ms clock"),
        new("human-touchpad", Human: true, "slower Fitts' constants; long moves made of two or three strokes with the finger lifted between"),
        new("human-remote-desktop", Human: true, "a virtual machine or remote desktop: the guest's samples delivered in packets, or 16-60 ms reporting with large jitter, bursts of events, positions reported after a varying network delay"),
        new("human-touch", Human: true, "a phone: taps (with a few pixels of finger roll), swipes with scrolling, drawing with a finger, on-screen keyboard typing"),
        new("human-keyboard-only", Human: true, "Tab and typing, with or without a screen reader's reading keys; no pointer at all"),
        new("bot-linear-fixed", Human: false, "straight lines in equal steps (Selenium, pynput loops, Playwright `mouse.move(steps)`)"),
        new("bot-linear-random", Human: false, "straight lines in random steps at random intervals"),
        new("bot-teleport", Human: false, "the pointer jumps to each target"),
        new("bot-bezier", Human: false, "cubic Bézier paths with random control points, easing, overshoot on far targets (ghost-cursor)"),
        new("bot-bezier-jitter", Human: false, "Bézier paths with per-point jitter and random tweening (pyHM, humanize-style libraries)"),
        new("bot-natural-motion", Human: false, "NaturalMouseMotion's model: a sideways deviation arc, sporadic noise, a stepwise speed flow, overshoots, moves sent even without displacement and while idle"),
        new("bot-timer-arc", Human: false, "smooth sine arcs at constant speed on an exact timer"),
        new("bot-parametric-shape", Human: false, "shapes computed from their equation (a circle from cos/sin) at a fixed parameter step, with or without jitter"),
        new("bot-typing", Human: false, "keyboard only: fixed delay (Playwright/Puppeteer `type(delay)`) or uniform random delay, zero or fixed hold"),
        new("bot-replay", Human: false, "a person's session played back with noise on positions (0.7-3 px) and times, stretched or compressed"),
        new("bot-spoofed-env", Human: false, "any of the above in an environment a browser cannot report: headless user agent, a phone without touch, a viewport larger than the screen, no language, no screen, a bare HTTP client"),
        new("bot-untrusted-events", Human: false, "script-dispatched events (`isTrusted` false)"),
        new("bot-touch", Human: false, "mobile automation (Appium, CDP touch emulation): exact taps, timer-driven swipes and drawings"),
    ];

    /// <summary>docs/training-families.md: the families as the security team reads them.</summary>
    public static string Markdown()
    {
        var text = new System.Text.StringBuilder();
        text.Append("""
            # The generated families

            Generated from `SessionFamilies` (src/ByeByeRobots.Training/Synthetic/SessionFamilies.cs) by the
            Scoring tests (`BBR_WRITE_DOCS=1 dotnet test tests/ByeByeRobots.Scoring.Tests` rewrites it). How
            the sessions are made: [training-data.md](training-data.md). The generator takes the families in
            turn, people and bots alternately.

            """);
        foreach (var (human, title) in new[] { (true, "People"), (false, "Bots") })
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n## {title}\n\n| family | what it is |\n| --- | --- |\n");
            foreach (var family in All.Where(f => f.Human == human))
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"| `{family.Name}` | {family.WhatItIs} |\n");
            }
        }

        return text.ToString();
    }
}
