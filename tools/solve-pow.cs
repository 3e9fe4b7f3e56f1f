// Solves a ByeByeRobots proof of work (protocol section 2), for the README's curl walk-through
// and for anyone writing a client in another language:
//   dotnet run tools/solve-pow.cs -- <salt-base64url> <difficulty> <puzzles> [<iterations>]
// With <iterations> (the challenge's "iterations") it solves pbkdf2-sha256-lzb, without it
// sha256-lzb. Prints the solution as a JSON array, [n_0, ..., n_{puzzles-1}], and on stderr the
// attempts and the CPU time they took on one core: what a client without a browser pays.
using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;
using System.Security.Cryptography;

if (args.Length is < 3 or > 4 || !int.TryParse(args[1], out var difficulty) || !int.TryParse(args[2], out var puzzles)
    || (args.Length == 4 && (!int.TryParse(args[3], out _) || int.Parse(args[3]) < 1)))
{
    Console.Error.WriteLine("usage: dotnet run tools/solve-pow.cs -- <salt-base64url> <difficulty> <puzzles> [<iterations>]");
    return 2;
}

var iterations = args.Length == 4 ? int.Parse(args[3]) : 0;
var salt = Convert.FromBase64String(args[0].Replace('-', '+').Replace('_', '/').PadRight((args[0].Length + 3) / 4 * 4, '='));
var message = new byte[salt.Length + 12];
var output = new byte[32];
salt.CopyTo(message, 0);
var counters = message.AsSpan(salt.Length);
var solution = new ulong[puzzles];
var attempts = 0L;
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
for (var i = 0; i < puzzles; i++)
{
    BinaryPrimitives.WriteUInt32BigEndian(counters, (uint)i);
    for (ulong n = 0; ; n++)
    {
        attempts++;
        BinaryPrimitives.WriteUInt64BigEndian(counters[4..], n);
        if (iterations > 0)
        {
            // pbkdf2-sha256-lzb: password = salt, PBKDF2 salt = uint32_be(i) ‖ uint64_be(n).
            Rfc2898DeriveBytes.Pbkdf2(salt, counters, output, iterations, HashAlgorithmName.SHA256);
        }
        else
        {
            // sha256-lzb: SHA-256(salt ‖ uint32_be(i) ‖ uint64_be(n)).
            SHA256.HashData(message, output);
        }

        var zeros = BitOperations.LeadingZeroCount(BinaryPrimitives.ReadUInt64BigEndian(output));
        if (zeros >= difficulty || (zeros == 64 && difficulty > 64))
        {
            solution[i] = n;
            break;
        }
    }
}

var seconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
Console.Error.WriteLine($"{(iterations > 0 ? $"pbkdf2-sha256-lzb, {iterations} iterations" : "sha256-lzb")}: {attempts} attempts, {seconds:F2} s of CPU");
Console.WriteLine("[" + string.Join(",", solution) + "]");
return 0;
