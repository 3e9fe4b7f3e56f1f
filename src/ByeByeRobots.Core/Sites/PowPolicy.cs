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
/// (0.34-0.45 ms of one core here); a first challenge is 6 · 2^12 attempts of 160 iterations,
/// expected 1.4-1.8 s of CPU for .NET's native PBKDF2, and about the same for the work in
/// Chromium's WebCrypto. <c>sha256-lzb</c>: at least the same native cost (2.2 s with OpenSSL).
/// <c>PowDefaultsTests</c> keeps these above the floors the measurements give.
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
