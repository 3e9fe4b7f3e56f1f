// Solves a ByeByeRobots "sha256-lzb" proof of work (protocol section 2), for the README's curl
// walk-through and for anyone writing a client in another language.
//   dotnet run tools/solve-pow.cs -- <salt-base64url> <difficulty> <puzzles>
// prints the solution as a JSON array: [n_0, ..., n_{puzzles-1}].
using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

if (args.Length != 3 || !int.TryParse(args[1], out var difficulty) || !int.TryParse(args[2], out var puzzles))
{
    Console.Error.WriteLine("usage: dotnet run tools/solve-pow.cs -- <salt-base64url> <difficulty> <puzzles>");
    return 2;
}

var salt = Convert.FromBase64String(args[0].Replace('-', '+').Replace('_', '/').PadRight((args[0].Length + 3) / 4 * 4, '='));
var message = new byte[salt.Length + 12];
salt.CopyTo(message, 0);
var solution = new ulong[puzzles];
for (var i = 0; i < puzzles; i++)
{
    BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(salt.Length), (uint)i);
    for (ulong n = 0; ; n++)
    {
        BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(salt.Length + 4), n);
        var hash = SHA256.HashData(message);
        var zeros = BitOperations.LeadingZeroCount(BinaryPrimitives.ReadUInt64BigEndian(hash));
        if (zeros >= difficulty || (zeros == 64 && difficulty > 64))
        {
            solution[i] = n;
            break;
        }
    }
}

Console.WriteLine("[" + string.Join(",", solution) + "]");
return 0;
