using System.Buffers.Text;
using System.Security.Cryptography;
using ByeByeRobots.Core.Tokens;

namespace ByeByeRobots.Core.Tests.Tokens;

public class TokenProtectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static TokenClaims Claims(double score = 0.9) =>
        new(TokenIds.New(), "site-a", "login", "guichet.example.lu", score, Now, Now.AddMinutes(5));

    private static string Key() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static TokenProtector Protector(string active, params (string Id, string Key)[] keys)
    {
        var options = new TokenOptions { ActiveKeyId = active };
        foreach (var (id, key) in keys)
        {
            options.SigningKeys[id] = key;
        }

        TokenKeyRing.TryCreate(options, out var ring).Should().BeEmpty();
        return new TokenProtector(ring!);
    }

    [Fact]
    public void Protect_ThenUnprotect_RoundTripsEveryClaim()
    {
        var protector = Protector("k1", ("k1", Key()));
        var claims = Claims(0.8765);

        protector.TryUnprotect(protector.Protect(claims), out var read).Should().BeTrue();

        read.Should().BeEquivalentTo(claims with { IssuedAt = Now, ExpiresAt = Now.AddMinutes(5) });
    }

    [Fact]
    public void Token_IsOpaque_NoClaimReadableByTheBrowser()
    {
        var protector = Protector("k1", ("k1", Key()));
        var token = protector.Protect(Claims());
        var body = Base64Url.DecodeFromChars(token.Split('.')[2]);
        var text = System.Text.Encoding.UTF8.GetString(body);

        text.Should().NotContain("site-a").And.NotContain("guichet").And.NotContain("login");
        token.Length.Should().BeLessThan(TokenProtector.MaximumTokenLength);
    }

    [Fact]
    public void Unprotect_AnyFlippedBit_Rejects()
    {
        var protector = Protector("k1", ("k1", Key()));
        var token = protector.Protect(Claims());
        var parts = token.Split('.');
        var body = Base64Url.DecodeFromChars(parts[2]);
        for (var i = 0; i < body.Length; i++)
        {
            var tampered = (byte[])body.Clone();
            tampered[i] ^= 0x01;
            protector.TryUnprotect($"{parts[0]}.{parts[1]}.{Base64Url.EncodeToString(tampered)}", out _)
                .Should().BeFalse($"byte {i} was changed");
        }
    }

    [Fact]
    public void Unprotect_TokenOfAnotherKey_Rejects()
    {
        var issuer = Protector("k1", ("k1", Key()));
        var verifier = Protector("k1", ("k1", Key()));

        verifier.TryUnprotect(issuer.Protect(Claims()), out _).Should().BeFalse();
    }

    [Fact]
    public void Unprotect_HeaderRewrittenToAnotherKnownKeyId_Rejects()
    {
        var shared = Key();
        var protector = Protector("k1", ("k1", shared), ("k2", Key()));
        var parts = protector.Protect(Claims()).Split('.');

        protector.TryUnprotect($"v2.k2.{parts[2]}", out _).Should().BeFalse();
    }

    [Fact]
    public void Rotation_OldKeyStillVerifies_NewKeySigns()
    {
        var oldKey = Key();
        var newKey = Key();
        var before = Protector("old", ("old", oldKey));
        var during = Protector("new", ("old", oldKey), ("new", newKey));
        var after = Protector("new", ("new", newKey));
        var oldToken = before.Protect(Claims());

        during.TryUnprotect(oldToken, out _).Should().BeTrue();
        during.Protect(Claims()).Should().StartWith("v2.new.");
        after.TryUnprotect(oldToken, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("v1")]
    [InlineData("v2.k1")]
    [InlineData("v2.k1.")]
    [InlineData("v2.k1.!!!")]
    [InlineData("v2.k1.AAAA")]
    [InlineData("v2.k1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v2.unknown.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("a.b.c.d")]
    public void Unprotect_Garbage_RejectsWithoutThrowing(string token)
    {
        Protector("k1", ("k1", Key())).TryUnprotect(token, out _).Should().BeFalse();
    }

    [Fact]
    public void Unprotect_OverlongToken_Rejects()
    {
        Protector("k1", ("k1", Key())).TryUnprotect(new string('A', 5000), out _).Should().BeFalse();
    }

    [Fact]
    public void KeyRing_ShortOrMissingKeys_ExplainsWhat()
    {
        TokenKeyRing.TryCreate(new TokenOptions(), out _).Should().ContainSingle().Which.Should().Contain("SigningKeys is empty");
        var shortKey = new TokenOptions { ActiveKeyId = "a", SigningKeys = { ["a"] = Convert.ToBase64String(new byte[16]) } };
        TokenKeyRing.TryCreate(shortKey, out _).Should().ContainSingle().Which.Should().Contain("at least 32");
        var wrongActive = new TokenOptions { ActiveKeyId = "b", SigningKeys = { ["a"] = Key() } };
        TokenKeyRing.TryCreate(wrongActive, out _).Should().ContainSingle().Which.Should().Contain("ActiveKeyId 'b'");
        var notBase64 = new TokenOptions { ActiveKeyId = "a", SigningKeys = { ["a"] = "not base64!" } };
        TokenKeyRing.TryCreate(notBase64, out _).Should().Contain(e => e.Contains("not valid base64", StringComparison.Ordinal));
    }
}
