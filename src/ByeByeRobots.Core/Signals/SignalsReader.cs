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
/// Reads and bounds the <c>signals</c> member of a verify request in one pass over its UTF-8
/// bytes (<see cref="Utf8JsonReader"/>): each number is parsed once, into pooled buffers that
/// grow to the protocol's bound at most, validated as it is read. Never throws on semantic input:
/// every refusal comes back as a <see cref="SignalsError"/> and a detail a widget developer can
/// act on (syntax errors of the body are the caller's, as <see cref="JsonException"/>). Unknown
/// members are ignored (protocol: never an error); a member given twice is read twice and the
/// last one counts, as <see cref="JsonDocument"/> would have it.
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
    private const int MaximumProbes = 64;

    /// <summary>Reads signals already parsed (tools, tests); the service reads the body's bytes with <see cref="Read(ref Utf8JsonReader, out InteractionSignals?, out string)"/>.</summary>
    public static SignalsError TryRead(JsonElement element, out InteractionSignals? signals, out string detail) =>
        TryRead(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element), out signals, out detail);

    /// <summary>Reads one JSON value holding the signals; malformed JSON is <see cref="SignalsError.Invalid"/>.</summary>
    public static SignalsError TryRead(ReadOnlySpan<byte> json, out InteractionSignals? signals, out string detail)
    {
        var reader = new Utf8JsonReader(json, Utf8Json.Options);
        try
        {
            Utf8Json.Next(ref reader);
            var error = Read(ref reader, out signals, out detail);
            if (reader.Read())
            {
                signals = null;
                detail = "signals must be one JSON value.";
                return SignalsError.Invalid;
            }

            return error;
        }
        catch (JsonException exception)
        {
            signals = null;
            detail = "signals is not valid JSON: " + exception.Message;
            return SignalsError.Invalid;
        }
    }

    /// <summary>
    /// Reads the value the reader is on and leaves the reader on its last token, whatever the
    /// outcome: after a refusal the rest of the value is still read (and its syntax checked), so the
    /// caller goes on with the body. Throws <see cref="JsonException"/> on a syntax error only.
    /// </summary>
    public static SignalsError Read(ref Utf8JsonReader json, out InteractionSignals? signals, out string detail)
    {
        var reader = new Reader();
        var depth = json.CurrentDepth;
        var container = json.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray;
        signals = reader.Read(ref json);
        if (signals is null && container)
        {
            Utf8Json.SkipValue(ref json);
            Utf8Json.SkipToEnd(ref json, depth);
        }

        detail = reader.Detail;
        return signals is null ? reader.Error : SignalsError.None;
    }

    private sealed class Reader
    {
        private const int V = 1, T = 2, Env = 4;

        public SignalsError Error { get; private set; } = SignalsError.Invalid;

        public string Detail { get; private set; } = "";

        public InteractionSignals? Read(ref Utf8JsonReader json)
        {
            if (json.TokenType != JsonTokenType.StartObject)
            {
                // Not a container: nothing to skip. A container: the caller skips it.
                return Fail("signals must be a JSON object.");
            }

            var seen = 0;
            double total = 0;
            long untrusted = 0;
            PointerSample[] mouse = [], touch = [];
            TimedCode[] keys = [], focus = [];
            ScrollSample[] scroll = [];
            BrowserEnvironment? env = null;
            while (true)
            {
                Utf8Json.Next(ref json);
                if (json.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                if (json.ValueTextEquals("v"u8))
                {
                    Utf8Json.Next(ref json);
                    if (!IsInteger(ref json, out var v) || v != InteractionSignals.Version)
                    {
                        return Fail("signals.v must be 1.");
                    }

                    seen |= V;
                }
                else if (json.ValueTextEquals("t"u8))
                {
                    Utf8Json.Next(ref json);
                    if (!TryTime(ref json, out total))
                    {
                        return Fail($"signals.t must be a number of milliseconds in [0, {MaximumTime}].");
                    }

                    seen |= T;
                }
                else if (json.ValueTextEquals("mouse"u8))
                {
                    if (!TryPointers(ref json, "mouse", out mouse))
                    {
                        return null;
                    }
                }
                else if (json.ValueTextEquals("touch"u8))
                {
                    if (!TryPointers(ref json, "touch", out touch))
                    {
                        return null;
                    }
                }
                else if (json.ValueTextEquals("keys"u8))
                {
                    if (!TryCodes(ref json, "keys", InteractionSignals.KeyKind.Down, InteractionSignals.KeyKind.Up, out keys))
                    {
                        return null;
                    }
                }
                else if (json.ValueTextEquals("focus"u8))
                {
                    if (!TryCodes(ref json, "focus", InteractionSignals.FocusKind.FieldFocus, InteractionSignals.FocusKind.PageVisible, out focus))
                    {
                        return null;
                    }
                }
                else if (json.ValueTextEquals("scroll"u8))
                {
                    if (!TryScroll(ref json, out scroll))
                    {
                        return null;
                    }
                }
                else if (json.ValueTextEquals("untrusted"u8))
                {
                    Utf8Json.Next(ref json);
                    if (!IsInteger(ref json, out untrusted) || untrusted is < 0 or > MaximumUntrusted)
                    {
                        return Fail($"signals.untrusted must be an integer in [0, {MaximumUntrusted}].");
                    }
                }
                else if (json.ValueTextEquals("env"u8))
                {
                    Utf8Json.Next(ref json);
                    if (!TryEnvironment(ref json, out env))
                    {
                        return Detail.Length > 0 ? null : Fail("signals.env is required: webdriver, languages, timezone, screen, viewport, touchPoints, ua.");
                    }

                    seen |= Env;
                }
                else
                {
                    Utf8Json.Next(ref json);
                    Utf8Json.SkipValue(ref json);
                }
            }

            if ((seen & V) == 0)
            {
                return Fail("signals.v must be 1.");
            }

            if ((seen & T) == 0)
            {
                return Fail($"signals.t must be a number of milliseconds in [0, {MaximumTime}].");
            }

            if ((seen & Env) == 0)
            {
                return Fail("signals.env is required: webdriver, languages, timezone, screen, viewport, touchPoints, ua.");
            }

            return new InteractionSignals(total, mouse, touch, keys, scroll, focus, (int)untrusted, env!);
        }

        private InteractionSignals? Fail(string detail, SignalsError error = SignalsError.Invalid)
        {
            Error = error;
            Detail = detail;
            return null;
        }

        /// <summary>
        /// Moves onto the member's value: true with <paramref name="present"/> for an array (the
        /// reader on its start), true without for null (no events), false (refused) otherwise.
        /// </summary>
        private bool TryStartArray(ref Utf8JsonReader json, string name, string shape, out bool present)
        {
            Utf8Json.Next(ref json);
            present = json.TokenType == JsonTokenType.StartArray;
            if (present || json.TokenType == JsonTokenType.Null)
            {
                return true;
            }

            Fail($"signals.{name} must be an array of [{shape}] events.");
            return false;
        }

        /// <summary>
        /// Reads the next item's opening and its time: false (refused) when the item is not an array
        /// of numbers starting with a time; <paramref name="end"/> when the array ended instead.
        /// </summary>
        private bool TryStartItem(ref Utf8JsonReader json, string name, int index, int width, out double time, out bool end)
        {
            time = 0;
            Utf8Json.Next(ref json);
            end = json.TokenType == JsonTokenType.EndArray;
            if (end)
            {
                return true;
            }

            if (index >= InteractionSignals.MaximumEventsPerArray)
            {
                // Counted to the end, for a detail that says how many were sent.
                var count = index;
                while (json.TokenType != JsonTokenType.EndArray)
                {
                    Utf8Json.SkipValue(ref json);
                    count++;
                    Utf8Json.Next(ref json);
                }

                Fail($"signals.{name} holds {count} events; at most {InteractionSignals.MaximumEventsPerArray} are accepted.", SignalsError.TooLarge);
                return false;
            }

            if (json.TokenType != JsonTokenType.StartArray)
            {
                Fail($"signals.{name}[{index}] must be an array of {width} numbers.");
                return false;
            }

            Utf8Json.Next(ref json);
            if (json.TokenType == JsonTokenType.EndArray)
            {
                Fail($"signals.{name}[{index}] must be an array of {width} numbers.");
                return false;
            }

            if (!TryTime(ref json, out time))
            {
                Fail($"signals.{name}[{index}][0] must be a time in [0, {MaximumTime}] ms.");
                return false;
            }

            return true;
        }

        /// <summary>The next element of an item: false (refused, as a short item) when the item ended.</summary>
        private bool TryElement(ref Utf8JsonReader json, string name, int index, int width)
        {
            Utf8Json.Next(ref json);
            if (json.TokenType == JsonTokenType.EndArray)
            {
                Fail($"signals.{name}[{index}] must be an array of {width} numbers.");
                return false;
            }

            return true;
        }

        /// <summary>The item's end: false (refused, as a long item) when more elements follow.</summary>
        private bool TryEndItem(ref Utf8JsonReader json, string name, int index, int width)
        {
            Utf8Json.Next(ref json);
            if (json.TokenType != JsonTokenType.EndArray)
            {
                Fail($"signals.{name}[{index}] must be an array of {width} numbers.");
                return false;
            }

            return true;
        }

        private bool TryPointers(ref Utf8JsonReader json, string name, out PointerSample[] samples)
        {
            samples = [];
            if (!TryStartArray(ref json, name, "t, x, y, k", out var present) || !present)
            {
                return !present && Detail.Length == 0;
            }

            var buffer = new PooledBuffer<PointerSample>();
            try
            {
                for (var i = 0; ; i++)
                {
                    if (!TryStartItem(ref json, name, i, 4, out var t, out var end))
                    {
                        return false;
                    }

                    if (end)
                    {
                        samples = buffer.ToArray();
                        return true;
                    }

                    if (!TryElement(ref json, name, i, 4) || !TryCoordinate(ref json, MaximumCoordinate, out var x)
                        || !TryElement(ref json, name, i, 4) || !TryCoordinate(ref json, MaximumCoordinate, out var y))
                    {
                        return Detail.Length > 0 ? false : FailFalse($"signals.{name}[{i}] x and y must be numbers in [-{MaximumCoordinate}, {MaximumCoordinate}].");
                    }

                    if (!TryElement(ref json, name, i, 4))
                    {
                        return false;
                    }

                    if (!IsInteger(ref json, out var k) || k is < 0 or > 2)
                    {
                        return FailFalse($"signals.{name}[{i}][3] must be 0, 1 or 2.");
                    }

                    if (!TryEndItem(ref json, name, i, 4))
                    {
                        return false;
                    }

                    buffer.Add(new PointerSample(t, x, y, (byte)k));
                }
            }
            finally
            {
                buffer.Dispose();
            }
        }

        private bool TryCodes(ref Utf8JsonReader json, string name, byte lowest, byte highest, out TimedCode[] codes)
        {
            codes = [];
            if (!TryStartArray(ref json, name, "t, k", out var present) || !present)
            {
                return !present && Detail.Length == 0;
            }

            var buffer = new PooledBuffer<TimedCode>();
            try
            {
                for (var i = 0; ; i++)
                {
                    if (!TryStartItem(ref json, name, i, 2, out var t, out var end))
                    {
                        return false;
                    }

                    if (end)
                    {
                        codes = buffer.ToArray();
                        return true;
                    }

                    if (!TryElement(ref json, name, i, 2))
                    {
                        return false;
                    }

                    if (!IsInteger(ref json, out var k) || k < lowest || k > highest)
                    {
                        return FailFalse($"signals.{name}[{i}][1] must be one of {Kinds(lowest, highest)}.");
                    }

                    if (!TryEndItem(ref json, name, i, 2))
                    {
                        return false;
                    }

                    buffer.Add(new TimedCode(t, (byte)k));
                }
            }
            finally
            {
                buffer.Dispose();
            }
        }

        private bool TryScroll(ref Utf8JsonReader json, out ScrollSample[] samples)
        {
            samples = [];
            if (!TryStartArray(ref json, "scroll", "t, y", out var present) || !present)
            {
                return !present && Detail.Length == 0;
            }

            var buffer = new PooledBuffer<ScrollSample>();
            try
            {
                for (var i = 0; ; i++)
                {
                    if (!TryStartItem(ref json, "scroll", i, 2, out var t, out var end))
                    {
                        return false;
                    }

                    if (end)
                    {
                        samples = buffer.ToArray();
                        return true;
                    }

                    if (!TryElement(ref json, "scroll", i, 2))
                    {
                        return false;
                    }

                    if (!TryCoordinate(ref json, MaximumScroll, out var y))
                    {
                        return FailFalse($"signals.scroll[{i}][1] must be a number in [-{MaximumScroll}, {MaximumScroll}].");
                    }

                    if (!TryEndItem(ref json, "scroll", i, 2))
                    {
                        return false;
                    }

                    buffer.Add(new ScrollSample(t, y));
                }
            }
            finally
            {
                buffer.Dispose();
            }
        }

        private bool TryEnvironment(ref Utf8JsonReader json, out BrowserEnvironment? environment)
        {
            environment = null;
            if (json.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            bool? webdriver = null;
            List<string>? languages = null;
            string? timezone = null, ua = null;
            (int Width, int Height, double Ratio)? screen = null;
            (int Width, int Height)? viewport = null;
            long? touchPoints = null;
            var probes = ProbeValues.None;
            while (true)
            {
                Utf8Json.Next(ref json);
                if (json.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                if (json.ValueTextEquals("webdriver"u8))
                {
                    Utf8Json.Next(ref json);
                    if (json.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                    {
                        return FailFalse("signals.env.webdriver must be true or false.");
                    }

                    webdriver = json.TokenType == JsonTokenType.True;
                }
                else if (json.ValueTextEquals("languages"u8))
                {
                    Utf8Json.Next(ref json);
                    if (!TryLanguages(ref json, out languages))
                    {
                        return false;
                    }
                }
                else if (json.ValueTextEquals("timezone"u8))
                {
                    Utf8Json.Next(ref json);
                    if (!TryText(ref json, MaximumShortText, out var text))
                    {
                        return FailFalse($"signals.env.timezone must be a string of at most {MaximumShortText} characters.");
                    }

                    timezone = text;
                }
                else if (json.ValueTextEquals("screen"u8))
                {
                    Utf8Json.Next(ref json);
                    if (!TryScreen(ref json, out var value))
                    {
                        return FailFalse("signals.env.screen must be [width, height, devicePixelRatio].");
                    }

                    screen = value;
                }
                else if (json.ValueTextEquals("viewport"u8))
                {
                    Utf8Json.Next(ref json);
                    if (!TryViewport(ref json, out var value))
                    {
                        return FailFalse("signals.env.viewport must be [width, height].");
                    }

                    viewport = value;
                }
                else if (json.ValueTextEquals("touchPoints"u8))
                {
                    Utf8Json.Next(ref json);
                    if (!IsInteger(ref json, out var value) || value is < 0 or > 256)
                    {
                        return FailFalse("signals.env.touchPoints must be an integer in [0, 256].");
                    }

                    touchPoints = value;
                }
                else if (json.ValueTextEquals("ua"u8))
                {
                    Utf8Json.Next(ref json);
                    if (!TryText(ref json, MaximumUserAgent, out var text))
                    {
                        return FailFalse($"signals.env.ua must be a string of at most {MaximumUserAgent} characters.");
                    }

                    ua = text;
                }
                else if (json.ValueTextEquals("probes"u8))
                {
                    Utf8Json.Next(ref json);
                    if (!TryProbes(ref json, out probes))
                    {
                        return false;
                    }
                }
                else
                {
                    // More may be sent (protocol section 5); unknown members are ignored.
                    Utf8Json.Next(ref json);
                    Utf8Json.SkipValue(ref json);
                }
            }

            // A member that is missing gets its own detail, in the order the protocol lists them.
            if (webdriver is null)
            {
                return FailFalse("signals.env.webdriver must be true or false.");
            }

            if (languages is null)
            {
                return FailFalse($"signals.env.languages must be an array of at most {MaximumLanguages} strings.");
            }

            if (timezone is null)
            {
                return FailFalse($"signals.env.timezone must be a string of at most {MaximumShortText} characters.");
            }

            if (screen is not { } s)
            {
                return FailFalse("signals.env.screen must be [width, height, devicePixelRatio].");
            }

            if (viewport is not { } v)
            {
                return FailFalse("signals.env.viewport must be [width, height].");
            }

            if (touchPoints is not { } points)
            {
                return FailFalse("signals.env.touchPoints must be an integer in [0, 256].");
            }

            if (ua is null)
            {
                return FailFalse($"signals.env.ua must be a string of at most {MaximumUserAgent} characters.");
            }

            environment = new BrowserEnvironment(webdriver.Value, languages, timezone, s.Width, s.Height, s.Ratio, v.Width, v.Height, (int)points, ua) { Probes = probes };
            return true;
        }

        /// <summary>
        /// <c>env.probes</c>: an object of at most <see cref="MaximumProbes"/> members, each a boolean or an
        /// integer in [0, 255]. Names the registry does not know are skipped (a newer widget's); a member
        /// of another type is refused, whatever its name.
        /// </summary>
        private bool TryProbes(ref Utf8JsonReader json, out ProbeValues probes)
        {
            probes = ProbeValues.None;
            var detail = $"signals.env.probes must be an object of at most {MaximumProbes} members, each true, false or an integer in [0, 255].";
            if (json.TokenType != JsonTokenType.StartObject)
            {
                return FailFalse(detail);
            }

            byte[]? values = null;
            var members = 0;
            while (true)
            {
                Utf8Json.Next(ref json);
                if (json.TokenType == JsonTokenType.EndObject)
                {
                    if (values is not null)
                    {
                        probes = new ProbeValues(values);
                    }

                    return true;
                }

                if (++members > MaximumProbes)
                {
                    return FailFalse(detail);
                }

                // Names are text here: Utf8Json.Next refused any other.
                var index = json.ValueIsEscaped ? ProbeRegistry.IndexOf(json.GetString()!) : ProbeRegistry.IndexOf(json.ValueSpan);
                Utf8Json.Next(ref json);
                byte value;
                if (json.TokenType is JsonTokenType.True or JsonTokenType.False)
                {
                    value = json.TokenType == JsonTokenType.True ? (byte)1 : (byte)0;
                }
                else if (IsInteger(ref json, out var number) && number is >= 0 and <= byte.MaxValue)
                {
                    value = (byte)number;
                }
                else
                {
                    return FailFalse(detail);
                }

                if (index >= 0)
                {
                    values ??= new byte[ProbeRegistry.All.Count];
                    values[index] = value;
                }
            }
        }

        private bool TryLanguages(ref Utf8JsonReader json, out List<string>? languages)
        {
            languages = null;
            var detail = $"signals.env.languages must be an array of at most {MaximumLanguages} strings.";
            if (json.TokenType != JsonTokenType.StartArray)
            {
                return FailFalse(detail);
            }

            var list = new List<string>(4);
            while (true)
            {
                Utf8Json.Next(ref json);
                if (json.TokenType == JsonTokenType.EndArray)
                {
                    languages = list;
                    return true;
                }

                if (list.Count == MaximumLanguages)
                {
                    return FailFalse(detail);
                }

                if (!TryText(ref json, MaximumShortText, out var text))
                {
                    return FailFalse($"signals.env.languages must hold strings of at most {MaximumShortText} characters.");
                }

                list.Add(text);
            }
        }

        private static bool TryScreen(ref Utf8JsonReader json, out (int Width, int Height, double Ratio) screen)
        {
            screen = default;
            if (json.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }

            Utf8Json.Next(ref json);
            if (!TryCoordinate(ref json, MaximumCoordinate, out var width) || width < 0)
            {
                return false;
            }

            Utf8Json.Next(ref json);
            if (!TryCoordinate(ref json, MaximumCoordinate, out var height) || height < 0)
            {
                return false;
            }

            Utf8Json.Next(ref json);
            if (json.TokenType != JsonTokenType.Number || !json.TryGetDouble(out var ratio) || !double.IsFinite(ratio) || ratio is <= 0 or > 16)
            {
                return false;
            }

            Utf8Json.Next(ref json);
            screen = (width, height, ratio);
            return json.TokenType == JsonTokenType.EndArray;
        }

        private static bool TryViewport(ref Utf8JsonReader json, out (int Width, int Height) viewport)
        {
            viewport = default;
            if (json.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }

            Utf8Json.Next(ref json);
            if (!TryCoordinate(ref json, MaximumCoordinate, out var width) || width < 0)
            {
                return false;
            }

            Utf8Json.Next(ref json);
            if (!TryCoordinate(ref json, MaximumCoordinate, out var height) || height < 0)
            {
                return false;
            }

            Utf8Json.Next(ref json);
            viewport = (width, height);
            return json.TokenType == JsonTokenType.EndArray;
        }

        private bool FailFalse(string detail)
        {
            Fail(detail);
            return false;
        }

        private static string Kinds(byte lowest, byte highest) => string.Join(", ", Enumerable.Range(lowest, highest - lowest + 1));

        private static bool TryTime(ref Utf8JsonReader json, out double value)
        {
            value = 0;
            return Utf8Json.TryGetNumber(ref json, out value) && double.IsFinite(value) && value is >= 0 and <= MaximumTime;
        }

        /// <summary>Coordinates are integer CSS pixels; fractional ones (high-DPI pointers) are rounded.</summary>
        private static bool TryCoordinate(ref Utf8JsonReader json, int limit, out int value)
        {
            value = 0;
            if (!Utf8Json.TryGetNumber(ref json, out var number) || !double.IsFinite(number) || Math.Abs(number) > limit)
            {
                return false;
            }

            value = (int)Math.Round(number);
            return true;
        }

        private static bool IsInteger(ref Utf8JsonReader json, out long value)
        {
            value = 0;
            return json.TokenType == JsonTokenType.Number && json.TryGetInt64(out value);
        }

        private static bool TryText(ref Utf8JsonReader json, int maximumLength, out string text) =>
            Utf8Json.TryGetString(ref json, out text) && text.Length <= maximumLength;
    }

    /// <summary>A list on pooled arrays: grows by doubling up to the protocol's bound, returned on dispose.</summary>
    private struct PooledBuffer<T>() : IDisposable
    {
        private T[] _items = System.Buffers.ArrayPool<T>.Shared.Rent(64);
        private int _count;

        public void Add(T item)
        {
            if (_count == _items.Length)
            {
                var larger = System.Buffers.ArrayPool<T>.Shared.Rent(_items.Length * 2);
                _items.AsSpan(0, _count).CopyTo(larger);
                System.Buffers.ArrayPool<T>.Shared.Return(_items);
                _items = larger;
            }

            _items[_count++] = item;
        }

        public readonly T[] ToArray() => _items.AsSpan(0, _count).ToArray();

        public void Dispose()
        {
            System.Buffers.ArrayPool<T>.Shared.Return(_items);
            _items = [];
        }
    }
}
