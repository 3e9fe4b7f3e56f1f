namespace ByeByeRobots.Core.Signals;

/// <summary>A mouse, pen or touch event: time (ms since widget start), viewport position, kind.</summary>
public readonly record struct PointerSample(double T, int X, int Y, byte K);

/// <summary>A keyboard or focus event: time and kind only, never which key or which field.</summary>
public readonly record struct TimedCode(double T, byte K);

/// <summary>A scroll position (<c>window.scrollY</c>) at a time.</summary>
public readonly record struct ScrollSample(double T, int Y);

/// <summary>The browser environment of protocol section 5.</summary>
public sealed record BrowserEnvironment(
    bool Webdriver,
    IReadOnlyList<string> Languages,
    string Timezone,
    int ScreenWidth,
    int ScreenHeight,
    double PixelRatio,
    int ViewportWidth,
    int ViewportHeight,
    int TouchPoints,
    string UserAgent)
{
    /// <summary>The widget's automation probes (<c>env.probes</c>); none when the widget sent none.</summary>
    public ProbeValues Probes { get; init; } = ProbeValues.None;
}

/// <summary>
/// The interaction signals of one verify (protocol section 5), validated and bounded.
/// Every array may be empty: a keyboard-only or screen-reader session has no mouse.
/// </summary>
public sealed record InteractionSignals(
    double T,
    PointerSample[] Mouse,
    PointerSample[] Touch,
    TimedCode[] Keys,
    ScrollSample[] Scroll,
    TimedCode[] Focus,
    int Untrusted,
    BrowserEnvironment Env)
{
    public const int Version = 1;

    /// <summary>The widget keeps the most recent 2,000 events of each kind.</summary>
    public const int MaximumEventsPerArray = 2000;

    public static class PointerKind
    {
        public const byte Move = 0;
        public const byte Down = 1;
        public const byte Up = 2;
    }

    public static class KeyKind
    {
        public const byte Down = 1;
        public const byte Up = 2;
    }

    public static class FocusKind
    {
        public const byte FieldFocus = 1;
        public const byte FieldBlur = 2;
        public const byte PageHidden = 3;
        public const byte PageVisible = 4;
    }
}
