using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ByeByeRobots.Core.Tests;

public class Utf8JsonTests
{
    [Fact]
    public void TryGetNumber_GivesExactlyWhatTheGeneralParserGives()
    {
        // Times with one or several decimals, coordinates, negatives, leading zeros, exponents,
        // 15 and 16 digits (the fast path's edge), the values a forged body may hold.
        var random = new Random(7);
        var texts = new List<string> { "0", "-0", "0.0", "1e3", "1E-2", "-1.5e10", "123456789012345", "1234567890123456", "0.000000000000001", "9007199254740993", "86400000", "1e309" };
        for (var i = 0; i < 20_000; i++)
        {
            var value = random.Next(4) switch
            {
                0 => Math.Round(random.NextDouble() * 86_400_000, random.Next(0, 4)),
                1 => random.Next(-100_000, 100_000),
                2 => random.NextDouble() * Math.Pow(10, random.Next(-5, 15)),
                _ => BitConverter.Int64BitsToDouble(random.NextInt64()),
            };
            texts.Add(value.ToString(random.Next(2) == 0 ? "R" : "F" + random.Next(0, 6), CultureInfo.InvariantCulture));
        }

        foreach (var text in texts)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var reader = new Utf8JsonReader(bytes);
            if (!TryRead(ref reader))
            {
                continue; // Not a JSON number (NaN, Infinity, "1E+300" is one, kept).
            }

            var expected = reader.TryGetDouble(out var general);
            Utf8Json.TryGetNumber(ref reader, out var fast).Should().Be(expected, text);
            if (expected)
            {
                BitConverter.DoubleToInt64Bits(fast).Should().Be(BitConverter.DoubleToInt64Bits(general), text);
            }
        }
    }

    private static bool TryRead(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.Number;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
