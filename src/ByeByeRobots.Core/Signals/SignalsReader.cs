using System.Text.Json;

namespace ByeByeRobots.Core.Signals;

/// <summary>Why a signals object was refused.</summary>
public enum SignalsError
{
    None,

    /// <summary>Malformed: wrong type, missing member, a number out of range (<c>signals-invalid</c>).</summary>
    Invalid,

    /// <summary>An array holds more than 2,000 events (<c>payload-too-large</c>).</summary>
    TooLarge,
}

/// <summary>
/// Reads and bounds the <c>signals</c> member of a verify request. Pure code that never
/// throws on input: every refusal comes back as a <see cref="SignalsError"/> and a detail
/// a widget developer can act on. Unknown members are ignored (protocol: never an error).
/// </summary>
public static class SignalsReader
{
    public const double MaximumTime = 86_400_000; // 24 h in ms
    public const int MaximumCoordinate = 100_000;
    public const int MaximumScroll = 100_000_000;
    public const int MaximumUntrusted = 1_000_000;
    private const int MaximumLanguages = 32;
    private const int MaximumShortText = 64;
    private const int MaximumUserAgent = 1024;

    public static SignalsError TryRead(JsonElement element, out InteractionSignals? signals, out string detail)
    {
        signals = null;
        var reader = new Reader();
        var result = reader.Read(element);
        detail = reader.Detail;
        if (result is not null)
        {
            signals = result;
            return SignalsError.None;
        }

        return reader.Error;
    }

    private sealed class Reader
    {
        public SignalsError Error { get; private set; } = SignalsError.Invalid;

        public string Detail { get; private set; } = "";

        public InteractionSignals? Read(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail("signals must be a JSON object.");
            }

            if (!root.TryGetProperty("v", out var version) || !IsInteger(version, out var v) || v != InteractionSignals.Version)
            {
                return Fail("signals.v must be 1.");
            }

            if (!root.TryGetProperty("t", out var t) || !TryTime(t, out var total))
            {
                return Fail($"signals.t must be a number of milliseconds in [0, {MaximumTime}].");
            }

            if (!TryPointers(root, "mouse", out var mouse)
                || !TryPointers(root, "touch", out var touch)
                || !TryCodes(root, "keys", [1, 2], out var keys)
                || !TryScroll(root, out var scroll)
                || !TryCodes(root, "focus", [1, 2, 3, 4], out var focus))
            {
                return null;
            }

            var untrusted = 0L;
            if (root.TryGetProperty("untrusted", out var untrustedElement)
                && (!IsInteger(untrustedElement, out untrusted) || untrusted is < 0 or > MaximumUntrusted))
            {
                return Fail($"signals.untrusted must be an integer in [0, {MaximumUntrusted}].");
            }

            if (!root.TryGetProperty("env", out var envElement) || !TryEnvironment(envElement, out var env))
            {
                return Detail.Length > 0 ? null : Fail("signals.env is required: webdriver, languages, timezone, screen, viewport, touchPoints, ua.");
            }

            return new InteractionSignals(total, mouse, touch, keys, scroll, focus, (int)untrusted, env);
        }

        private InteractionSignals? Fail(string detail, SignalsError error = SignalsError.Invalid)
        {
            Error = error;
            Detail = detail;
            return null;
        }

        private bool TryArray(JsonElement root, string name, int width, out JsonElement array, out int count)
        {
            count = 0;
            if (!root.TryGetProperty(name, out array) || array.ValueKind == JsonValueKind.Null)
            {
                return true;
            }

            if (array.ValueKind != JsonValueKind.Array)
            {
                Fail($"signals.{name} must be an array of [{(width == 4 ? "t, x, y, k" : name == "scroll" ? "t, y" : "t, k")}] events.");
                return false;
            }

            count = array.GetArrayLength();
            if (count > InteractionSignals.MaximumEventsPerArray)
            {
                Fail($"signals.{name} holds {count} events; at most {InteractionSignals.MaximumEventsPerArray} are accepted.", SignalsError.TooLarge);
                return false;
            }

            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() != width)
                {
                    Fail($"signals.{name}[{index}] must be an array of {width} numbers.");
                    return false;
                }

                if (!TryTime(item[0], out _))
                {
                    Fail($"signals.{name}[{index}][0] must be a time in [0, {MaximumTime}] ms.");
                    return false;
                }

                index++;
            }

            return true;
        }

        private bool TryPointers(JsonElement root, string name, out PointerSample[] samples)
        {
            samples = [];
            if (!TryArray(root, name, 4, out var array, out var count))
            {
                return false;
            }

            if (count == 0)
            {
                return true;
            }

            samples = new PointerSample[count];
            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                if (!TryCoordinate(item[1], MaximumCoordinate, out var x) || !TryCoordinate(item[2], MaximumCoordinate, out var y))
                {
                    Fail($"signals.{name}[{i}] x and y must be numbers in [-{MaximumCoordinate}, {MaximumCoordinate}].");
                    return false;
                }

                if (!IsInteger(item[3], out var k) || k is < 0 or > 2)
                {
                    Fail($"signals.{name}[{i}][3] must be 0, 1 or 2.");
                    return false;
                }

                samples[i++] = new PointerSample(item[0].GetDouble(), x, y, (byte)k);
            }

            return true;
        }

        private bool TryCodes(JsonElement root, string name, int[] kinds, out TimedCode[] codes)
        {
            codes = [];
            if (!TryArray(root, name, 2, out var array, out var count))
            {
                return false;
            }

            if (count == 0)
            {
                return true;
            }

            codes = new TimedCode[count];
            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                if (!IsInteger(item[1], out var k) || Array.IndexOf(kinds, (int)k) < 0)
                {
                    Fail($"signals.{name}[{i}][1] must be one of {string.Join(", ", kinds)}.");
                    return false;
                }

                codes[i++] = new TimedCode(item[0].GetDouble(), (byte)k);
            }

            return true;
        }

        private bool TryScroll(JsonElement root, out ScrollSample[] samples)
        {
            samples = [];
            if (!TryArray(root, "scroll", 2, out var array, out var count))
            {
                return false;
            }

            if (count == 0)
            {
                return true;
            }

            samples = new ScrollSample[count];
            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                if (!TryCoordinate(item[1], MaximumScroll, out var y))
                {
                    Fail($"signals.scroll[{i}][1] must be a number in [-{MaximumScroll}, {MaximumScroll}].");
                    return false;
                }

                samples[i++] = new ScrollSample(item[0].GetDouble(), y);
            }

            return true;
        }

        private bool TryEnvironment(JsonElement env, out BrowserEnvironment environment)
        {
            environment = null!;
            if (env.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            if (!env.TryGetProperty("webdriver", out var webdriver) || webdriver.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Fail("signals.env.webdriver must be true or false.");
                return false;
            }

            if (!env.TryGetProperty("languages", out var languagesElement) || languagesElement.ValueKind != JsonValueKind.Array
                || languagesElement.GetArrayLength() > MaximumLanguages)
            {
                Fail($"signals.env.languages must be an array of at most {MaximumLanguages} strings.");
                return false;
            }

            var languages = new List<string>(languagesElement.GetArrayLength());
            foreach (var language in languagesElement.EnumerateArray())
            {
                if (!TryText(language, MaximumShortText, out var text))
                {
                    Fail($"signals.env.languages must hold strings of at most {MaximumShortText} characters.");
                    return false;
                }

                languages.Add(text);
            }

            if (!env.TryGetProperty("timezone", out var timezoneElement) || !TryText(timezoneElement, MaximumShortText, out var timezone))
            {
                Fail($"signals.env.timezone must be a string of at most {MaximumShortText} characters.");
                return false;
            }

            if (!env.TryGetProperty("screen", out var screen) || screen.ValueKind != JsonValueKind.Array || screen.GetArrayLength() != 3
                || !TryCoordinate(screen[0], MaximumCoordinate, out var screenWidth) || !TryCoordinate(screen[1], MaximumCoordinate, out var screenHeight)
                || screenWidth < 0 || screenHeight < 0
                || screen[2].ValueKind != JsonValueKind.Number || !screen[2].TryGetDouble(out var ratio) || !double.IsFinite(ratio) || ratio is <= 0 or > 16)
            {
                Fail("signals.env.screen must be [width, height, devicePixelRatio].");
                return false;
            }

            if (!env.TryGetProperty("viewport", out var viewport) || viewport.ValueKind != JsonValueKind.Array || viewport.GetArrayLength() != 2
                || !TryCoordinate(viewport[0], MaximumCoordinate, out var viewportWidth) || !TryCoordinate(viewport[1], MaximumCoordinate, out var viewportHeight)
                || viewportWidth < 0 || viewportHeight < 0)
            {
                Fail("signals.env.viewport must be [width, height].");
                return false;
            }

            if (!env.TryGetProperty("touchPoints", out var touchPointsElement) || !IsInteger(touchPointsElement, out var touchPoints) || touchPoints is < 0 or > 256)
            {
                Fail("signals.env.touchPoints must be an integer in [0, 256].");
                return false;
            }

            if (!env.TryGetProperty("ua", out var uaElement) || !TryText(uaElement, MaximumUserAgent, out var ua))
            {
                Fail($"signals.env.ua must be a string of at most {MaximumUserAgent} characters.");
                return false;
            }

            environment = new BrowserEnvironment(
                webdriver.GetBoolean(), languages, timezone, screenWidth, screenHeight, ratio, viewportWidth, viewportHeight, (int)touchPoints, ua);
            return true;
        }

        private static bool TryTime(JsonElement element, out double value) =>
            element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out value) && double.IsFinite(value) && value is >= 0 and <= MaximumTime
            || Nothing(out value);

        /// <summary>Coordinates are integer CSS pixels; fractional ones (high-DPI pointers) are rounded.</summary>
        private static bool TryCoordinate(JsonElement element, int limit, out int value)
        {
            value = 0;
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var number) || !double.IsFinite(number) || Math.Abs(number) > limit)
            {
                return false;
            }

            value = (int)Math.Round(number);
            return true;
        }

        private static bool IsInteger(JsonElement element, out long value)
        {
            value = 0;
            return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value);
        }

        private static bool TryText(JsonElement element, int maximumLength, out string text) =>
            JsonText.TryGetString(element, out text) && text.Length <= maximumLength;

        private static bool Nothing(out double value)
        {
            value = 0;
            return false;
        }
    }
}
