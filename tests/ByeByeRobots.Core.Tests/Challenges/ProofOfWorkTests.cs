using System.Buffers.Binary;
using System.Security.Cryptography;
using ByeByeRobots.Core.Challenges;

namespace ByeByeRobots.Core.Tests.Challenges;

public class ProofOfWorkTests
{
    private const int Iterations = 50;
    private static readonly byte[] Salt = Convert.FromHexString("00112233445566778899aabbccddeeff");

    public static TheoryData<PowAlgorithm> Algorithms => [PowAlgorithm.Pbkdf2Sha256Lzb, PowAlgorithm.Sha256Lzb];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_SolvedPuzzles_Accepts(PowAlgorithm algorithm)
    {
        var solution = ProofOfWork.Solve(algorithm, Salt, difficulty: 8, Iterations, puzzles: 4);

        ProofOfWork.Verify(algorithm, Salt, 8, Iterations, solution, 4).Should().BeTrue();
    }

    [Fact]
    public void Sha256Solution_MatchesTheProtocolDefinition()
    {
        // Recomputed by hand from protocol section 2, independently of ProofOfWork's own code.
        var solution = ProofOfWork.Solve(PowAlgorithm.Sha256Lzb, Salt, difficulty: 10, 0, puzzles: 3);
        for (var i = 0; i < solution.Length; i++)
        {
            var message = new byte[Salt.Length + 12];
            Salt.CopyTo(message, 0);
            BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(16), (uint)i);
            BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(20), solution[i]);
            var hash = SHA256.HashData(message);
            hash[0].Should().Be(0);
            (hash[1] & 0b1100_0000).Should().Be(0);
        }
    }

    [Fact]
    public void Pbkdf2Solution_MatchesTheProtocolDefinition()
    {
        // Protocol section 2: PBKDF2-HMAC-SHA256(password = salt, salt = uint32_be(i) ‖ uint64_be(n), c, 32 bytes),
        // recomputed here through HMAC itself (PBKDF2 with one output block: U1 ^ U2 ^ … ^ Uc).
        var solution = ProofOfWork.Solve(PowAlgorithm.Pbkdf2Sha256Lzb, Salt, difficulty: 9, Iterations, puzzles: 3);
        for (var i = 0; i < solution.Length; i++)
        {
            var block = new byte[16];
            BinaryPrimitives.WriteUInt32BigEndian(block, (uint)i);
            BinaryPrimitives.WriteUInt64BigEndian(block.AsSpan(4), solution[i]);
            BinaryPrimitives.WriteUInt32BigEndian(block.AsSpan(12), 1);
            var u = HMACSHA256.HashData(Salt, block);
            var output = (byte[])u.Clone();
            for (var c = 1; c < Iterations; c++)
            {
                u = HMACSHA256.HashData(Salt, u);
                for (var b = 0; b < output.Length; b++)
                {
                    output[b] ^= u[b];
                }
            }

            output[0].Should().Be(0);
            (output[1] & 0b1000_0000).Should().Be(0);
        }
    }

    [Fact]
    public void Pbkdf2_IterationsArePartOfTheProof()
    {
        var solution = ProofOfWork.Solve(PowAlgorithm.Pbkdf2Sha256Lzb, Salt, 10, Iterations, 4);

        ProofOfWork.Verify(PowAlgorithm.Pbkdf2Sha256Lzb, Salt, 10, Iterations + 1, solution, 4).Should().BeFalse();
        ProofOfWork.Verify(PowAlgorithm.Pbkdf2Sha256Lzb, Salt, 10, 0, solution, 4).Should().BeFalse();
    }

    [Fact]
    public void Verify_AProofOfTheOtherAlgorithm_Rejects()
    {
        var sha = ProofOfWork.Solve(PowAlgorithm.Sha256Lzb, Salt, 10, 0, 4);
        var pbkdf2 = ProofOfWork.Solve(PowAlgorithm.Pbkdf2Sha256Lzb, Salt, 10, Iterations, 4);

        ProofOfWork.Verify(PowAlgorithm.Pbkdf2Sha256Lzb, Salt, 10, Iterations, sha, 4).Should().BeFalse();
        ProofOfWork.Verify(PowAlgorithm.Sha256Lzb, Salt, 10, 0, pbkdf2, 4).Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_WrongNonce_Rejects(PowAlgorithm algorithm)
    {
        var solution = ProofOfWork.Solve(algorithm, Salt, 10, Iterations, 4);
        solution[2]++;

        ProofOfWork.Verify(algorithm, Salt, 10, Iterations, solution, 4).Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_StopsAtTheFirstWrongPuzzle(PowAlgorithm algorithm)
    {
        // The attack: a wrong answer must cost the service one attempt (a PBKDF2 derivation),
        // not one per puzzle; a right one costs one per puzzle.
        var solution = ProofOfWork.Solve(algorithm, Salt, 10, Iterations, 8);
        ProofOfWork.Verify(algorithm, Salt, 10, Iterations, solution, 8, out var attempts).Should().BeTrue();
        attempts.Should().Be(8);

        var wrongFirst = (ulong[])solution.Clone();
        wrongFirst[0] = solution[1];
        ProofOfWork.Verify(algorithm, Salt, 10, Iterations, wrongFirst, 8, out attempts).Should().BeFalse();
        attempts.Should().Be(1);

        var wrongFifth = (ulong[])solution.Clone();
        wrongFifth[4] = solution[3];
        ProofOfWork.Verify(algorithm, Salt, 10, Iterations, wrongFifth, 8, out attempts).Should().BeFalse();
        attempts.Should().Be(5);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_SolutionOfAnotherSalt_Rejects(PowAlgorithm algorithm)
    {
        var solution = ProofOfWork.Solve(algorithm, Salt, 12, Iterations, 4);
        var otherSalt = (byte[])Salt.Clone();
        otherSalt[0] ^= 1;

        ProofOfWork.Verify(algorithm, otherSalt, 12, Iterations, solution, 4).Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_SameNonceReusedAcrossPuzzles_RejectsUnlessEachPuzzleIsSolved(PowAlgorithm algorithm)
    {
        var solution = ProofOfWork.Solve(algorithm, Salt, 12, Iterations, 4);
        var copied = Enumerable.Repeat(solution[0], 4).ToArray();

        ProofOfWork.Verify(algorithm, Salt, 12, Iterations, copied, 4).Should().BeFalse();
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(0)]
    public void Verify_WrongNumberOfNonces_Rejects(int count)
    {
        var solution = ProofOfWork.Solve(PowAlgorithm.Pbkdf2Sha256Lzb, Salt, 4, Iterations, 4);

        ProofOfWork.Verify(PowAlgorithm.Pbkdf2Sha256Lzb, Salt, 4, Iterations, solution.Concat(solution).Take(count).ToArray(), 4).Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_NonceAbove2Pow53_Rejects(PowAlgorithm algorithm)
    {
        ProofOfWork.Verify(algorithm, Salt, 0, Iterations, [1UL << 53], 1).Should().BeFalse();
        ProofOfWork.Verify(algorithm, Salt, 0, Iterations, [(1UL << 53) - 1], 1).Should().BeTrue();
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x00, 0x80 }, 16)]
    [InlineData(new byte[] { 0x01 }, 7)]
    [InlineData(new byte[] { 0x80 }, 0)]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0x10 }, 67)]
    public void LeadingZeroBits_CountsFromTheFirstByte(byte[] prefix, int expected)
    {
        var hash = new byte[32];
        prefix.CopyTo(hash, 0);
        if (prefix.All(b => b == 0))
        {
            hash[^1] = 1;
        }

        ProofOfWork.LeadingZeroBits(hash).Should().Be(expected);
    }
}
