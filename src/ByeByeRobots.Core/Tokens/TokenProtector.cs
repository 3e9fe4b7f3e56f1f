using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ByeByeRobots.Core.Verification;

namespace ByeByeRobots.Core.Tokens;

/// <summary>
/// Seals <see cref="TokenClaims"/> into <c>v2.&lt;keyId&gt;.&lt;base64url(nonce ‖ ciphertext ‖ tag)&gt;</c>
/// with AES-256-GCM. The tag authenticates the claims and the header (any change is
/// rejected), and the encryption keeps the score from the browser, which must never see it.
/// </summary>
public sealed class TokenProtector
{
    public const int MaximumTokenLength = 2048;
    private const string Version = "v2";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int IdBytes = 16;
    private const int MaximumTextBytes = 255;

    /// <summary>id, issued, expires (ms), score (1/10,000), stepped-up flag, reasons (bits), store epoch; then three texts.</summary>
    private const int HeaderBytes = IdBytes + 8 + 8 + 2 + 1 + 8 + 4;

    private volatile TokenKeyRing _keys;

    public TokenProtector(TokenKeyRing keys) => _keys = keys ?? throw new ArgumentNullException(nameof(keys));

    /// <summary>The keys in force; replaced as a whole when the configuration changes.</summary>
    public TokenKeyRing Keys
    {
        get => _keys;
        set => _keys = value ?? throw new ArgumentNullException(nameof(value));
    }

    public string Protect(TokenClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var ring = _keys;
        var plaintext = Serialize(claims);
        var sealedBytes = new byte[NonceBytes + plaintext.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        var header = $"{Version}.{ring.ActiveKeyId}";
        using (var aes = new AesGcm(ring.ActiveKey, TagBytes))
        {
            aes.Encrypt(
                nonce,
                plaintext,
                sealedBytes.AsSpan(NonceBytes, plaintext.Length),
                sealedBytes.AsSpan(NonceBytes + plaintext.Length),
                Encoding.ASCII.GetBytes(header));
        }

        return header + "." + Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>Opens a token; false for anything not sealed by a key of the ring, whatever its shape.</summary>
    public bool TryUnprotect(string? token, out TokenClaims claims)
    {
        claims = null!;
        if (string.IsNullOrEmpty(token) || token.Length > MaximumTokenLength)
        {
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Version || !_keys.TryGetKey(parts[1], out var key))
        {
            return false;
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            return false;
        }

        if (sealedBytes.Length < NonceBytes + TagBytes + 1)
        {
            return false;
        }

        var cipherLength = sealedBytes.Length - NonceBytes - TagBytes;
        var plaintext = new byte[cipherLength];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(
                sealedBytes.AsSpan(0, NonceBytes),
                sealedBytes.AsSpan(NonceBytes, cipherLength),
                sealedBytes.AsSpan(NonceBytes + cipherLength),
                plaintext,
                Encoding.ASCII.GetBytes(Version + "." + parts[1]));
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        return TryDeserialize(plaintext, out claims);
    }

    private static byte[] Serialize(TokenClaims claims)
    {
        var id = Base64Url.DecodeFromChars(claims.Id);
        if (id.Length != IdBytes)
        {
            throw new ArgumentException("A token id is 16 bytes in base64url.", nameof(claims));
        }

        var site = Text(claims.SiteKey);
        var action = Text(claims.Action);
        var host = Text(claims.Hostname);
        var buffer = new byte[HeaderBytes + 3 + site.Length + action.Length + host.Length];
        var span = buffer.AsSpan();
        id.CopyTo(span);
        BinaryPrimitives.WriteInt64BigEndian(span[16..], claims.IssuedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64BigEndian(span[24..], claims.ExpiresAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt16BigEndian(span[32..], (ushort)Math.Round(Math.Clamp(claims.Score, 0, 1) * 10_000));
        span[34] = claims.SteppedUp ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt64BigEndian(span[35..], claims.Reasons.Bits);
        BinaryPrimitives.WriteUInt32BigEndian(span[43..], claims.Epoch);
        var offset = HeaderBytes;
        foreach (var text in (ReadOnlySpan<byte[]>)[site, action, host])
        {
            span[offset++] = (byte)text.Length;
            text.CopyTo(span[offset..]);
            offset += text.Length;
        }

        return buffer;
    }

    private static bool TryDeserialize(ReadOnlySpan<byte> data, out TokenClaims claims)
    {
        claims = null!;
        if (data.Length < HeaderBytes + 3 || data[34] > 1)
        {
            return false;
        }

        var id = Base64Url.EncodeToString(data[..IdBytes]);
        var issued = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(data[16..]));
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(data[24..]));
        var score = BinaryPrimitives.ReadUInt16BigEndian(data[32..]) / 10_000.0;
        var steppedUp = data[34] == 1;
        var reasons = new ReasonSet(BinaryPrimitives.ReadUInt64BigEndian(data[35..]));
        var epoch = BinaryPrimitives.ReadUInt32BigEndian(data[43..]);
        var rest = data[HeaderBytes..];
        if (!TryReadText(ref rest, out var site) || !TryReadText(ref rest, out var action) || !TryReadText(ref rest, out var host) || !rest.IsEmpty)
        {
            return false;
        }

        claims = new TokenClaims(id, site, action, host, score, issued, expires, steppedUp, reasons, epoch);
        return true;
    }

    private static bool TryReadText(ref ReadOnlySpan<byte> data, out string text)
    {
        text = "";
        if (data.IsEmpty || data.Length < 1 + data[0])
        {
            return false;
        }

        text = Encoding.UTF8.GetString(data.Slice(1, data[0]));
        data = data[(1 + data[0])..];
        return true;
    }

    private static byte[] Text(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return bytes.Length <= MaximumTextBytes ? bytes : throw new ArgumentException("Token texts are at most 255 bytes.", nameof(value));
    }
}
