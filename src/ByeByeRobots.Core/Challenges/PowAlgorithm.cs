namespace ByeByeRobots.Core.Challenges;

/// <summary>The proof-of-work algorithms of protocol section 2.</summary>
public enum PowAlgorithm
{
    /// <summary>
    /// <c>pbkdf2-sha256-lzb</c>, the default: each attempt is one PBKDF2-HMAC-SHA256 derivation,
    /// which a browser computes through WebCrypto at native speed, so native code has no advantage.
    /// </summary>
    Pbkdf2Sha256Lzb,

    /// <summary>
    /// <c>sha256-lzb</c>: one SHA-256 per attempt, computed by the widget in JavaScript (several
    /// times slower than native code); for browsers without <c>crypto.subtle</c> (insecure contexts).
    /// </summary>
    Sha256Lzb,
}

/// <summary>Wire names of <see cref="PowAlgorithm"/>.</summary>
public static class PowAlgorithms
{
    public const string Pbkdf2Sha256LzbName = "pbkdf2-sha256-lzb";
    public const string Sha256LzbName = "sha256-lzb";

    public static string Name(this PowAlgorithm algorithm) => algorithm switch
    {
        PowAlgorithm.Pbkdf2Sha256Lzb => Pbkdf2Sha256LzbName,
        _ => Sha256LzbName,
    };

    public static bool TryParse(string? name, out PowAlgorithm algorithm)
    {
        switch (name)
        {
            case Pbkdf2Sha256LzbName:
                algorithm = PowAlgorithm.Pbkdf2Sha256Lzb;
                return true;
            case Sha256LzbName:
                algorithm = PowAlgorithm.Sha256Lzb;
                return true;
            default:
                algorithm = default;
                return false;
        }
    }
}
