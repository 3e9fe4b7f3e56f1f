using ByeByeRobots.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace ByeByeRobots.Api.Tests.Verification;

public class VerifyEndpointTests
{
    [Fact]
    public async Task HappyPath_ChallengeSolveVerifySiteverify_Succeeds()
    {
        await using var host = await ServiceHost.StartAsync();
        var widget = host.Widget();

        var challenge = await widget.ChallengeAsync(action: "login");
        var verdict = await widget.VerifyAsync(challenge, Sessions.Human);
        var (status, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, verdict["token"]!.GetValue<string>());

        verdict.Select(p => p.Key).Should().BeEquivalentTo("verdict", "token", "expiresAt");
        verdict["verdict"]!.GetValue<string>().Should().Be("pass");
        verdict["token"]!.GetValue<string>().Length.Should().BeLessThanOrEqualTo(2048);
        status.Should().Be(HttpStatusCode.OK);
        answer["success"]!.GetValue<bool>().Should().BeTrue();
        answer["hostname"]!.GetValue<string>().Should().Be("guichet.example.lu");
        answer["action"]!.GetValue<string>().Should().Be("login");
        answer["score"]!.GetValue<double>().Should().BeInRange(new ByeByeRobots.Core.Sites.SiteOptions().PassScore, 1);
        answer["challenge_ts"]!.GetValue<DateTime>().Should().BeCloseTo(DateTime.UtcNow, TimeSpan.FromMinutes(1));
        answer["challenge_ts"]!.GetValue<string>().Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$");
        verdict["expiresAt"]!.GetValue<string>().Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$");
        BackendClient.ErrorCodes(answer).Should().BeEmpty();
    }

    [Fact]
    public async Task Verify_ReusedChallenge_ReturnsChallengeUnknown()
    {
        await using var host = await ServiceHost.StartAsync();
        var widget = host.Widget();
        var challenge = await widget.ChallengeAsync();
        var id = challenge["id"]!.GetValue<string>();
        var pow = WidgetClient.Solve(challenge);
        using var first = await widget.VerifyRawAsync(id, pow, Sessions.Human);

        using var second = await widget.VerifyRawAsync(id, pow, Sessions.Human);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        await second.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "challenge-unknown");
    }

    [Fact]
    public async Task Verify_TwentyConcurrentVerifiesOfOneChallenge_ExactlyOneProceeds()
    {
        await using var host = await ServiceHost.StartAsync();
        var widget = host.Widget();
        var challenge = await widget.ChallengeAsync();
        var pow = WidgetClient.Solve(challenge);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => widget.VerifyRawAsync(challenge["id"]!.GetValue<string>(), pow, Sessions.Human)));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest).Should().Be(19);
    }

    [Fact]
    public async Task Verify_UnknownId_ReturnsChallengeUnknown()
    {
        await using var host = await ServiceHost.StartAsync();

        using var response = await host.Widget().VerifyRawAsync("AAAAAAAAAAAAAAAAAAAAAA", [1, 2, 3, 4], Sessions.Human);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "challenge-unknown");
    }

    [Fact]
    public async Task Verify_WrongProofOfWork_IsPowInvalid_AndConsumesTheChallenge()
    {
        await using var host = await ServiceHost.StartAsync(s => s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:Pow:Difficulty"] = "6");
        var widget = host.Widget();
        var challenge = await widget.ChallengeAsync();
        var id = challenge["id"]!.GetValue<string>();
        var pow = WidgetClient.Solve(challenge);
        var wrong = pow.Select(n => n + 1).ToArray();

        using var response = await widget.VerifyRawAsync(id, wrong, Sessions.Human);
        using var retry = await widget.VerifyRawAsync(id, pow, Sessions.Human);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "pow-invalid");
        await retry.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "challenge-unknown");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[1,2,3]")]
    [InlineData("[1,2,3,4,5]")]
    [InlineData("[-1,0,0,0]")]
    [InlineData("[1.5,0,0,0]")]
    [InlineData("[9007199254740992,0,0,0]")]
    [InlineData("\"0,0,0,0\"")]
    [InlineData("null")]
    public async Task Verify_MalformedProofOfWork_IsPowInvalid(string pow)
    {
        await using var host = await ServiceHost.StartAsync();
        var widget = host.Widget();
        var challenge = await widget.ChallengeAsync();

        using var response = await widget.PostAsync("/v1/verify", $$"""{"id":"{{challenge["id"]}}","pow":{{pow}},"signals":{{Sessions.Human}}}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "pow-invalid");
    }

    [Fact]
    public async Task Verify_ExpiredChallenge_IsChallengeExpired()
    {
        await using var host = await ServiceHost.StartAsync(fakeTime: true);
        var widget = host.Widget();
        var challenge = await widget.ChallengeAsync();
        host.Time!.Advance(TimeSpan.FromSeconds(121));

        using var response = await widget.VerifyRawAsync(challenge["id"]!.GetValue<string>(), WidgetClient.Solve(challenge), Sessions.Human);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "challenge-expired");
    }

    [Fact]
    public async Task Verify_FromAnotherOrigin_IsOriginNotAllowed()
    {
        await using var host = await ServiceHost.StartAsync();
        var widget = host.Widget();
        var challenge = await widget.ChallengeAsync();

        using var response = await widget.VerifyRawAsync(challenge["id"]!.GetValue<string>(), WidgetClient.Solve(challenge), Sessions.Human, "https://etat.myguichet.lu");

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "origin-not-allowed");
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "not json", "request-invalid" },
        { "[]", "request-invalid" },
        { "", "request-invalid" },
        { """{"id":NaN}""", "request-invalid" },
        { """{"id":"AAAAAAAAAAAAAAAAAAAAAA","pow":[],"signals":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}""", "request-invalid" },
        { """{"id":12,"pow":[],"signals":{}}""", "challenge-unknown" },
        { """{"id":"short","pow":[],"signals":{}}""", "challenge-unknown" },
        { """{"id":"\udc00AAAAAAAAAAAAAAAAAAAAA","pow":[],"signals":{}}""", "challenge-unknown" },
        { """{"pow":[],"signals":{}}""", "challenge-unknown" },
        { """{"id":"AAAAAAAAAAAAAAAAAAAAAA"} {}""", "request-invalid" },
        { """{"id":"AAAAAAAAAAAAAAAAAAAAAA","extra":{"\ud800":1}}""", "request-invalid" },
        { """{"id":"AAAAAAAAAAAAAAAAAAAAAA","signals":{"v":2,"\udc00":1}}""", "request-invalid" },
        { """{"id":"AAAAAAAAAAAAAAAAAAAAAA","signals":{"v":2,"t":1},""", "request-invalid" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Verify_BadRequest_IsA400Problem_NeverA500(string body, string code)
    {
        await using var host = await ServiceHost.StartAsync();

        using var response = await host.Widget().PostAsync("/v1/verify", body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, code);
    }

    public static TheoryData<string> BadSignals => new()
    {
        "",
        """ "signals":"x" """,
        """ "signals":{"v":1,"t":1e400,"env":ENV} """,
        """ "signals":{"v":1,"t":5,"mouse":[[1,1e308,1,0]],"env":ENV} """,
        """ "signals":{"v":1,"t":5,"mouse":[["1",1,1,0]],"env":ENV} """,
        """ "signals":{"v":1,"t":5,"keys":"abc","env":ENV} """,
        """ "signals":{"v":1,"t":5,"env":{"webdriver":"no"}} """,
        """ "signals":{"v":1,"t":5,"untrusted":1e20,"env":ENV} """,
        """ "signals":{"v":1,"t":5,"env":BADUA} """,
    };

    [Theory]
    [MemberData(nameof(BadSignals))]
    public async Task Verify_BadSignals_IsSignalsInvalid_AndConsumesTheChallenge(string signalsMember)
    {
        await using var host = await ServiceHost.StartAsync();
        var widget = host.Widget();
        var challenge = await widget.ChallengeAsync();
        var id = challenge["id"]!.GetValue<string>();
        var pow = WidgetClient.Solve(challenge);
        var member = signalsMember.Trim()
            .Replace("BADUA", Sessions.Env.Replace("\"ua\":\"", "\"ua\":\"\\udc00", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("ENV", Sessions.Env, StringComparison.Ordinal);
        var body = $"{{\"id\":\"{id}\",\"pow\":[{string.Join(",", pow)}]" + (member.Length > 0 ? "," + member : "") + "}";

        using var response = await widget.PostAsync("/v1/verify", body);
        using var retry = await widget.VerifyRawAsync(id, pow, Sessions.Human);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "signals-invalid");
        await retry.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "challenge-unknown");
    }

    [Fact]
    public async Task Verify_BadSignalsThenABrokenBody_IsRequestInvalid_AndLeavesTheChallengeUnused()
    {
        // The body is read to its end before the challenge is taken: a body that is not JSON
        // consumes nothing, whatever was refused inside the signals before the syntax broke.
        await using var host = await ServiceHost.StartAsync();
        var widget = host.Widget();
        var challenge = await widget.ChallengeAsync();
        var id = challenge["id"]!.GetValue<string>();
        var pow = WidgetClient.Solve(challenge);

        using var broken = await widget.PostAsync("/v1/verify", $$"""{"id":"{{id}}","pow":[{{string.Join(",", pow)}}],"signals":{"v":2,"t":1,"mouse":[[1,2,3,0]]},"x":[}""");
        using var retry = await widget.VerifyRawAsync(id, pow, Sessions.Human);

        await broken.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "request-invalid");
        retry.StatusCode.Should().Be(HttpStatusCode.OK, "the broken body did not consume the challenge");
    }

    [Fact]
    public async Task Verify_300KiBBody_IsPayloadTooLarge()
    {
        await using var host = await ServiceHost.StartAsync();
        var padding = new string('x', 300 * 1024);

        using var response = await host.Widget().PostAsync("/v1/verify", $$"""{"id":"AAAAAAAAAAAAAAAAAAAAAA","pad":"{{padding}}"}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Verify_300KiBChunkedBodyWithoutLength_IsPayloadTooLarge()
    {
        await using var host = await ServiceHost.StartAsync();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string(' ', 300 * 1024) + "{}")));
        content.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/verify") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("Origin", ServiceHost.Origin);

        using var response = await host.CreateClient().SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Verify_TenThousandEvents_IsPayloadTooLarge()
    {
        await using var host = await ServiceHost.StartAsync();
        var widget = host.Widget();
        var challenge = await widget.ChallengeAsync();
        var events = string.Join(",", Enumerable.Repeat("[1,1,1,0]", 10_000));

        using var response = await widget.VerifyRawAsync(challenge["id"]!.GetValue<string>(), WidgetClient.Solve(challenge), $$"""{"v":1,"t":5,"mouse":[{{events}}],"env":{{Sessions.Env}}}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task StepUp_BetterSignalsOnTheSecondTry_DoNotLiftTheFirstScore()
    {
        await using var host = await ServiceHost.StartAsync();
        var widget = host.Widget();

        var first = await widget.VerifyAsync(await widget.ChallengeAsync(), Sessions.Brief);
        var second = await widget.VerifyAsync(first["challenge"]!.AsObject(), Sessions.Human);
        var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, second["token"]!.GetValue<string>());

        second["verdict"]!.GetValue<string>().Should().Be("pass");
        answer["score"]!.GetValue<double>().Should().Be(0.38, "the lower of the two scores (0.375 then 0.75)");
        answer["stepped_up"]!.GetValue<bool>().Should().BeTrue();
        answer["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("behaviour-low");
    }

    [Fact]
    public async Task Challenge_OverlongOriginHost_IsOriginNotAllowed()
    {
        await using var host = await ServiceHost.StartAsync();
        var label = new string('a', 63);

        using var response = await host.Widget($"https://{label}.{label}.{label}.{label}.myguichet.lu").PostAsync("/v1/challenge", """{"sitekey":"site-a"}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "origin-not-allowed");
    }

    [Fact]
    public async Task Verify_KeyboardOnlySession_Passes()
    {
        await using var host = await ServiceHost.StartAsync();
        const string keyboardOnly = $$"""{"v":1,"t":9000,"keys":[[1200,1],[1290,2],[1530,1],[1600,2],[1980,1],[2050,2],[2250,1],[2330,2],[2790,1],[2850,2],[3100,1],[3190,2],[3700,1],[3770,2]],"focus":[[1000,1],[3900,2],[4000,1]],"env":{{Sessions.Env}}}""";

        var verdict = await host.Widget().VerifyAsync(await host.Widget().ChallengeAsync(), keyboardOnly);

        verdict["verdict"]!.GetValue<string>().Should().Be("pass");
    }

    [Fact]
    public async Task Verify_AutomatedBrowser_Fails_AndNeverSeesTheScore()
    {
        await using var host = await ServiceHost.StartAsync();
        var widget = host.Widget();

        var verdict = await widget.VerifyAsync(await widget.ChallengeAsync(), Sessions.Webdriver);

        verdict.ToJsonString().Should().Be("""{"verdict":"fail"}""");
    }

    [Fact]
    public async Task StepUp_HarderChallengeThenPass_TokenCarriesTheAction()
    {
        await using var host = await ServiceHost.StartAsync(s =>
        {
            s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:PassScore"] = "0.5";
            s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:StepUpScore"] = "0.2";
        });
        var widget = host.Widget();

        var first = await widget.VerifyAsync(await widget.ChallengeAsync(action: "signup"), Sessions.Brief);
        var stepUp = first["challenge"]!.AsObject();
        var second = await widget.VerifyAsync(stepUp, Sessions.Brief);
        var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, second["token"]!.GetValue<string>());

        first["verdict"]!.GetValue<string>().Should().Be("step-up");
        first.Select(p => p.Key).Should().BeEquivalentTo("verdict", "challenge");
        stepUp["pow"]!["algorithm"]!.GetValue<string>().Should().Be("pbkdf2-sha256-lzb");
        stepUp["pow"]!["difficulty"]!.GetValue<int>().Should().Be(7, "0.375 is 5/12 of the way from PassScore to StepUpScore: StepUpDifficulty 6 + round(5/12 x 2)");
        second["verdict"]!.GetValue<string>().Should().Be("pass");
        answer["success"]!.GetValue<bool>().Should().BeTrue();
        answer["action"]!.GetValue<string>().Should().Be("signup");
        answer["score"]!.GetValue<double>().Should().Be(0.38);
        answer["stepped_up"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task NoInteraction_IsNeverAPassAtOnce_EvenAtPassScoreZero_AndPaysTheCostliestStepUp()
    {
        await using var host = await ServiceHost.StartAsync(s =>
        {
            s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:PassScore"] = "0";
            s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:StepUpScore"] = "0";
        });
        var widget = host.Widget();

        var first = await widget.VerifyAsync(await widget.ChallengeAsync(), Sessions.Idle);
        var stepUp = first["challenge"]!.AsObject();
        var second = await widget.VerifyAsync(stepUp, Sessions.Idle);
        var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, second["token"]!.GetValue<string>());

        first["verdict"]!.GetValue<string>().Should().Be("step-up");
        stepUp["pow"]!["difficulty"]!.GetValue<int>().Should().Be(8, "MaxStepUpDifficulty: two bits above the test site's StepUpDifficulty 6");
        second["verdict"]!.GetValue<string>().Should().Be("pass");
        answer["success"]!.GetValue<bool>().Should().BeTrue();
        answer["score"]!.GetValue<double>().Should().Be(0, "nothing showed a person");
        answer["stepped_up"]!.GetValue<bool>().Should().BeTrue();
        answer["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("no-interaction");
    }

    [Fact]
    public async Task StepUp_AutomationInTheStepUpsSignals_Fails()
    {
        await using var host = await ServiceHost.StartAsync();
        var widget = host.Widget();

        var first = await widget.VerifyAsync(await widget.ChallengeAsync(), Sessions.Idle);
        var second = await widget.VerifyAsync(first["challenge"]!.AsObject(), Sessions.Webdriver);

        second["verdict"]!.GetValue<string>().Should().Be("fail");
    }

    [Fact]
    public async Task PerActionThresholds_OverrideTheSite()
    {
        await using var host = await ServiceHost.StartAsync(s => s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:Actions:payment:PassScore"] = "0.9");
        var widget = host.Widget();

        var login = await widget.VerifyAsync(await widget.ChallengeAsync(action: "login"), Sessions.Human);
        var payment = await widget.VerifyAsync(await widget.ChallengeAsync(action: "payment"), Sessions.Human);

        login["verdict"]!.GetValue<string>().Should().Be("pass");
        payment["verdict"]!.GetValue<string>().Should().Be("step-up");
    }

    [Fact]
    public async Task ShadowMode_PassesABot_AndReportsItsRealScoreToTheBackend()
    {
        await using var host = await ServiceHost.StartAsync(s => s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:ShadowMode"] = "true");
        var widget = host.Widget();

        var verdict = await widget.VerifyAsync(await widget.ChallengeAsync(), Sessions.Webdriver);
        var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, verdict["token"]!.GetValue<string>());

        verdict["verdict"]!.GetValue<string>().Should().Be("pass");
        answer["success"]!.GetValue<bool>().Should().BeTrue();
        answer["score"]!.GetValue<double>().Should().Be(0);
    }

    [Fact]
    public async Task Verify_AnswerIsNotCachedByTheBrowser()
    {
        await using var host = await ServiceHost.StartAsync();
        var widget = host.Widget();
        var challenge = await widget.ChallengeAsync();

        using var response = await widget.VerifyRawAsync(challenge["id"]!.GetValue<string>(), WidgetClient.Solve(challenge), Sessions.Human);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        body!["verdict"]!.GetValue<string>().Should().Be("pass");
        response.Headers.CacheControl?.NoStore.Should().BeTrue();
    }
}
