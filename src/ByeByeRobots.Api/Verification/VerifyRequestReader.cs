using System.Text.Json;
using ByeByeRobots.Api.Http;
using ByeByeRobots.Core;
using ByeByeRobots.Core.Challenges;
using ByeByeRobots.Core.Signals;
using ByeByeRobots.Core.Sites;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ByeByeRobots.Api.Verification;

/// <summary>
/// A verify body read once, front to back, with <see cref="Utf8JsonReader"/>: the challenge id, the
/// proof of work and the signals (read by <see cref="SignalsReader"/> as they come, with no
/// intermediate document). What each member is worth is decided here; what is refused, and in what
/// order, stays with the endpoint (protocol section 3: a challenge is consumed by its first verify,
/// whatever the signals hold, so a refusal of the signals is kept until the challenge is taken).
/// </summary>
internal sealed class VerifyRequestReader
{
    /// <summary>The challenge id, or null when absent, not a string or not text.</summary>
    public string? Id { get; private set; }

    /// <summary>The solution, or null when absent or not an array of at most the protocol's number of nonces.</summary>
    public ulong[]? Pow { get; private set; }

    public bool HasSignals { get; private set; }

    public SignalsError SignalsError { get; private set; } = SignalsError.Invalid;

    public InteractionSignals? Signals { get; private set; }

    public string SignalsDetail { get; private set; } = "";

    /// <summary>Reads the body; a body that is not one JSON object (or names a member with text that is not text) is <c>request-invalid</c>.</summary>
    public static VerifyRequestReader? TryRead(ReadOnlySpan<byte> body, out ProblemHttpResult? problem)
    {
        problem = null;
        var request = new VerifyRequestReader();
        var json = new Utf8JsonReader(body, Utf8Json.Options);
        try
        {
            if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
            {
                problem = Problems.Error(ErrorCodes.RequestInvalid, json.TokenType == JsonTokenType.None ? "The body is empty: a JSON object is expected." : "The body must be a JSON object.");
                return null;
            }

            while (true)
            {
                Utf8Json.Next(ref json);
                if (json.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                if (json.ValueTextEquals("id"u8))
                {
                    Utf8Json.Next(ref json);
                    request.Id = Utf8Json.TryGetString(ref json, out var id) ? id : null;
                    Utf8Json.SkipValue(ref json);
                }
                else if (json.ValueTextEquals("pow"u8))
                {
                    Utf8Json.Next(ref json);
                    request.Pow = ReadSolution(ref json);
                }
                else if (json.ValueTextEquals("signals"u8))
                {
                    Utf8Json.Next(ref json);
                    request.HasSignals = true;
                    request.SignalsError = SignalsReader.Read(ref json, out var signals, out var detail);
                    request.Signals = signals;
                    request.SignalsDetail = detail;
                }
                else
                {
                    Utf8Json.Next(ref json);
                    Utf8Json.SkipValue(ref json);
                }
            }

            if (json.Read())
            {
                problem = Problems.Error(ErrorCodes.RequestInvalid, "The body must be one JSON object, with nothing after it.");
                return null;
            }
        }
        catch (Utf8Json.InvalidNameException exception)
        {
            problem = Problems.Error(ErrorCodes.RequestInvalid, exception.Message);
            return null;
        }
        catch (JsonException exception)
        {
            problem = Problems.Error(ErrorCodes.RequestInvalid, $"The body is not valid JSON: {exception.Message}");
            return null;
        }

        return request;
    }

    /// <summary>The nonces as unsigned integers, or null; the reader ends on the value's last token either way.</summary>
    private static ulong[]? ReadSolution(ref Utf8JsonReader json)
    {
        if (json.TokenType != JsonTokenType.StartArray)
        {
            Utf8Json.SkipValue(ref json);
            return null;
        }

        Span<ulong> nonces = stackalloc ulong[SiteConfigurationValidator.MaximumPuzzles];
        var count = 0;
        var valid = true;
        while (true)
        {
            Utf8Json.Next(ref json);
            if (json.TokenType == JsonTokenType.EndArray)
            {
                return valid ? nonces[..count].ToArray() : null;
            }

            if (!valid || count == nonces.Length || json.TokenType != JsonTokenType.Number || !json.TryGetUInt64(out var nonce) || nonce > ProofOfWork.MaximumNonce)
            {
                valid = false;
                Utf8Json.SkipValue(ref json);
                continue;
            }

            nonces[count++] = nonce;
        }
    }
}
