using ByeByeRobots.Core.Challenges;

namespace ByeByeRobots.Core.Sites;

/// <summary>
/// A site's proof of work with every default resolved. Difficulties are in the site's algorithm's
/// terms; <see cref="FallbackExtraBits"/> is what a <c>sha256-lzb</c> challenge adds to them for a
/// browser without WebCrypto, so that native code pays about the same.
/// </summary>
public sealed record PowPolicy(
    PowAlgorithm Algorithm,
    int Difficulty,
    int Iterations,
    int StepUpDifficulty,
    int MaxStepUpDifficulty,
    int Puzzles)
{
    /// <summary>
    /// Bits a <c>sha256-lzb</c> fallback adds to a <c>pbkdf2-sha256-lzb</c> site's difficulties:
    /// an attempt of <c>c</c> PBKDF2 iterations is <c>2c</c> SHA-256 compressions, one
    /// <c>sha256-lzb</c> attempt is one, so about log2(2c) more bits cost native code the same.
    /// </summary>
    public int FallbackExtraBits => Algorithm == PowAlgorithm.Pbkdf2Sha256Lzb ? (int)Math.Ceiling(Math.Log2(2.0 * Iterations)) : 0;

    /// <summary>The algorithm, difficulty and iterations of a challenge of cost <paramref name="cost"/> for a browser that offers <paramref name="canUseSiteAlgorithm"/>.</summary>
    public (PowAlgorithm Algorithm, int Difficulty, int Iterations) ForCost(int cost, bool canUseSiteAlgorithm) =>
        canUseSiteAlgorithm || Algorithm == PowAlgorithm.Sha256Lzb
            ? (Algorithm, Math.Min(cost, SiteConfigurationValidator.MaximumDifficulty), Algorithm == PowAlgorithm.Pbkdf2Sha256Lzb ? Iterations : 0)
            : (PowAlgorithm.Sha256Lzb, Math.Min(cost + FallbackExtraBits, SiteConfigurationValidator.MaximumDifficulty), 0);
}

/// <summary>
/// The calibrated defaults (benchmarks/results/pow-calibration.md has the measurements and the method).
/// <c>pbkdf2-sha256-lzb</c>: 6 puzzles of 160 iterations, so a verify costs 960 iterations
/// (0.3-0.4 ms of one core here); a first challenge is 6 · 2^12 attempts, about a second of CPU
/// in desktop Chromium and more for .NET's native PBKDF2. <c>sha256-lzb</c>: at least the same native cost.
/// </summary>
public static class PowDefaults
{
    public const int Pbkdf2Difficulty = 12;
    public const int Pbkdf2Iterations = 160;
    public const int Sha256Difficulty = 21;
    public const int Puzzles = 6;

    /// <summary>Each unset step-up level is this many bits above the one before (four times the work).</summary>
    public const int StepUpBits = 2;

    public static PowPolicy Resolve(PowOptions options, PowAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(options);
        var difficulty = options.Difficulty ?? (algorithm == PowAlgorithm.Pbkdf2Sha256Lzb ? Pbkdf2Difficulty : Sha256Difficulty);
        var stepUp = options.StepUpDifficulty ?? difficulty + StepUpBits;
        return new PowPolicy(
            algorithm,
            difficulty,
            options.Iterations ?? Pbkdf2Iterations,
            stepUp,
            options.MaxStepUpDifficulty ?? stepUp + StepUpBits,
            options.Puzzles ?? Puzzles);
    }
}
