using System.Net;
using ByeByeRobots.Core.Sites;
using ByeByeRobots.Testing;

namespace ByeByeRobots.Api.Tests.Verification;

/// <summary>The test site keys (protocol section 1): fixed verdicts in Development, for procedures' end-to-end tests; nowhere else.</summary>
public class TestSiteKeyTests
{
    [Fact]
    public async Task InDevelopment_TheTestKeysGiveTheirVerdict_WhateverTheSignals_OnAnyHost()
    {
        await using var host = await ServiceHost.StartAsync(environment: "Development");
        var widget = host.Widget("http://procedure-under-test.local:8080");
        var backend = host.Backend();

        var pass = await widget.VerifyAsync(await widget.ChallengeAsync(TestSites.AlwaysPassKey), Sessions.Webdriver);
        var fail = await widget.VerifyAsync(await widget.ChallengeAsync(TestSites.AlwaysFailKey), Sessions.Human);
        var stepUp = await widget.VerifyAsync(await widget.ChallengeAsync(TestSites.AlwaysStepUpKey), Sessions.Human);
        var afterStepUp = await widget.VerifyAsync(stepUp["challenge"]!.AsObject(), Sessions.Webdriver);
        var (_, passAnswer) = await backend.SiteVerifyFormAsync(TestSites.AlwaysPassSecret, pass["token"]!.GetValue<string>());
        var (_, stepUpAnswer) = await backend.SiteVerifyFormAsync(TestSites.AlwaysStepUpSecret, afterStepUp["token"]!.GetValue<string>());
        var (_, wrongSecret) = await backend.SiteVerifyFormAsync(TestSites.AlwaysStepUpSecret, pass["token"]!.GetValue<string>());

        pass["verdict"]!.GetValue<string>().Should().Be("pass", "an automated browser passes with the always-pass key");
        fail["verdict"]!.GetValue<string>().Should().Be("fail");
        stepUp["verdict"]!.GetValue<string>().Should().Be("step-up");
        afterStepUp["verdict"]!.GetValue<string>().Should().Be("pass");
        passAnswer["success"]!.GetValue<bool>().Should().BeTrue();
        passAnswer["hostname"]!.GetValue<string>().Should().Be("procedure-under-test.local");
        stepUpAnswer["stepped_up"]!.GetValue<bool>().Should().BeTrue();
        BackendClient.ErrorCodes(wrongSecret).Should().Equal("invalid-input-response");
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public async Task OutsideDevelopment_TheTestKeysDoNotExist(string environment)
    {
        await using var host = await ServiceHost.StartAsync(environment: environment);

        using var challenge = await host.Widget().PostAsync("/v1/challenge", $$"""{"sitekey":"{{TestSites.AlwaysPassKey}}"}""");
        var (_, answer) = await host.Backend().SiteVerifyFormAsync(TestSites.AlwaysPassSecret, "v2.k1.AAAA");

        await challenge.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "sitekey-unknown");
        BackendClient.ErrorCodes(answer).Should().Equal("invalid-input-secret");
    }
}
