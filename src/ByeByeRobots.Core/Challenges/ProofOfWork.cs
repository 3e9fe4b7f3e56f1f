using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace ByeByeRobots.Core.Challenges;

/// <summary>
/// The <c>sha256-lzb</c> proof of work of protocol section 2: for each puzzle <c>i</c>, a nonce
/// <c>n</c> such that SHA-256(salt ‖ uint32_be(i) ‖ uint64_be(n)) starts with
/// <c>difficulty</c> zero bits. Verifying costs one hash per puzzle.
/// </summary>
public static class ProofOfWork
{
    public const string Algorithm = "sha256-lzb";

    /// <summary>Solutions are JSON numbers, so they must stay exact in a double.</summary>
    public const ulong MaximumNonce = (1UL << 53) - 1;

    private const int MaximumSaltLength = 64;

    public static bool Verify(ReadOnlySpan<byte> salt, int difficulty, ReadOnlySpan<ulong> solution, int puzzles)
    {
        if (solution.Length != puzzles || salt.Length > MaximumSaltLength)
        {
            return false;
        }

        Span<byte> input = stackalloc byte[MaximumSaltLength + 12];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        salt.CopyTo(input);
        var message = input[..(salt.Length + 12)];
        for (var i = 0; i < puzzles; i++)
        {
            if (solution[i] > MaximumNonce)
            {
                return false;
            }

            WriteCounters(message, salt.Length, (uint)i, solution[i]);
            SHA256.HashData(message, hash);
            if (LeadingZeroBits(hash) < difficulty)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Finds a solution by brute force: what a browser does, used by tools and tests.</summary>
    public static ulong[] Solve(ReadOnlySpan<byte> salt, int difficulty, int puzzles)
    {
        var solution = new ulong[puzzles];
        var message = new byte[salt.Length + 12];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        salt.CopyTo(message);
        for (var i = 0; i < puzzles; i++)
        {
            for (ulong n = 0; ; n++)
            {
                WriteCounters(message, salt.Length, (uint)i, n);
                SHA256.HashData(message, hash);
                if (LeadingZeroBits(hash) >= difficulty)
                {
                    solution[i] = n;
                    break;
                }
            }
        }

        return solution;
    }

    internal static int LeadingZeroBits(ReadOnlySpan<byte> hash)
    {
        var bits = 0;
        for (var i = 0; i + 8 <= hash.Length; i += 8)
        {
            var word = BinaryPrimitives.ReadUInt64BigEndian(hash[i..]);
            if (word != 0)
            {
                return bits + BitOperations.LeadingZeroCount(word);
            }

            bits += 64;
        }

        return bits;
    }

    private static void WriteCounters(Span<byte> message, int saltLength, uint puzzle, ulong nonce)
    {
        BinaryPrimitives.WriteUInt32BigEndian(message[saltLength..], puzzle);
        BinaryPrimitives.WriteUInt64BigEndian(message[(saltLength + 4)..], nonce);
    }
}
