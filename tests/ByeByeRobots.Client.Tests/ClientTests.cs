using ByeByeRobots.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ByeByeRobots.Client.Tests;

/// <summary><see cref="IByeByeRobotsClient"/> against the real service and real Redis.</summary>
public class ClientTests
{
    [Fact]
    public async Task AGoodToken_Succeeds_WithItsScoreActionHostnameAndTime()
    {
        await using var host = await ServiceHost.StartAsync();
        var token = await host.Widget().PassAsync(action: "login");
        var client = Clients.Create(host.BaseAddress);

        var result = await client.VerifyAsync(token, "192.0.2.7", "login");

        result.Success.Should().BeTrue(string.Join(",", result.ErrorCodes));
        result.Action.Should().Be("login");
        result.Hostname.Should().Be("guichet.example.lu");
        result.Score.Should().BeInRange(0, 1);
        result.ChallengeTimestamp.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        result.ErrorCodes.Should().BeEmpty();
        result.FailedOpen.Should().BeFalse();
    }

    [Fact]
    public async Task AReusedToken_IsRefused_TimeoutOrDuplicate()
    {
        await using var host = await ServiceHost.StartAsync();
        var token = await host.Widget().PassAsync();
        var client = Clients.Create(host.BaseAddress);

        (await client.VerifyAsync(token)).Success.Should().BeTrue();
        var second = await client.VerifyAsync(token);

        second.Success.Should().BeFalse();
        second.ErrorCodes.Should().Equal(VerificationErrors.TimeoutOrDuplicate);
    }

    [Fact]
    public async Task AnExpiredToken_IsRefused_TimeoutOrDuplicate()
    {
        await using var host = await ServiceHost.StartAsync(fakeTime: true);
        var token = await host.Widget().PassAsync();
        host.Time!.Advance(TimeSpan.FromMinutes(6));

        var result = await Clients.Create(host.BaseAddress).VerifyAsync(token);

        result.Success.Should().BeFalse();
        result.ErrorCodes.Should().Equal(VerificationErrors.TimeoutOrDuplicate);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AForgedToken_IsRefused_InvalidInputResponse(string forged)
    {
        await using var host = await ServiceHost.StartAsync();

        var result = await Clients.Create(host.BaseAddress).VerifyAsync(forged);

        result.Success.Should().BeFalse();
        result.ErrorCodes.Should().Equal(VerificationErrors.InvalidInputResponse);
    }

    [Fact]
    public async Task ATamperedToken_IsRefused_InvalidInputResponse()
    {
        await using var host = await ServiceHost.StartAsync();
        var token = await host.Widget().PassAsync();
        var tampered = token[..^4] + (token[^4] == 'A' ? 'B' : 'A') + token[^3..];

        var result = await Clients.Create(host.BaseAddress).VerifyAsync(tampered);

        result.ErrorCodes.Should().Equal(VerificationErrors.InvalidInputResponse);
    }

    [Fact]
    public async Task AnotherSitesToken_IsRefused_InvalidInputResponse()
    {
        await using var host = await ServiceHost.StartAsync();
        var token = await host.Widget("https://other.example.lu").PassAsync(siteKey: ServiceHost.OtherSiteKey);

        var result = await Clients.Create(host.BaseAddress).VerifyAsync(token);

        result.ErrorCodes.Should().Equal(VerificationErrors.InvalidInputResponse);
    }

    [Fact]
    public async Task AWrongSecret_IsRefused_InvalidInputSecret()
    {
        await using var host = await ServiceHost.StartAsync();
        var token = await host.Widget().PassAsync();

        var result = await Clients.Create(host.BaseAddress, s => s["ByeByeRobots:Secret"] = "not-the-secret-0123456789abcdef-0123456789").VerifyAsync(token);

        result.ErrorCodes.Should().Equal(VerificationErrors.InvalidInputSecret);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task NoToken_IsMissingInputResponse_WithoutACall(string? token)
    {
        await using var host = await ServiceHost.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(host.BaseAddress);

        var result = await Clients.Create(proxy.Address).VerifyAsync(token);

        result.ErrorCodes.Should().Equal(VerificationErrors.MissingInputResponse);
        proxy.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task ATokenForAnotherAction_IsRefused_ActionMismatch()
    {
        await using var host = await ServiceHost.StartAsync();
        var token = await host.Widget().PassAsync(action: "newsletter");

        var result = await Clients.Create(host.BaseAddress).VerifyAsync(token, expectedAction: "login");

        result.Success.Should().BeFalse();
        result.ErrorCodes.Should().Equal(VerificationErrors.ActionMismatch);
        result.Action.Should().Be("newsletter", "the result still says what the token was for");
    }

    [Fact]
    public async Task ATokenFromAnotherHostname_IsRefused_HostnameMismatch()
    {
        await using var host = await ServiceHost.StartAsync();
        var fromSubdomain = await host.Widget("https://a.myguichet.lu").PassAsync();
        var fromMain = await host.Widget().PassAsync();
        var client = Clients.Create(host.BaseAddress, s => s["ByeByeRobots:Hostnames:0"] = "*.myguichet.lu");

        var refused = await client.VerifyAsync(fromMain);
        var accepted = await client.VerifyAsync(fromSubdomain);

        refused.ErrorCodes.Should().Equal(VerificationErrors.HostnameMismatch);
        refused.Hostname.Should().Be("guichet.example.lu");
        accepted.Success.Should().BeTrue();
    }

    [Fact]
    public async Task ALostResponse_IsRetried_WithTheSameIdempotencyKey_AndGetsTheFirstAnswer()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(host.BaseAddress);
        var token = await host.Widget().PassAsync(action: "login");
        proxy.DropResponses(2);

        var result = await Clients.Create(proxy.Address).VerifyAsync(token, expectedAction: "login");

        result.Success.Should().BeTrue("the third attempt is answered with the first (lost) answer, not timeout-or-duplicate: " + string.Join(",", result.ErrorCodes));
        result.Action.Should().Be("login");
        var calls = proxy.Calls.ToArray();
        calls.Should().HaveCount(3, "two answers were lost on the way back");
        calls.Select(c => c["idempotency_key"]).Distinct().Should().ContainSingle("every retry of one verification sends the same key");
        calls[0]["idempotency_key"].Should().MatchRegex("^[0-9a-f]{32}$");
        calls.Should().OnlyContain(c => c["response"] == token);

        // The token is still good exactly once: another verification (a new key) is a duplicate.
        var replay = await Clients.Create(host.BaseAddress).VerifyAsync(token);
        replay.ErrorCodes.Should().Equal(VerificationErrors.TimeoutOrDuplicate);
    }

    [Fact]
    public async Task TwoVerifications_OfOneToken_UseTwoKeys()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(host.BaseAddress);
        var token = await host.Widget().PassAsync();
        var client = Clients.Create(proxy.Address);

        (await client.VerifyAsync(token)).Success.Should().BeTrue();
        (await client.VerifyAsync(token)).ErrorCodes.Should().Equal(VerificationErrors.TimeoutOrDuplicate);

        proxy.Calls.Select(c => c["idempotency_key"]).Distinct().Should().HaveCount(2);
    }

    [Fact]
    public async Task AServiceThatFails_IsRetried_ThenFailsClosed_ByDefault()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(host.BaseAddress);
        proxy.FailWith = 503;
        var client = Clients.Create(proxy.Address, s => s["ByeByeRobots:Resilience:MaxRetryAttempts"] = "2");

        var result = await client.VerifyAsync("some-token");

        result.Success.Should().BeFalse();
        result.ErrorCodes.Should().Equal(VerificationErrors.ServiceUnavailable);
        proxy.Calls.Should().HaveCount(3, "one attempt and two retries");
    }

    [Fact]
    public async Task ARefusal_IsNotRetried()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(host.BaseAddress);

        await Clients.Create(proxy.Address).VerifyAsync("forged");

        proxy.Calls.Should().ContainSingle("a refused token is an answer, not a transient failure");
    }

    [Fact]
    public async Task AnUnreachableService_FailsOpen_WhenConfiguredSo()
    {
        var nobody = new Uri("http://127.0.0.1:9/"); // the discard port: connection refused
        var client = Clients.Create(nobody, s =>
        {
            s["ByeByeRobots:WhenUnreachable"] = "FailOpen";
            s["ByeByeRobots:Resilience:MaxRetryAttempts"] = "1";
        });

        var result = await client.VerifyAsync("some-token");

        result.Success.Should().BeTrue();
        result.FailedOpen.Should().BeTrue();
        result.Score.Should().BeNull();
    }

    [Fact]
    public async Task TheCircuitOpens_AfterFailures_RefusesWithoutCalling_ThenCloses()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(host.BaseAddress);
        var client = Clients.Create(proxy.Address, s =>
        {
            s["ByeByeRobots:Resilience:MaxRetryAttempts"] = "0";
            s["ByeByeRobots:Resilience:MinimumThroughput"] = "4";
            s["ByeByeRobots:Resilience:FailureRatio"] = "0.5";
            s["ByeByeRobots:Resilience:BreakDuration"] = "00:00:01";
        });

        // Tokens made first: once the circuit is open, the test must not spend its break making them.
        var tokens = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            tokens.Add(await host.Widget().PassAsync());
        }

        proxy.FailWith = 500;
        for (var i = 0; i < 4; i++)
        {
            (await client.VerifyAsync("t")).ErrorCodes.Should().Equal(VerificationErrors.ServiceUnavailable);
        }

        proxy.FailWith = null;
        var callsWhenOpened = proxy.Calls.Count;
        var whileOpen = await client.VerifyAsync(tokens[0]);
        whileOpen.ErrorCodes.Should().Equal(VerificationErrors.ServiceUnavailable);
        proxy.Calls.Count.Should().Be(callsWhenOpened, "an open circuit refuses without calling the service");

        // After the break, a trial call goes through; success closes the circuit.
        VerificationResult? afterBreak = null;
        for (var attempt = 1; attempt < 10 && afterBreak?.Success != true; attempt++)
        {
            await Task.Delay(500);
            afterBreak = await client.VerifyAsync(tokens[attempt]);
        }

        afterBreak!.Success.Should().BeTrue("the circuit closes once the service answers again");
        (await client.VerifyAsync(tokens[11])).Success.Should().BeTrue();
    }

    [Fact]
    public async Task AStoreOutage_IsRetried_AsTransient()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var host = await ServiceHost.StartAsync(redisConfiguration: redis.Configuration);
        await using var proxy = await FaultProxy.StartAsync(host.BaseAddress);
        var token = await host.Widget().PassAsync();
        await redis.StopAsync();

        var result = await Clients.Create(proxy.Address, s => s["ByeByeRobots:Resilience:MaxRetryAttempts"] = "1").VerifyAsync(token);

        result.ErrorCodes.Should().Equal(new[] { VerificationErrors.ServiceUnavailable }, "the service answered internal-error: it could not check");
        proxy.Calls.Should().HaveCount(2, "internal-error comes with Retry-After, and is retried once");
    }

    [Theory]
    [InlineData("ByeByeRobots:ServiceUrl", "not a url")]
    [InlineData("ByeByeRobots:ServiceUrl", "ftp://verify.example.lu")]
    [InlineData("ByeByeRobots:Secret", "short")]
    [InlineData("ByeByeRobots:Resilience:TotalTimeout", "00:00:00.100")]
    public void BadSettings_FailAtStart_NamingTheSetting(string key, string value)
    {
        var settings = Clients.Settings(new Uri("https://verify.example.lu"));
        settings[key] = value;

        var start = () => Clients.Build(settings).GetRequiredService<IOptions<ByeByeRobotsClientOptions>>().Value;

        start.Should().Throw<Exception>().Which.Message.Should().Contain(key.Split(':')[1]);
    }

    [Fact]
    public async Task ASiteOnTheHCaptchaProfile_StillAnswersThisClientInTheDefaultShape()
    {
        await using var host = await ServiceHost.StartAsync(s => s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:Compatibility:SiteVerifyProfile"] = "hcaptcha");
        var token = await host.Widget().PassAsync(action: "login");
        var reference = await host.Widget().PassAsync(action: "login");
        var (_, hcaptchaShaped) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, reference);

        var result = await Clients.Create(host.BaseAddress).VerifyAsync(token, expectedAction: "login");

        result.Success.Should().BeTrue(string.Join(",", result.ErrorCodes));
        result.Action.Should().Be("login");
        result.Score.Should().BeApproximately(1 - hcaptchaShaped["score"]!.GetValue<double>(), 0.011, "the client reads humanity, not hCaptcha's risk");
    }

    [Theory]
    [InlineData(413)]
    [InlineData(403)]
    [InlineData(400)]
    public async Task ARefusalByAProxyInFront_IsARefusal_EvenWhenFailingOpen(int status)
    {
        await using var host = await ServiceHost.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(host.BaseAddress);
        proxy.FailWith = status;
        var client = Clients.Create(proxy.Address, s => s["ByeByeRobots:WhenUnreachable"] = "FailOpen");

        var result = await client.VerifyAsync("attacker-chosen-token");

        result.Success.Should().BeFalse("only an outage may fail open, not a refusal an attacker can provoke");
        result.FailedOpen.Should().BeFalse();
        result.ErrorCodes.Should().Equal(VerificationErrors.BadRequest);
    }

    [Theory]
    [InlineData(2049)]
    [InlineData(1_500_000)]
    public async Task AnOversizedOrOddToken_IsRefused_WithoutACall(int length)
    {
        await using var host = await ServiceHost.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(host.BaseAddress);
        var client = Clients.Create(proxy.Address, s => s["ByeByeRobots:WhenUnreachable"] = "FailOpen");

        var oversized = await client.VerifyAsync(new string('A', length));
        var odd = await client.VerifyAsync("<script>alert(1)</script>");

        oversized.ErrorCodes.Should().Equal(VerificationErrors.InvalidInputResponse);
        odd.ErrorCodes.Should().Equal(VerificationErrors.InvalidInputResponse);
        proxy.Calls.Should().BeEmpty();
    }
}
