using ByeByeRobots.Core.Sites;

namespace ByeByeRobots.Core.Tests.Sites;

public class HostnamePatternTests
{
    [Theory]
    [InlineData("guichet.example.lu", "guichet.example.lu", true)]
    [InlineData("guichet.example.lu", "GUICHET.example.lu", true)]
    [InlineData("guichet.example.lu", "evil-guichet.example.lu", false)]
    [InlineData("guichet.example.lu", "guichet.example.lu.evil.com", false)]
    [InlineData("*.example.lu", "guichet.example.lu", true)]
    [InlineData("*.example.lu", "a.b.example.lu", true)]
    [InlineData("*.example.lu", "example.lu", false)]
    [InlineData("*.example.lu", "evilexample.lu", false)]
    [InlineData("*.example.lu", "example.lu.evil.com", false)]
    [InlineData("localhost", "localhost", true)]
    public void Matches_ExactAndWildcardNames(string pattern, string host, bool expected)
    {
        HostnamePattern.TryParse(pattern, out var parsed).Should().BeTrue();

        parsed.Matches(host).Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("*")]
    [InlineData("*.")]
    [InlineData("https://guichet.example.lu")]
    [InlineData("guichet.example.lu/path")]
    [InlineData("a*.example.lu")]
    public void TryParse_NotAHostname_Fails(string pattern)
    {
        HostnamePattern.TryParse(pattern, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("https://guichet.example.lu", "guichet.example.lu")]
    [InlineData("https://Guichet.Example.lu:8443", "guichet.example.lu")]
    [InlineData("http://localhost:5180", "localhost")]
    [InlineData("null", null)]
    [InlineData("", null)]
    [InlineData("file:///etc/passwd", null)]
    [InlineData("guichet.example.lu", null)]
    public void OriginHost_ReadsTheHostOfHttpOrigins(string origin, string? expected)
    {
        OriginHost.Parse(origin).Should().Be(expected);
    }

    [Fact]
    public void OriginHost_LongerThanADnsName_IsRefused()
    {
        var label = new string('a', 63);
        var host = string.Join('.', label, label, label, label) + ".example.lu";

        OriginHost.Parse("https://" + host).Should().BeNull();
    }

    [Theory]
    [InlineData("login\n")]
    [InlineData("login\r\n")]
    public void ActionNames_WithATrailingNewline_AreRefused(string action)
    {
        SiteConfigurationValidator.IsValidAction(action).Should().BeFalse();
    }
}
