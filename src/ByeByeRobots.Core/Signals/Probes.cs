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
            "Whether the user agent, of the page or of a worker of the widget, names a headless browser (HeadlessChrome): headless Chromium says so itself, in the page, its frames, its workers and its User-Agent header.",
            "0: no desktop or mobile browser names itself headless."),
        new("frameless", ReasonCode.AutomationHeadless, 1,
            "Whether the window has no frame at all (outer size equal to the page's) while the screen is exactly the page, outside full screen or an installed app (display-mode): headless Chromium under Playwright (1280 x 720 everywhere).",
            "0 in a window (Chromium 156 windowed, maximised: outer size larger); full screen, kiosk and installed apps are excluded by display-mode."),
        new("nativeLie", ReasonCode.AutomationPatchedApi, 1,
            "Whether a getter the browser implements natively (navigator's webdriver, userAgent, languages, platform, hardwareConcurrency, plugins; Permissions.query; Function.prototype.toString) reads as script, or throws through a proxy handler when called on a wrong object (the stealth plugin's wrappers show `newHandler` in the stack), or is shadowed by an own property of navigator, or a document method is copied onto the document itself (stealth adds createElement).",
            "0: native code reads as native code and throws from native code (Chromium 156, Firefox ESR 153). An extension that rewrites navigator (a user-agent switcher) makes it 1: disable the probe for a site where that matters."),
        new("realmMismatch", ReasonCode.AutomationPatchedApi, 1,
            "Whether the page and a dedicated worker of the widget (same-origin deployments only) disagree on the user agent, webdriver, the platform, the number of cores, the languages, the time zone, or whether there are client-hint brands. Scripts injected into pages do not run in workers: stealth headless read 4 cores and Win32 in the page, 2 and Linux x86_64 in the worker; Playwright's user-agent option left the worker without brands.",
            "0: a page and its worker read the same browser (Chromium 156, Firefox ESR 153). Not measured: Brave, which varies the number of cores per site."),
        new("uaConflict", ReasonCode.AutomationInconsistentEnvironment, 1,
            "Whether the user agent's system contradicts navigator.platform or the client hints' platform (a Windows user agent on a Linux platform: Playwright and stealth with a desktop user agent on a Linux machine), or its Chrome version the Chromium brand, or the brands their own full versions (stealth's brands are not its fullVersionList).",
            "0: a browser's own user agent, platform and hints agree. A user-agent switcher extension makes it 1."),
        new("frameOffset", ReasonCode.AutomationSyntheticInput, 1,
            "Whether pointer events place the page lower on the screen than the window's own frame can (the events' screen minus page position, against the window's position and the height of its frame, page zoom taken from the events' movement; median over the first 64 moves, more than 20 px): headless Chromium's events carry an offset of 97 px in a window without a frame, stealth's headed window fakes its frame's size.",
            "−5 to 0 px (Chromium windowed, maximised, full screen, zoom 50 % and 200 %; Firefox windowed and full screen). Not measured: Windows, macOS, several screens, remote desktops."),
        new("zeroPressure", ReasonCode.AutomationSyntheticInput, 1,
            "Whether a mouse button went down with a pressure of 0: a device without a pressure sensor reports 0.5 while a button is down (Pointer Events), DevTools-protocol input without a force (Puppeteer, ghost-cursor) reports 0.",
            "0.5 (Chromium 156 and Firefox ESR 153 with a mouse); only mouse pointers are read, never pens or touch."),
        new("inputBurst", ReasonCode.AutomationSyntheticInput, 1,
            "Whether several pointer moves were delivered in one animation frame, in at least five frames and a fifth of them: browsers deliver a device's moves once a frame (coalesced), DevTools-protocol moves sent without waiting arrive three or four a frame.",
            "At most one a frame in every genuine run (Chromium 156, Firefox ESR 153, slow and fast movement). Read in Chromium and Firefox only."),
        new("fineClock", ReasonCode.AutomationSyntheticInput, 1,
            "On X11 Linux only: whether fewer than half the gaps between 30 or more pointer moves are whole milliseconds. X11 stamps input in whole milliseconds; DevTools-protocol input is stamped by the browser's own clock (6 to 17 % whole gaps).",
            "100 % whole gaps (Chromium 156 and Firefox ESR 153 under X11). Not read on other systems, ChromeOS or Android."),
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

        text.Append("""

            ## What the service itself compares, and what it keeps

            - **The verify request's headers** (`automation-request-mismatch`): `User-Agent`,
              `Accept-Language`, `Sec-Fetch-Mode`, `Sec-Fetch-Dest`, `Sec-CH-UA`, `Sec-CH-UA-Mobile`, read
              while the request is answered and compared with the page's `env`; never stored or logged.
            - **The trajectory sketch** (`automation-replayed`): for a first verify with at least 40 pointer
              events and 300 px of path, the path's shape at 64 points evenly spaced along it, moved to its
              centroid and scaled to unit size (256 bytes), under six hashed keys per site, each with
              `ByeByeRobots:Replay:Window` as its lifetime (10 minutes by default), then deleted by the
              store. It holds no time, no position on the page, no event count, nothing typed, and cannot
              be turned back into the events; it is compared only with later sessions' sketches of the
              same site, to find one path played twice. With `Replay:Window` 0 nothing is kept.
            - Everything else of a verify (signals, probes, headers) is read, scored and dropped; the
              verdict's log line names the reason codes and the probes that found something, no values.

            """);

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
