using ByeByeRobots.Testing;
using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ByeByeRobots.Api.Tests.Challenges;

public class ChallengeEndpointTests
{
    [Fact]
    public async Task Challenge_ReturnsTheSitesProofOfWork_WithRandomIdAndSalt()
    {
        await using var host = await ServiceHost.StartAsync(fakeTime: true);
        var widget = host.Widget();

        var first = await widget.ChallengeAsync();
        var second = await widget.ChallengeAsync();

        Base64Url.DecodeFromChars(first["id"]!.GetValue<string>()).Should().HaveCountGreaterThanOrEqualTo(16);
        Base64Url.DecodeFromChars(first["pow"]!["salt"]!.GetValue<string>()).Should().HaveCountGreaterThanOrEqualTo(16);
        first["pow"]!["algorithm"]!.GetValue<string>().Should().Be("pbkdf2-sha256-lzb", "the default algorithm (protocol revision 2)");
        first["pow"]!["difficulty"]!.GetValue<int>().Should().Be(4);
        first["pow"]!["iterations"]!.GetValue<int>().Should().Be(160);
        first["pow"]!["puzzles"]!.GetValue<int>().Should().Be(4);
        first["expiresAt"]!.GetValue<DateTime>().Should().BeCloseTo(host.Time!.GetUtcNow().UtcDateTime.AddSeconds(120), TimeSpan.FromSeconds(1));
        second["id"]!.GetValue<string>().Should().NotBe(first["id"]!.GetValue<string>());
        second["pow"]!["salt"]!.GetValue<string>().Should().NotBe(first["pow"]!["salt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Challenge_WithoutAction_UsesDefault()
    {
        await using var host = await ServiceHost.StartAsync();
        var widget = host.Widget();

        var token = (await widget.VerifyAsync(await widget.ChallengeAsync(action: null), Sessions.Human))["token"]!.GetValue<string>();
        var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, token);

        answer["action"]!.GetValue<string>().Should().Be("default");
    }

    [Theory]
    [InlineData("""{"sitekey":"nope"}""")]
    [InlineData("""{"sitekey":42}""")]
    [InlineData("""{"action":"login"}""")]
    [InlineData("""{"sitekey":"\udc00"}""")]
    [InlineData("""{"sitekey":"site-a\n"}""")]
    public async Task Challenge_UnknownSiteKey_IsSitekeyUnknown(string body)
    {
        await using var host = await ServiceHost.StartAsync();

        using var response = await host.Widget().PostAsync("/v1/challenge", body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "sitekey-unknown");
    }

    [Theory]
    [InlineData("https://evil.example.com")]
    [InlineData("https://example.lu")]
    [InlineData("https://guichet.example.lu.evil.com")]
    [InlineData("https://other.example.lu")]
    [InlineData("null")]
    [InlineData("")]
    public async Task Challenge_ForeignOrigin_IsOriginNotAllowed(string origin)
    {
        await using var host = await ServiceHost.StartAsync();

        using var response = await host.Widget(origin).PostAsync("/v1/challenge", """{"sitekey":"site-a"}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "origin-not-allowed");
    }

    [Fact]
    public async Task Challenge_WildcardHostname_AllowsSubdomains()
    {
        await using var host = await ServiceHost.StartAsync();

        using var response = await host.Widget("https://etat.myguichet.lu").PostAsync("/v1/challenge", """{"sitekey":"site-a"}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"log in\"")]
    [InlineData("\"login!\"")]
    [InlineData("\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"")]
    [InlineData("12")]
    [InlineData("[]")]
    [InlineData("\"\\udc00\"")]
    [InlineData("\"login\\n\"")]
    public async Task Challenge_BadActionName_IsActionInvalid(string action)
    {
        await using var host = await ServiceHost.StartAsync();

        using var response = await host.Widget().PostAsync("/v1/challenge", $$"""{"sitekey":"site-a","action":{{action}}}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "action-invalid");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("sitekey=site-a")]
    [InlineData("{\"sitekey\":\"site-a\",}")]
    public async Task Challenge_MalformedBody_IsRequestInvalid(string body)
    {
        await using var host = await ServiceHost.StartAsync();

        using var response = await host.Widget().PostAsync("/v1/challenge", body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "request-invalid");
    }

    [Fact]
    public async Task Challenge_InvalidUtf8InAString_IsARefusal_NotA500()
    {
        await using var host = await ServiceHost.StartAsync();
        using var content = new ByteArrayContent([.. "{\"sitekey\":\""u8.ToArray(), 0xFF, 0xFE, .. "\"}"u8.ToArray()]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/challenge") { Content = content };
        request.Headers.Add("Origin", ServiceHost.Origin);

        using var response = await host.CreateClient().SendAsync(request);

        ((int)response.StatusCode).Should().Be(400);
    }

    [Fact]
    public async Task Challenge_UnknownFields_AreIgnored()
    {
        await using var host = await ServiceHost.StartAsync();

        using var response = await host.Widget().PostAsync("/v1/challenge", """{"sitekey":"site-a","action":"login","future":{"x":1}}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Preflight_FromASiteHostname_IsAllowed_FromElsewhere_IsNot()
    {
        await using var host = await ServiceHost.StartAsync();
        var http = host.CreateClient();

        async Task<HttpResponseMessage> Preflight(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/challenge");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
            return await http.SendAsync(request);
        }

        using var allowed = await Preflight(ServiceHost.Origin);
        using var refused = await Preflight("https://evil.example.com");

        allowed.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(ServiceHost.Origin);
        refused.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    [Fact]
    public async Task SiteverifyIsNotOpenToBrowsers()
    {
        await using var host = await ServiceHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/siteverify");
        request.Headers.Add("Origin", ServiceHost.Origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");

        using var response = await host.CreateClient().SendAsync(request);

        response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    [Fact]
    public async Task ResponseShape_HasExactlyTheProtocolMembers()
    {
        await using var host = await ServiceHost.StartAsync();

        using var response = await host.Widget().PostAsync("/v1/challenge", """{"sitekey":"site-a"}""");
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        body.Select(p => p.Key).Should().BeEquivalentTo("id", "pow", "expiresAt");
        body["expiresAt"]!.GetValue<string>().Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", "the protocol's timestamp shape");
        body["pow"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("algorithm", "salt", "difficulty", "iterations", "puzzles");
    }

    [Fact]
    public async Task BrowserWithoutWebCrypto_GetsSha256AtTheSameNativeCost_AndItsStepUpsToo()
    {
        // The widget lists what it can compute; an insecure context has no crypto.subtle.
        await using var host = await ServiceHost.StartAsync();
        var widget = host.Widget();

        using var response = await widget.PostAsync("/v1/challenge", """{"sitekey":"site-a","algorithms":["sha256-lzb"]}""");
        var challenge = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var stepUp = (await widget.VerifyAsync(challenge, Sessions.Idle))["challenge"]!.AsObject();

        challenge["pow"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("algorithm", "salt", "difficulty", "puzzles");
        challenge["pow"]!["algorithm"]!.GetValue<string>().Should().Be("sha256-lzb");
        challenge["pow"]!["difficulty"]!.GetValue<int>().Should().Be(4 + 9, "160 PBKDF2 iterations are 320 SHA-256 compressions: 9 more bits");
        stepUp["pow"]!["algorithm"]!.GetValue<string>().Should().Be("sha256-lzb");
        stepUp["pow"]!["difficulty"]!.GetValue<int>().Should().Be(8 + 9);
    }

    [Theory]
    [InlineData("""{"sitekey":"site-a","algorithms":["pbkdf2-sha256-lzb","sha256-lzb"]}""")]
    [InlineData("""{"sitekey":"site-a","algorithms":"sha256-lzb"}""")]
    public async Task AlgorithmsOfferedWithTheSites_OrMalformed_GetTheSitesAlgorithm(string body)
    {
        await using var host = await ServiceHost.StartAsync();

        using var response = await host.Widget().PostAsync("/v1/challenge", body);
        var challenge = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        challenge["pow"]!["algorithm"]!.GetValue<string>().Should().Be("pbkdf2-sha256-lzb");
    }
}
