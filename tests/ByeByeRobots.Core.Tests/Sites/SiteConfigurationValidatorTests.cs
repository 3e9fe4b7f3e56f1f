using ByeByeRobots.Core.Sites;

namespace ByeByeRobots.Core.Tests.Sites;

public class SiteConfigurationValidatorTests
{
    private static SiteOptions ValidSite() => new()
    {
        Secret = new string('s', 32),
        Hostnames = ["guichet.example.lu", "*.example.lu"],
    };

    private static IReadOnlyList<string> Validate(SiteOptions site, string key = "site-a") =>
        SiteConfigurationValidator.Validate(new SitesOptions { Sites = { [key] = site } }, out _);

    [Fact]
    public void Validate_DefaultsOfTheProtocol_AreApplied()
    {
        SiteConfigurationValidator.Validate(new SitesOptions { Sites = { ["site-a"] = ValidSite() } }, out var sites).Should().BeEmpty();

        var site = sites["site-a"];
        site.ThresholdsFor("anything").Should().Be(new Thresholds(0.5, 0.2));
        (site.Difficulty, site.StepUpDifficulty, site.Puzzles, site.ShadowMode).Should().Be((10, 16, 8, false));
    }

    [Fact]
    public void Validate_ActionOverride_FallsBackToSiteValuesForMissingOnes()
    {
        var options = ValidSite();
        options.PassScore = 0.6;
        options.Actions["payment"] = new ActionOptions { PassScore = 0.9 };
        SiteConfigurationValidator.Validate(new SitesOptions { Sites = { ["site-a"] = options } }, out var sites).Should().BeEmpty();

        sites["site-a"].ThresholdsFor("payment").Should().Be(new Thresholds(0.9, 0.2));
        sites["site-a"].ThresholdsFor("login").Should().Be(new Thresholds(0.6, 0.2));
    }

    [Fact]
    public void Validate_ShortSecret_NamesTheKey()
    {
        var site = ValidSite();
        site.Secret = "short";

        Validate(site).Should().ContainSingle().Which.Should().Contain("ByeByeRobots:Sites:site-a:Secret").And.Contain("32");
    }

    [Fact]
    public void Validate_NoHostnames_IsAnError()
    {
        var site = ValidSite();
        site.Hostnames.Clear();

        Validate(site).Should().ContainSingle().Which.Should().Contain("Hostnames is required");
    }

    [Theory]
    [InlineData(1.5, 0.2, "PassScore must be in [0, 1]")]
    [InlineData(-0.1, 0.0, "PassScore must be in [0, 1]")]
    [InlineData(0.5, 0.7, "must not be above PassScore")]
    [InlineData(double.NaN, 0.2, "PassScore must be in [0, 1]")]
    public void Validate_BadThresholds_AreErrors(double pass, double stepUp, string message)
    {
        var site = ValidSite();
        site.PassScore = pass;
        site.StepUpScore = stepUp;

        Validate(site).Should().Contain(e => e.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadPowAndNames_AreErrors()
    {
        var site = ValidSite();
        site.Pow = new PowOptions { Difficulty = 40, Puzzles = 0 };
        site.Actions["bad action"] = new ActionOptions();
        site.Hostnames.Add("https://not-a-host");

        var errors = Validate(site, "bad key!");

        errors.Should().HaveCount(5);
    }

    [Fact]
    public void Validate_Compatibility_DefaultsToNoExtraFieldsAndTheDefaultProfile()
    {
        SiteConfigurationValidator.Validate(new SitesOptions { Sites = { ["site-a"] = ValidSite() } }, out var sites).Should().BeEmpty();

        sites["site-a"].ResponseFields.Should().BeEmpty();
        sites["site-a"].SiteVerifyProfile.Should().Be(SiteVerifyProfile.Default);
    }

    [Fact]
    public void Validate_Compatibility_TakesFieldsAndProfile()
    {
        var site = ValidSite();
        site.Compatibility.ResponseFields = ["h-captcha-response", "g-recaptcha-response", "h-captcha-response"];
        site.Compatibility.SiteVerifyProfile = "HCaptcha";
        SiteConfigurationValidator.Validate(new SitesOptions { Sites = { ["site-a"] = site } }, out var sites).Should().BeEmpty();

        sites["site-a"].ResponseFields.Should().Equal("h-captcha-response", "g-recaptcha-response");
        sites["site-a"].SiteVerifyProfile.Should().Be(SiteVerifyProfile.HCaptcha);
    }

    [Theory]
    [InlineData("bbr-response")]
    [InlineData("g recaptcha")]
    [InlineData("<script>")]
    [InlineData("")]
    public void Validate_BadResponseField_NamesTheKey(string field)
    {
        var site = ValidSite();
        site.Compatibility.ResponseFields = [field];

        Validate(site).Should().ContainSingle().Which.Should().Contain("ByeByeRobots:Sites:site-a:Compatibility:ResponseFields");
    }

    [Theory]
    [InlineData("friendlycaptcha")]
    [InlineData("1")]
    [InlineData("default,hcaptcha")]
    public void Validate_UnknownProfile_NamesTheKey(string name)
    {
        var site = ValidSite();
        site.Compatibility.SiteVerifyProfile = name;

        Validate(site).Should().ContainSingle().Which.Should().Contain("Compatibility:SiteVerifyProfile");
    }
}
