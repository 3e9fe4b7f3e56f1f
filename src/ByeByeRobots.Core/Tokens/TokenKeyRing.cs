using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ByeByeRobots.Core.Tokens;

/// <summary>The token keys in force: several verify, one issues.</summary>
public sealed partial class TokenKeyRing
{
    public const int MinimumKeyBytes = 32;
    private static readonly byte[] DerivationInfo = Encoding.ASCII.GetBytes("ByeByeRobots token v1");

    private readonly FrozenDictionary<string, byte[]> _keys;

    private TokenKeyRing(FrozenDictionary<string, byte[]> keys, string activeKeyId)
    {
        _keys = keys;
        ActiveKeyId = activeKeyId;
        ActiveKey = keys[activeKeyId];
    }

    public string ActiveKeyId { get; }

    internal byte[] ActiveKey { get; }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,16}\z")]
    internal static partial Regex KeyIdRegex();

    internal bool TryGetKey(string keyId, out byte[] key) => _keys.TryGetValue(keyId, out key!);

    /// <summary>Builds the ring, or lists what is wrong with the configuration.</summary>
    public static IReadOnlyList<string> TryCreate(TokenOptions options, out TokenKeyRing? ring)
    {
        ArgumentNullException.ThrowIfNull(options);
        ring = null;
        var errors = new List<string>();
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, material) in options.SigningKeys)
        {
            var prefix = $"{TokenOptions.SectionName}:SigningKeys:{id}";
            if (!KeyIdRegex().IsMatch(id))
            {
                errors.Add($"{prefix}: a key id is 1 to 16 characters of A-Z, a-z, 0-9, '_' or '-'.");
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(material);
            }
            catch (FormatException)
            {
                errors.Add($"{prefix}: the key is not valid base64.");
                continue;
            }

            if (bytes.Length < MinimumKeyBytes)
            {
                errors.Add($"{prefix}: the key has {bytes.Length} bytes; at least {MinimumKeyBytes} are required (openssl rand -base64 32).");
                continue;
            }

            // Derive a dedicated AES-256 key so the configured secret is never used directly.
            keys[id] = HKDF.DeriveKey(HashAlgorithmName.SHA256, bytes, 32, salt: [], info: DerivationInfo);
        }

        if (options.SigningKeys.Count == 0)
        {
            errors.Add($"{TokenOptions.SectionName}:SigningKeys is empty: configure at least one key (openssl rand -base64 32) and {TokenOptions.SectionName}:ActiveKeyId.");
        }
        else if (!options.SigningKeys.ContainsKey(options.ActiveKeyId))
        {
            errors.Add($"{TokenOptions.SectionName}:ActiveKeyId '{options.ActiveKeyId}' does not name a key of {TokenOptions.SectionName}:SigningKeys.");
        }

        if (errors.Count == 0)
        {
            ring = new TokenKeyRing(keys.ToFrozenDictionary(StringComparer.Ordinal), options.ActiveKeyId);
        }

        return errors;
    }
}
