using System.Buffers.Binary;
using System.Security.Cryptography;
using ByeByeRobots.Core.Challenges;

namespace ByeByeRobots.Core.Tests.Challenges;

public class ProofOfWorkTests
{
    private static readonly byte[] Salt = Convert.FromHexString("00112233445566778899aabbccddeeff");

    [Fact]
    public void Verify_SolvedPuzzles_Accepts()
    {
        var solution = ProofOfWork.Solve(Salt, difficulty: 8, puzzles: 4);

        ProofOfWork.Verify(Salt, 8, solution, 4).Should().BeTrue();
    }

    [Fact]
    public void Solution_MatchesTheProtocolDefinition()
    {
        // Recomputed by hand from protocol section 2, independently of ProofOfWork's own code.
        var solution = ProofOfWork.Solve(Salt, difficulty: 10, puzzles: 3);
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
    public void Verify_WrongNonce_Rejects()
    {
        var solution = ProofOfWork.Solve(Salt, 12, 4);
        solution[2]++;

        ProofOfWork.Verify(Salt, 12, solution, 4).Should().BeFalse();
    }

    [Fact]
    public void Verify_SolutionOfAnotherSalt_Rejects()
    {
        var solution = ProofOfWork.Solve(Salt, 12, 4);
        var otherSalt = (byte[])Salt.Clone();
        otherSalt[0] ^= 1;

        ProofOfWork.Verify(otherSalt, 12, solution, 4).Should().BeFalse();
    }

    [Fact]
    public void Verify_SameNonceReusedAcrossPuzzles_RejectsUnlessEachPuzzleIsSolved()
    {
        var solution = ProofOfWork.Solve(Salt, 12, 4);
        var copied = Enumerable.Repeat(solution[0], 4).ToArray();

        ProofOfWork.Verify(Salt, 12, copied, 4).Should().BeFalse();
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(0)]
    public void Verify_WrongNumberOfNonces_Rejects(int count)
    {
        var solution = ProofOfWork.Solve(Salt, 4, 4);

        ProofOfWork.Verify(Salt, 4, solution.Concat(solution).Take(count).ToArray(), 4).Should().BeFalse();
    }

    [Fact]
    public void Verify_NonceAbove2Pow53_Rejects()
    {
        ProofOfWork.Verify(Salt, 0, [1UL << 53], 1).Should().BeFalse();
        ProofOfWork.Verify(Salt, 0, [(1UL << 53) - 1], 1).Should().BeTrue();
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
