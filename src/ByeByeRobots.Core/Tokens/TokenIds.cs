using System.Buffers.Text;
using System.Security.Cryptography;

namespace ByeByeRobots.Core.Tokens;

public static class TokenIds
{
    /// <summary>16 random bytes in base64url: the unique id that single use is enforced on.</summary>
    public static string New()
    {
        Span<byte> id = stackalloc byte[16];
        RandomNumberGenerator.Fill(id);
        return Base64Url.EncodeToString(id);
    }
}
