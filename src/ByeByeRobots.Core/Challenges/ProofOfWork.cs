using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace ByeByeRobots.Core.Challenges;

/// <summary>
/// The proofs of work of protocol section 2. For each puzzle <c>i</c> a nonce <c>n</c> whose
/// attempt starts with <c>difficulty</c> zero bits, where an attempt is
/// <list type="bullet">
/// <item><c>sha256-lzb</c>: SHA-256(salt ‖ uint32_be(i) ‖ uint64_be(n));</item>
/// <item><c>pbkdf2-sha256-lzb</c>: PBKDF2-HMAC-SHA256(password = salt, salt = uint32_be(i) ‖ uint64_be(n), iterations, 32 bytes).</item>
/// </list>
/// Verifying checks the puzzles one at a time and stops at the first wrong one, so a wrong
/// answer costs the service one attempt, and a right one <c>puzzles</c> attempts.
/// </summary>
public static class ProofOfWork
{
    /// <summary>Solutions are JSON numbers, so they must stay exact in a double.</summary>
    public const ulong MaximumNonce = (1UL << 53) - 1;

    private const int MaximumSaltLength = 64;
    private const int CounterBytes = 12;

    public static bool Verify(PowAlgorithm algorithm, ReadOnlySpan<byte> salt, int difficulty, int iterations, ReadOnlySpan<ulong> solution, int puzzles) =>
        Verify(algorithm, salt, difficulty, iterations, solution, puzzles, out _);

    /// <summary>As <see cref="Verify(PowAlgorithm, ReadOnlySpan{byte}, int, int, ReadOnlySpan{ulong}, int)"/>, counting the attempts it computed.</summary>
    internal static bool Verify(PowAlgorithm algorithm, ReadOnlySpan<byte> salt, int difficulty, int iterations, ReadOnlySpan<ulong> solution, int puzzles, out int attempts)
    {
        attempts = 0;
        if (solution.Length != puzzles || salt.Length > MaximumSaltLength || (algorithm == PowAlgorithm.Pbkdf2Sha256Lzb && iterations < 1))
        {
            return false;
        }

        var attempt = new Attempt(algorithm, salt, iterations);
        for (var i = 0; i < puzzles; i++)
        {
            if (solution[i] > MaximumNonce)
            {
                return false;
            }

            attempts++;
            if (!attempt.Meets((uint)i, solution[i], difficulty))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Finds a solution by brute force, as a browser does; used by tools and tests.</summary>
    public static ulong[] Solve(PowAlgorithm algorithm, ReadOnlySpan<byte> salt, int difficulty, int iterations, int puzzles)
    {
        var solution = new ulong[puzzles];
        var attempt = new Attempt(algorithm, salt, iterations);
        for (var i = 0; i < puzzles; i++)
        {
            var n = 0UL;
            while (!attempt.Meets((uint)i, n, difficulty))
            {
                n++;
            }

            solution[i] = n;
        }

        return solution;
    }

    /// <summary>The expected number of attempts to solve a challenge: <c>puzzles · 2^difficulty</c>.</summary>
    public static double ExpectedAttempts(int difficulty, int puzzles) => puzzles * Math.Pow(2, difficulty);

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

    /// <summary>One attempt's input and output buffers, reused across nonces.</summary>
    private readonly ref struct Attempt
    {
        private readonly PowAlgorithm _algorithm;
        private readonly ReadOnlySpan<byte> _salt;
        private readonly int _iterations;
        private readonly Span<byte> _message;
        private readonly Span<byte> _hash;

        public Attempt(PowAlgorithm algorithm, ReadOnlySpan<byte> salt, int iterations)
        {
            _algorithm = algorithm;
            _salt = salt;
            _iterations = iterations;
            var buffer = new byte[salt.Length + CounterBytes + SHA256.HashSizeInBytes];
            _message = buffer.AsSpan(0, salt.Length + CounterBytes);
            _hash = buffer.AsSpan(salt.Length + CounterBytes);
            salt.CopyTo(_message);
        }

        public bool Meets(uint puzzle, ulong nonce, int difficulty)
        {
            var counters = _message[_salt.Length..];
            BinaryPrimitives.WriteUInt32BigEndian(counters, puzzle);
            BinaryPrimitives.WriteUInt64BigEndian(counters[4..], nonce);
            if (_algorithm == PowAlgorithm.Pbkdf2Sha256Lzb)
            {
                Rfc2898DeriveBytes.Pbkdf2(_salt, counters, _hash, _iterations, HashAlgorithmName.SHA256);
            }
            else
            {
                SHA256.HashData(_message, _hash);
            }

            return LeadingZeroBits(_hash) >= difficulty;
        }
    }
}
