using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ByeByeRobots.Testing;

namespace ByeByeRobots.Api.Tests.SiteVerify;

/// <summary>Per-site compatibility with backends written for reCAPTCHA, Turnstile or hCaptcha.</summary>
public class CompatibilityTests
{
    private static string Key(string name) => $"ByeByeRobots:Sites:{ServiceHost.SiteKey}:{name}";

    [Fact]
    public async Task Challenge_NamesTheExtraResponseFields_OnlyWhenConfigured()
    {
        await using var plain = await ServiceHost.StartAsync();
        await using var compatible = await ServiceHost.StartAsync(s => s[Key("Compatibility:ResponseFields:0")] = "cf-turnstile-response");

        var without = await plain.Widget().ChallengeAsync();
        var with = await compatible.Widget().ChallengeAsync();

        without.ContainsKey("responseFields").Should().BeFalse();
        with["responseFields"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Equal("cf-turnstile-response");
    }

    [Fact]
    public async Task HCaptchaProfile_Success_HasHCaptchasShape_WithARiskScore()
    {
        await using var host = await ServiceHost.StartAsync(s => s[Key("Compatibility:SiteVerifyProfile")] = "hcaptcha");
        var token = await host.Widget().PassAsync();

        var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, token);

        answer["success"]!.GetValue<bool>().Should().BeTrue(answer.ToJsonString());
        answer["hostname"]!.GetValue<string>().Should().Be("guichet.example.lu");
        answer["credit"]!.GetValue<bool>().Should().BeFalse();
        answer["challenge_ts"].Should().NotBeNull();
        answer["score_reason"]!.AsArray().Should().BeEmpty();
        answer["error-codes"]!.AsArray().Should().BeEmpty();
        answer.ContainsKey("action").Should().BeFalse();
        var risk = answer["score"]!.GetValue<double>();
        risk.Should().BeInRange(0, 1);

        // The same session on the default profile: humanity = 1 - risk.
        await using var plain = await ServiceHost.StartAsync();
        var (_, reference) = await plain.Backend().SiteVerifyFormAsync(ServiceHost.Secret, await plain.Widget().PassAsync());
        (1 - reference["score"]!.GetValue<double>()).Should().BeApproximately(risk, 0.011);
    }

    [Fact]
    public async Task HCaptchaProfile_UsesHCaptchasCodes_ForDuplicatesAndExpiry()
    {
        await using var host = await ServiceHost.StartAsync(s => s[Key("Compatibility:SiteVerifyProfile")] = "hcaptcha", fakeTime: true);
        var backend = host.Backend();
        var used = await host.Widget().PassAsync();
        var expiring = await host.Widget().PassAsync();
        await backend.SiteVerifyFormAsync(ServiceHost.Secret, used);

        var (_, duplicate) = await backend.SiteVerifyFormAsync(ServiceHost.Secret, used);
        host.Time!.Advance(TimeSpan.FromMinutes(6));
        var (_, expired) = await backend.SiteVerifyFormAsync(ServiceHost.Secret, expiring);

        BackendClient.ErrorCodes(duplicate).Should().Equal("already-seen-response");
        BackendClient.ErrorCodes(expired).Should().Equal("expired-input-response");
        duplicate["success"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task HCaptchaProfile_ChecksTheSitekeyParameter()
    {
        await using var host = await ServiceHost.StartAsync(s => s[Key("Compatibility:SiteVerifyProfile")] = "hcaptcha");
        var http = host.CreateClient();

        async Task<JsonObject> Verify(string token, string sitekey)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["secret"] = ServiceHost.Secret, ["response"] = token, ["sitekey"] = sitekey });
            using var response = await http.PostAsync("/v1/siteverify", form);
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        }

        var mismatch = await Verify(await host.Widget().PassAsync(), "another-site");
        var match = await Verify(await host.Widget().PassAsync(), ServiceHost.SiteKey);

        BackendClient.ErrorCodes(mismatch).Should().Equal("sitekey-secret-mismatch");
        match["success"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task HCaptchaProfile_AnIdempotentRetry_GetsTheFirstAnswerInTheSameShape()
    {
        await using var host = await ServiceHost.StartAsync(s => s[Key("Compatibility:SiteVerifyProfile")] = "hcaptcha");
        var token = await host.Widget().PassAsync();

        var (_, first) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, token, "key-1");
        var (_, again) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, token, "key-1");

        again.ToJsonString().Should().Be(first.ToJsonString());
        again["credit"].Should().NotBeNull();
    }

    [Fact]
    public async Task DefaultProfile_IgnoresASitekeyParameter()
    {
        await using var host = await ServiceHost.StartAsync();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["secret"] = ServiceHost.Secret, ["response"] = await host.Widget().PassAsync(), ["sitekey"] = "whatever" });

        using var response = await host.CreateClient().PostAsync("/v1/siteverify", form);

        (await response.Content.ReadFromJsonAsync<JsonObject>())!["success"]!.GetValue<bool>().Should().BeTrue("unknown fields are ignored (protocol)");
    }
}
