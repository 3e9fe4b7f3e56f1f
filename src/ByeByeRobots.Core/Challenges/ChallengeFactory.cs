using System.Buffers.Text;
using System.Security.Cryptography;
using ByeByeRobots.Core.Sites;
using ByeByeRobots.Core.Verification;

namespace ByeByeRobots.Core.Challenges;

/// <summary>Creates challenges with identifiers and salts from the operating system's CSPRNG.</summary>
public static class ChallengeFactory
{
    public const int IdBytes = 16;
    public const int SaltBytes = 16;

    /// <summary>
    /// A first challenge at the site's difficulty plus <paramref name="extraBits"/> (adaptive cost
    /// under attack), in the site's algorithm, or in <c>sha256-lzb</c> at the same native cost when
    /// the browser cannot compute the site's (<paramref name="canUseSiteAlgorithm"/> false).
    /// </summary>
    public static Challenge Create(SitePolicy site, string action, string hostname, DateTimeOffset now, TimeSpan lifetime, int extraBits = 0, bool canUseSiteAlgorithm = true)
    {
        ArgumentNullException.ThrowIfNull(site);
        var cost = site.Pow.Difficulty + extraBits;
        var reasons = extraBits > 0 ? default(ReasonSet).With(ReasonCode.CostRaisedUnderAttack) : default;
        return New(site, site.SiteKey, action, hostname, cost, canUseSiteAlgorithm, Timestamps.ToWholeSeconds(now + lifetime), null, reasons, 0);
    }

    /// <summary>
    /// The harder challenge of a step-up verdict, in the first challenge's algorithm (the browser's
    /// ability is known from it); it remembers the chain's score and reasons.
    /// </summary>
    public static Challenge CreateStepUp(SitePolicy site, Challenge previous, Decision decision, DateTimeOffset now, TimeSpan lifetime, int extraBits = 0)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(decision);
        var reasons = extraBits > 0 ? decision.Reasons.With(ReasonCode.CostRaisedUnderAttack) : decision.Reasons;
        var canUseSiteAlgorithm = previous.Algorithm == site.Pow.Algorithm;
        return New(site, previous.SiteKey, previous.Action, previous.Hostname, decision.StepUpCost + extraBits, canUseSiteAlgorithm, Timestamps.ToWholeSeconds(now + lifetime), decision.Score, reasons, previous.StepUps + 1);
    }

    private static Challenge New(SitePolicy site, string siteKey, string action, string hostname, int cost, bool canUseSiteAlgorithm, DateTimeOffset expiresAt, double? firstScore, ReasonSet reasons, int stepUps)
    {
        // One draw for the id and the salt: each draw is a call into OpenSSL, which checks the
        // process id (a getpid syscall) before it hands out bytes.
        Span<byte> random = stackalloc byte[IdBytes + SaltBytes];
        RandomNumberGenerator.Fill(random);
        var id = random[..IdBytes];
        var salt = random[IdBytes..].ToArray();
        var (algorithm, difficulty, iterations) = site.Pow.ForCost(cost, canUseSiteAlgorithm);
        cost = Math.Min(cost, SiteConfigurationValidator.MaximumDifficulty);
        return new Challenge(Base64Url.EncodeToString(id), siteKey, action, hostname, salt, algorithm, difficulty, iterations, site.Pow.Puzzles, cost, expiresAt, firstScore, reasons, stepUps);
    }
}
