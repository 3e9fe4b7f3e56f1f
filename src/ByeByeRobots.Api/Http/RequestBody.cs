using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ByeByeRobots.Api.Http;

/// <summary>
/// Reads a request body up to a limit, without trusting Content-Length and without letting a
/// large or endless body reach the parser. The content type is not required: the widget may
/// send <c>text/plain</c> to spare the browser a CORS preflight.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private byte[]? _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    public static async Task<(RequestBody? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, int maximumBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maximumBytes)
        {
            return (null, TooLarge(maximumBytes));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maximumBytes + 1, (int)(request.ContentLength ?? 4096) + 1));
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length > maximumBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, TooLarge(maximumBytes));
                }

                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maximumBytes + 1));
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (length > maximumBytes)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return (null, TooLarge(maximumBytes));
            }
        }

        return (new RequestBody(buffer, length), null);
    }

    /// <summary>Parses the body as one JSON object; anything else is <c>request-invalid</c>.</summary>
    public bool TryParseObject(out JsonDocument document, out ProblemHttpResult? problem)
    {
        document = null!;
        problem = null;
        try
        {
            document = JsonDocument.Parse(Memory, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException exception)
        {
            problem = Problems.Error(ErrorCodes.RequestInvalid, $"The body is not valid JSON: {exception.Message}");
            return false;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            problem = Problems.Error(ErrorCodes.RequestInvalid, "The body must be a JSON object.");
            return false;
        }

        // The parser accepts escapes that are not text (a lone surrogate, "\ud800"); reading such
        // a property name later throws. (Values are read with JsonText, which refuses them with
        // the field's own error.) Only a body with an escape can hold one: check it now.
        if (Memory.Span.IndexOf("\\u"u8) >= 0 && !HasTextNames(document.RootElement))
        {
            document.Dispose();
            problem = Problems.Error(ErrorCodes.RequestInvalid, "A property name holds a \\u escape that is not Unicode text (a lone surrogate).");
            return false;
        }

        return true;
    }

    private static bool HasTextNames(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        if (!HasTextNames(property.Value))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        if (!HasTextNames(item))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    /// <summary>A 413, as protocol revision 2 says of a body over the limit.</summary>
    private static ProblemHttpResult TooLarge(int maximumBytes) =>
        Problems.Error(ErrorCodes.PayloadTooLarge, $"The body is larger than {maximumBytes / 1024} KiB.", StatusCodes.Status413PayloadTooLarge);
}
