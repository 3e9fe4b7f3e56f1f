using ByeByeRobots.Core.Challenges;
using ByeByeRobots.Core.Sites;

namespace ByeByeRobots.Core.Tests.Sites;

/// <summary>
/// The floors the calibration (benchmarks/results/pow-calibration.md) gives the defaults, so that
/// nobody lowers them without measuring again. Costs are counted in work, not time: the fastest
/// native figures measured on the development machine are 346 ns a PBKDF2-HMAC-SHA256 iteration
/// (.NET 10 / OpenSSL 3.0) and 174 ns a SHA-256 of 32 bytes (OpenSSL's <c>speed</c>).
/// </summary>
public sealed class PowDefaultsTests
{
    private const double FastestPbkdf2IterationSeconds = 346e-9;
    private const double FastestSha256Seconds = 174e-9;

    private static readonly PowPolicy Defaults = PowDefaults.Resolve(new PowOptions(), PowAlgorithm.Pbkdf2Sha256Lzb);

    [Fact]
    public void TheFirstChallenge_CostsNativeCode_AtLeastOneCpuSecond()
    {
        var seconds = ProofOfWork.ExpectedAttempts(Defaults.Difficulty, Defaults.Puzzles) * Defaults.Iterations * FastestPbkdf2IterationSeconds;

        seconds.Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public void TheSha256Fallback_CostsNativeCode_NoLessThanThePbkdf2Challenge()
    {
        var fallback = Defaults.ForCost(Defaults.Difficulty, canUseSiteAlgorithm: false);

        fallback.Algorithm.Should().Be(PowAlgorithm.Sha256Lzb);
        var seconds = ProofOfWork.ExpectedAttempts(fallback.Difficulty, Defaults.Puzzles) * FastestSha256Seconds;
        seconds.Should().BeGreaterThanOrEqualTo(1);
        // In compressions (two a PBKDF2 iteration, one a sha256-lzb attempt), whatever the code's speed.
        ProofOfWork.ExpectedAttempts(fallback.Difficulty, Defaults.Puzzles)
            .Should().BeGreaterThanOrEqualTo(ProofOfWork.ExpectedAttempts(Defaults.Difficulty, Defaults.Puzzles) * 2 * Defaults.Iterations);
    }

    [Fact]
    public void AVerify_CostsTheService_AtMostHalfAMillisecond()
    {
        // A right answer: every puzzle's one attempt, at .NET's speed measured here.
        (Defaults.Puzzles * Defaults.Iterations * FastestPbkdf2IterationSeconds).Should().BeLessThanOrEqualTo(0.5e-3);
    }

    [Fact]
    public void StepUps_CostSeveralTimesTheFirstChallenge_AndTheCostliestSeveralTimesMore()
    {
        (Defaults.StepUpDifficulty - Defaults.Difficulty).Should().BeGreaterThanOrEqualTo(2);
        (Defaults.MaxStepUpDifficulty - Defaults.StepUpDifficulty).Should().BeGreaterThanOrEqualTo(2);
    }
}
