using System.ComponentModel.DataAnnotations;

namespace ByeByeRobots.Core.Tokens;

/// <summary>Bound from <c>ByeByeRobots:Token</c>.</summary>
public sealed class TokenOptions
{
    public const string SectionName = "ByeByeRobots:Token";

    /// <summary>How long a token stays good for <c>/v1/siteverify</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// Key id → base64 key material (at least 32 bytes). Every key here verifies tokens;
    /// only <see cref="ActiveKeyId"/> issues them, so a key is rotated by adding the new key,
    /// making it active, and removing the old one after a token lifetime.
    /// </summary>
    public Dictionary<string, string> SigningKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The key that protects new tokens.</summary>
    public string ActiveKeyId { get; set; } = "";
}
