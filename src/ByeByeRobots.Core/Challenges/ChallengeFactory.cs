using System.Buffers.Text;
using System.Security.Cryptography;
using ByeByeRobots.Core.Sites;

namespace ByeByeRobots.Core.Challenges;

/// <summary>Creates challenges with identifiers and salts from the operating system's CSPRNG.</summary>
public static class ChallengeFactory
{
    public const int IdBytes = 16;
    public const int SaltBytes = 16;

    public static Challenge Create(SitePolicy site, string action, string hostname, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(site);
        return New(site.SiteKey, action, hostname, site.Difficulty, site.Puzzles, Timestamps.ToWholeSeconds(now + lifetime), firstScore: null);
    }

    /// <summary>The harder challenge of a step-up verdict; it remembers the first score.</summary>
    public static Challenge CreateStepUp(SitePolicy site, Challenge first, double firstScore, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(first);
        return New(first.SiteKey, first.Action, first.Hostname, site.StepUpDifficulty, site.Puzzles, Timestamps.ToWholeSeconds(now + lifetime), firstScore);
    }

    private static Challenge New(string siteKey, string action, string hostname, int difficulty, int puzzles, DateTimeOffset expiresAt, double? firstScore)
    {
        Span<byte> id = stackalloc byte[IdBytes];
        RandomNumberGenerator.Fill(id);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new Challenge(Base64Url.EncodeToString(id), siteKey, action, hostname, salt, difficulty, puzzles, expiresAt, firstScore);
    }
}
