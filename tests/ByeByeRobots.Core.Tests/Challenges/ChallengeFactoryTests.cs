using System.Buffers.Text;
using ByeByeRobots.Core.Challenges;
using ByeByeRobots.Core.Sites;

namespace ByeByeRobots.Core.Tests.Challenges;

public class ChallengeFactoryTests
{
    [Fact]
    public void IdAndSalt_AreFreshAndIndependent_InEveryChallenge()
    {
        // The id and the salt come from one random draw: neither may repeat, and the salt must not
        // be the id's bytes (a salt read from the id would let a solver start before it asks).
        var options = new SiteOptions { Secret = new string('s', 32), Hostnames = ["guichet.example.lu"] };
        SiteConfigurationValidator.Validate(new SitesOptions { Sites = { ["site-a"] = options } }, out var sites).Should().BeEmpty();
        var challenges = Enumerable.Range(0, 2_000)
            .Select(_ => ChallengeFactory.Create(sites["site-a"], "login", "guichet.example.lu", DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(2)))
            .ToArray();

        var ids = challenges.Select(c => Base64Url.DecodeFromChars(c.Id)).ToArray();
        ids.Should().AllSatisfy(id => id.Should().HaveCount(ChallengeFactory.IdBytes));
        challenges.Should().AllSatisfy(c => c.Salt.Should().HaveCount(ChallengeFactory.SaltBytes));
        ids.Select(Convert.ToHexString).Should().OnlyHaveUniqueItems();
        challenges.Select(c => Convert.ToHexString(c.Salt)).Should().OnlyHaveUniqueItems();
        challenges.Zip(ids).Should().AllSatisfy(pair => pair.First.Salt.Should().NotEqual(pair.Second));
    }
}
