using ByeByeRobots.Core.Verification;

namespace ByeByeRobots.Core.Signals;

/// <summary>
/// One of the widget's automation probes (<c>env.probes</c>, protocol section 5): a boolean or a
/// small enumeration, 0 when nothing was seen; any other value is the evidence of
/// <see cref="Reason"/>. <see cref="Measures"/> says what the widget looks at and why it works,
/// <see cref="Genuine"/> what a person's own browser shows; <c>docs/probes.md</c> is written from them
/// (for the security team and the data protection officer).
/// </summary>
public sealed record ProbeInfo(string Name, ReasonCode Reason, byte Maximum, string Measures, string Genuine);

/// <summary>The registry of probes: the only list of their wire names.</summary>
public static class ProbeRegistry
{
    public static IReadOnlyList<ProbeInfo> All { get; } =
    [
        new("headlessName", ReasonCode.AutomationHeadless, 1,
            "Whether the user agent or the client-hint brands, of the page or of a worker, name a headless browser (HeadlessChrome). Headless Chromium says so itself; a patch of the page's navigator does not reach the worker.",
            "0: no desktop or mobile browser names itself headless."),
        new("frameless", ReasonCode.AutomationHeadless, 1,
            "Whether the window has no frame at all (outer size equal to the page's) while the screen is exactly the page and the page is not in full screen or installed as an app: headless Chromium's window, which has no toolbar, at a screen the automation set to the viewport.",
            "0: a browser window has a toolbar, or a screen larger than the page; full screen, kiosk and installed apps are excluded by display-mode."),
        new("framework", ReasonCode.AutomationFramework, 1,
            "Whether the page holds globals that automation frameworks inject (Selenium's cdc_ and $cdc_ keys, Playwright's and Puppeteer's bindings, PhantomJS and Nightmare names).",
            "0: a person's browser defines none of these names."),
        new("nativeLie", ReasonCode.AutomationPatchedApi, 1,
            "Whether a getter or function the browser implements natively (navigator's webdriver, languages, userAgent, plugins, permissions.query, WebGL's getParameter, Function.prototype.toString itself) reads as script when shown by a fresh frame's own Function.prototype.toString, or is an own property of navigator instead of its prototype. Stealth tools rewrite these and hide it from the page's toString, not from another realm's.",
            "0: native code reads as native code in every realm; extensions that rewrite navigator (rare: user-agent switchers) make it 1 and can be excused by disabling the probe."),
        new("realmMismatch", ReasonCode.AutomationPatchedApi, 1,
            "Whether the page and a dedicated worker of the widget disagree on webdriver, the user agent, the languages, the platform, the number of cores or the time zone. Scripts injected into pages do not run in workers.",
            "0: a page and its worker read the same browser."),
        new("uaConflict", ReasonCode.AutomationInconsistentEnvironment, 1,
            "Whether the user agent contradicts the client hints (userAgentData's brands, platform, mobile) or navigator.platform: a Windows user agent on a Linux platform, a Chrome user agent without Chromium's client hints.",
            "0: a browser's own user agent, hints and platform agree."),
        new("screenIsClient", ReasonCode.AutomationSyntheticInput, 1,
            "Whether every pointer event (at least five, at several heights) had its screen coordinates equal to its page coordinates in a window with a frame above the page: DevTools-protocol input (Playwright, Puppeteer, ghost-cursor) carries no screen position, so the browser copies the page's.",
            "0: in a framed window a device's events are offset by the window's position and toolbar; full screen and frameless windows are not measured (the probe stays 0)."),
    ];

    /// <summary>The index of a probe by its wire name (UTF-8; the names are ASCII), or -1.</summary>
    public static int IndexOf(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (System.Text.Ascii.Equals(name, All[i].Name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The index of a probe by its wire name, or -1.</summary>
    public static int IndexOf(string name)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(name, All[i].Name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary><c>docs/probes.md</c>: every probe, what it reads, what a person's browser shows, and what is kept.</summary>
    public static string Markdown()
    {
        var text = new System.Text.StringBuilder();
        text.Append("""
            # The widget's probes

            The widget sends, inside the verify request's `env.probes` (protocol section 5), the answer of
            each probe below as a number: 0 when nothing was seen, 1 when the probe found what it looks for.
            No probe sends a measured value (no renderer name, no screen position, no list of fonts or
            plugins): only whether a contradiction or an artefact was found. Nothing here identifies a
            person or a device, nothing is kept after the verify is scored, and no probe value reaches a
            backend: siteverify's `reasons` names the reason code, never the probe's inputs.

            Each probe's evidence is a reason code of the automation class (docs/reasons.md); the security
            team switches any of them off per site with `DisabledEvidence` (protocol section 1), for
            example `"DisabledEvidence": ["automation-synthetic-input"]`, reloaded without restart.

            Generated from `ProbeRegistry` (`src/ByeByeRobots.Core/Signals/Probes.cs`); a test fails when
            this file differs. Rewrite it with
            `BBR_WRITE_DOCS=1 dotnet test tests/ByeByeRobots.Core.Tests --filter Probes_Document`.

            | probe | reason code | what it reads, and why it works | what a person's own browser shows |
            | --- | --- | --- | --- |

            """);
        foreach (var probe in All)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"| `{probe.Name}` | `{probe.Reason.Code()}` | {probe.Measures} | {probe.Genuine} |\n");
        }

        return text.ToString().ReplaceLineEndings("\n");
    }
}

/// <summary>The probes a verify carried: a value per registered probe, 0 for one not sent.</summary>
public sealed class ProbeValues
{
    public static ProbeValues None { get; } = new(new byte[ProbeRegistry.All.Count]);

    private readonly byte[] _values;

    internal ProbeValues(byte[] values) => _values = values;

    public byte this[int index] => _values[index];

    /// <summary>The reasons of the probes that found something.</summary>
    public ReasonSet Reasons()
    {
        var reasons = default(ReasonSet);
        for (var i = 0; i < _values.Length; i++)
        {
            if (_values[i] != 0)
            {
                reasons = reasons.With(ProbeRegistry.All[i].Reason);
            }
        }

        return reasons;
    }

    /// <summary>The names of the probes that found something, for the verdict's log line.</summary>
    public string Fired()
    {
        var names = new List<string>();
        for (var i = 0; i < _values.Length; i++)
        {
            if (_values[i] != 0)
            {
                names.Add(_values[i] == 1 ? ProbeRegistry.All[i].Name : $"{ProbeRegistry.All[i].Name}={_values[i]}");
            }
        }

        return string.Join(",", names);
    }
}
