using ByeByeRobots.Core.Challenges;
using ByeByeRobots.Core.Sites;
using ByeByeRobots.Core.Verification;

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
        // PassScore is not the protocol's 0.5: it is calibrated for people on the shipped model (issue 15; docs/protocol.md says so).
        site.ThresholdsFor("anything").Should().Be(new Thresholds(0.47, 0.2));
        site.Pow.Should().Be(new PowPolicy(PowAlgorithm.Pbkdf2Sha256Lzb, 12, 160, 14, 16, 6));
        (site.ShadowMode, site.RefuseOnBehaviour, site.OnAutomation).Should().Be((false, false, AutomationResponse.Fail));
    }

    [Fact]
    public void Validate_UnsetStepUpDifficulties_AreTwoBitsAboveTheLevelBefore()
    {
        var site = ValidSite();
        site.Pow = new PowOptions { Difficulty = 4, StepUpDifficulty = 7 };
        SiteConfigurationValidator.Validate(new SitesOptions { Sites = { ["site-a"] = site } }, out var sites).Should().BeEmpty();

        (sites["site-a"].Pow.StepUpDifficulty, sites["site-a"].Pow.MaxStepUpDifficulty).Should().Be((7, 9));
    }

    [Fact]
    public void Validate_Sha256Site_HasItsOwnCalibratedDifficultyAndNoFallbackBits()
    {
        var site = ValidSite();
        site.Pow = new PowOptions { Algorithm = "sha256-lzb" };
        SiteConfigurationValidator.Validate(new SitesOptions { Sites = { ["site-a"] = site } }, out var sites).Should().BeEmpty();

        sites["site-a"].Pow.Should().Be(new PowPolicy(PowAlgorithm.Sha256Lzb, 21, 160, 23, 25, 6));
        sites["site-a"].Pow.FallbackExtraBits.Should().Be(0);
    }

    [Fact]
    public void FallbackExtraBits_KeepTheNativeCostOfAPbkdf2Site()
    {
        // 160 iterations are 320 SHA-256 compressions an attempt: 2^9 = 512 sha256-lzb attempts cost as much or more.
        new PowPolicy(PowAlgorithm.Pbkdf2Sha256Lzb, 12, 160, 14, 16, 6).FallbackExtraBits.Should().Be(9);
        new PowPolicy(PowAlgorithm.Pbkdf2Sha256Lzb, 12, 160, 14, 16, 6).ForCost(14, canUseSiteAlgorithm: false)
            .Should().Be((PowAlgorithm.Sha256Lzb, 23, 0));
        new PowPolicy(PowAlgorithm.Pbkdf2Sha256Lzb, 12, 160, 14, 16, 6).ForCost(14, canUseSiteAlgorithm: true)
            .Should().Be((PowAlgorithm.Pbkdf2Sha256Lzb, 14, 160));
    }

    [Theory]
    [InlineData("Algorithm", "scrypt", "Pow:Algorithm must be")]
    [InlineData("StepUpDifficulty", "3", "StepUpDifficulty (3)")]
    [InlineData("MaxStepUpDifficulty", "5", "MaxStepUpDifficulty (5)")]
    [InlineData("Iterations", "0", "Pow:Iterations must be in [1, 100000]")]
    [InlineData("Iterations", "5000", "Puzzles x Iterations (6 x 5000)")]
    public void Validate_BadProofOfWork_NamesTheKey(string key, string value, string message)
    {
        var pow = new PowOptions { Difficulty = 4, StepUpDifficulty = 6 };
        switch (key)
        {
            case "Algorithm": pow.Algorithm = value; break;
            case "StepUpDifficulty": pow.StepUpDifficulty = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "MaxStepUpDifficulty": pow.MaxStepUpDifficulty = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            default: pow.Iterations = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
        }

        var site = ValidSite();
        site.Pow = pow;

        Validate(site).Should().ContainSingle().Which.Should().Contain(message);
    }

    [Theory]
    [InlineData("fail", AutomationResponse.Fail)]
    [InlineData("step-up", AutomationResponse.StepUp)]
    public void Validate_OnAutomation_IsFailOrStepUp(string value, AutomationResponse expected)
    {
        var site = ValidSite();
        site.OnAutomation = value;
        SiteConfigurationValidator.Validate(new SitesOptions { Sites = { ["site-a"] = site } }, out var sites).Should().BeEmpty();
        sites["site-a"].OnAutomation.Should().Be(expected);

        site.OnAutomation = "allow";
        Validate(site).Should().ContainSingle().Which.Should().Contain("OnAutomation must be 'fail' or 'step-up'");
    }

    [Fact]
    public void Validate_DisabledEvidence_NamesAutomationReasonCodesOnly()
    {
        var site = ValidSite();
        site.DisabledEvidence = ["automation-replayed", "automation-synthetic-input"];
        SiteConfigurationValidator.Validate(new SitesOptions { Sites = { ["site-a"] = site } }, out var sites).Should().BeEmpty();
        sites["site-a"].DisabledEvidence.Codes().Should().Equal("automation-synthetic-input", "automation-replayed");

        site.DisabledEvidence = ["automation-replayd"];
        Validate(site).Should().ContainSingle().Which.Should().Contain("DisabledEvidence: 'automation-replayd' is not an automation reason code");
        site.DisabledEvidence = ["behaviour-low"];
        Validate(site).Should().ContainSingle().Which.Should().Contain("'behaviour-low' is not an automation reason code");
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

        // Difficulty 40 and the step-up levels derived from it (42, 44) are out of range, no puzzle, the action, the host, the key.
        errors.Should().HaveCount(7);
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
