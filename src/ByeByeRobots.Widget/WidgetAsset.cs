using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace ByeByeRobots.Widget;

/// <summary>One file a page downloads from the service, in every encoding it is served in.</summary>
public sealed class WidgetAsset
{
    internal WidgetAsset(string name, string extension, string contentType, string text)
    {
        Content = Encoding.UTF8.GetBytes(text);
        Hash = Convert.ToHexStringLower(SHA256.HashData(Content))[..12];
        FileName = $"{name}.{Hash}.{extension}";
        ContentType = contentType;
        ETag = $"\"{Hash}\"";
        Integrity = "sha384-" + Convert.ToBase64String(SHA384.HashData(Content));
        Gzip = Compress(Content, stream => new GZipStream(stream, CompressionLevel.SmallestSize));
        Brotli = Compress(Content, stream => new BrotliStream(stream, CompressionLevel.SmallestSize));
    }

    /// <summary>The content-hashed name, e.g. <c>widget.3fa9c1d2e4b5.js</c>: immutable, cached for a year.</summary>
    public string FileName { get; }

    /// <summary>The first 12 hex digits of the content's SHA-256.</summary>
    public string Hash { get; }

    public string ContentType { get; }

    public string ETag { get; }

    /// <summary>The Subresource Integrity value of the uncompressed content.</summary>
    public string Integrity { get; }

    public byte[] Content { get; }

    public byte[] Gzip { get; }

    public byte[] Brotli { get; }

    private static byte[] Compress(byte[] content, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(content);
        }

        return output.ToArray();
    }
}
