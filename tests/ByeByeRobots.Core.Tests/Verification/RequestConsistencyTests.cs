using ByeByeRobots.Core.Signals;
using ByeByeRobots.Core.Verification;

namespace ByeByeRobots.Core.Tests.Verification;

public class RequestConsistencyTests
{
    private const string Chromium = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

    private static BrowserEnvironment Env(string ua) => new(false, ["fr-LU", "fr"], "Europe/Luxembourg", 1920, 1080, 1, 1280, 720, 0, ua);

    /// <summary>The shape of what Chromium sends with the widget's fetch to a secure service (the brand list is illustrative; the gauntlet's genuine sessions check the real headers).</summary>
    private static readonly RequestHeaders ChromiumFetch = new(Chromium, "fr-LU,fr;q=0.9", "cors", "empty", "\"Chromium\";v=\"156\", \"Not-A.Brand\";v=\"24\"", "?0", Secure: true);

    private static readonly RequestHeaders FirefoxFetch = new(Firefox, "fr-LU,fr;q=0.8,en-US;q=0.5,en;q=0.3", "cors", "empty", null, null, Secure: true);

    [Fact]
    public void GenuineBrowsers_AreConsistent()
    {
        RequestConsistency.Check(Env(Chromium), ChromiumFetch).IsEmpty.Should().BeTrue();
        RequestConsistency.Check(Env(Firefox), FirefoxFetch).IsEmpty.Should().BeTrue();
        RequestConsistency.Check(Env("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"),
            FirefoxFetch with { UserAgent = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", AcceptLanguage = "fr-LU" })
            .IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void AnInsecureRequest_IsNotAskedForFetchMetadata()
    {
        // Browsers send Sec-Fetch-* and client hints to trustworthy URLs only.
        RequestConsistency.Check(Env(Chromium), ChromiumFetch with { FetchMode = null, FetchDestination = null, ClientHintBrands = null, ClientHintMobile = null, Secure = false })
            .IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void AUserAgentLongerThanTheWidgetSends_IsComparedOnWhatItSent()
    {
        var ua = Chromium + new string('x', 2000);
        RequestConsistency.Check(Env(ua[..1024]), ChromiumFetch with { UserAgent = ua }).IsEmpty.Should().BeTrue();
    }

    public static TheoryData<string, RequestHeaders> Mismatches => new()
    {
        { "no User-Agent (a protocol client)", ChromiumFetch with { UserAgent = null } },
        { "a User-Agent other than the page's (navigator patched in the page)", ChromiumFetch with { UserAgent = Chromium.Replace("X11; Linux x86_64", "Windows NT 10.0; Win64; x64", StringComparison.Ordinal) } },
        { "no Accept-Language", ChromiumFetch with { AcceptLanguage = null } },
        { "another first language", ChromiumFetch with { AcceptLanguage = "en-US,en;q=0.9" } },
        { "no fetch metadata from a Chromium", ChromiumFetch with { FetchMode = null, FetchDestination = null } },
        { "a navigation's fetch metadata", ChromiumFetch with { FetchMode = "navigate", FetchDestination = "document" } },
        { "a Chromium without client hints", ChromiumFetch with { ClientHintBrands = null, ClientHintMobile = null } },
        { "client hints of another version", ChromiumFetch with { ClientHintBrands = "\"Chromium\";v=\"120\", \"Not-A.Brand\";v=\"24\"" } },
        { "a mobile hint with a desktop user agent", ChromiumFetch with { ClientHintMobile = "?1" } },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void ARequestThatContradictsThePage_IsAutomationEvidence(string why, RequestHeaders request)
    {
        RequestConsistency.Check(Env(Chromium), request).Codes().Should().Equal(["automation-request-mismatch"], why);
    }

    [Fact]
    public void AFirefoxWithoutFetchMetadata_IsAMismatch_ButNeedsNoClientHints()
    {
        RequestConsistency.Check(Env(Firefox), FirefoxFetch with { FetchMode = null }).Codes().Should().Equal("automation-request-mismatch");
    }

    [Fact]
    public void HeadlessChromesOwnBrand_IsHeadlessEvidence()
    {
        var headless = ChromiumFetch with { ClientHintBrands = "\"HeadlessChrome\";v=\"156\", \"Chromium\";v=\"156\"" };
        RequestConsistency.Check(Env(Chromium), headless).Codes().Should().Equal("automation-headless");
    }

    [Theory]
    [InlineData(Chromium, BrowserKind.Chromium, 156)]
    [InlineData(Firefox, BrowserKind.Firefox, 140)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1", BrowserKind.Other, 0)]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", BrowserKind.Safari, 18)]
    [InlineData("curl/8.5.0", BrowserKind.Other, 0)]
    public void BrowserFamily_IsReadFromTheUserAgent(string ua, BrowserKind kind, int major)
    {
        BrowserFamily.Of(ua).Should().Be(new BrowserFamily(kind, major));
    }
}
