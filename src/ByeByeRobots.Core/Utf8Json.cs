using System.Text.Json;

namespace ByeByeRobots.Core;

/// <summary>
/// What the one-pass readers of request bodies share over <see cref="Utf8JsonReader"/>: reading
/// strings without throwing, skipping a value while still checking it, and refusing property names
/// that are not text. Syntax errors surface as <see cref="JsonException"/> from the reader itself.
/// </summary>
public static class Utf8Json
{
    /// <summary>The depth a request body may reach (the objects of the protocol nest four deep).</summary>
    public const int MaximumDepth = 16;

    public static JsonReaderOptions Options { get; } = new() { MaxDepth = MaximumDepth };

    /// <summary>
    /// Reads the current string token without throwing: the reader accepts lone UTF-16 surrogate
    /// escapes (<c>"\udc00"</c>) and invalid UTF-8 inside strings that only
    /// <see cref="Utf8JsonReader.GetString"/> refuses, by throwing; that refusal becomes false here.
    /// </summary>
    public static bool TryGetString(ref Utf8JsonReader reader, out string value)
    {
        value = "";
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        try
        {
            value = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Refuses a property name that holds an escape which is not Unicode text (a lone surrogate).</summary>
    public static void CheckName(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return;
        }

        try
        {
            _ = reader.GetString();
        }
        catch (InvalidOperationException)
        {
            throw new InvalidNameException();
        }
    }

    /// <summary>Moves past the value the reader is on (its last token becomes current), checking every property name inside.</summary>
    public static void SkipValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            SkipToEnd(ref reader, reader.CurrentDepth);
        }
    }

    /// <summary>
    /// Reads on until the container that began at <paramref name="depth"/> ends (its end token
    /// becomes current), checking every property name on the way. The reader may be anywhere inside
    /// it, or on its end already.
    /// </summary>
    public static void SkipToEnd(ref Utf8JsonReader reader, int depth)
    {
        while (!(reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == depth))
        {
            Next(ref reader);
        }
    }

    /// <summary>
    /// The current number token as a double, the value <see cref="Utf8JsonReader.TryGetDouble"/>
    /// gives, faster for the numbers a widget sends (an integer or a decimal of at most 15 digits,
    /// no exponent): such a mantissa and its power of ten are exact doubles, so their quotient is
    /// the correctly rounded value (Clinger's fast path), the same the general parser finds.
    /// </summary>
    public static bool TryGetNumber(ref Utf8JsonReader reader, out double value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return false;
        }

        var text = reader.HasValueSequence ? default : reader.ValueSpan;
        var negative = text.Length > 0 && text[0] == (byte)'-';
        long mantissa = 0;
        int digits = 0, decimals = -1;
        for (var i = negative ? 1 : 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c - (uint)'0' <= 9)
            {
                mantissa = (mantissa * 10) + (c - '0');
                digits++;
                decimals += decimals >= 0 ? 1 : 0;
            }
            else if (c == (byte)'.' && decimals < 0)
            {
                decimals = 0;
            }
            else
            {
                digits = int.MaxValue; // an exponent: the general parser
                break;
            }
        }

        if (digits is 0 or > 15)
        {
            return reader.TryGetDouble(out value);
        }

        value = decimals > 0 ? mantissa / PowersOfTen[decimals] : mantissa;
        value = negative ? -value : value;
        return true;
    }

    private static readonly double[] PowersOfTen = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>The next token; the end of the input inside a value is a syntax error.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The JSON value is incomplete.");
        }

        if (reader.TokenType == JsonTokenType.PropertyName)
        {
            CheckName(ref reader);
        }
    }

    /// <summary>A property name that is not text: the body is refused as a whole, like a syntax error.</summary>
    public sealed class InvalidNameException : JsonException
    {
        public InvalidNameException()
            : base("A property name holds a \\u escape that is not Unicode text (a lone surrogate).")
        {
        }
    }
}
