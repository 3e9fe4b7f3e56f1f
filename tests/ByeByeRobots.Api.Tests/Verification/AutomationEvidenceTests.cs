using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ByeByeRobots.Testing;

namespace ByeByeRobots.Api.Tests.Verification;

/// <summary>
/// Automation evidence the service finds itself (protocol section 3): a request that contradicts
/// the page it claims to come from, and a trajectory replayed from another session, across
/// instances and on a Redis Cluster; each switched off per site by DisabledEvidence.
/// </summary>
public class AutomationEvidenceTests
{
    private static string Key(string name) => $"ByeByeRobots:Sites:{ServiceHost.SiteKey}:{name}";

    /// <summary>A site where automation is a step-up (so a token says why), with a cheap one.</summary>
    private static void StepUpOnAutomation(Dictionary<string, string?> s)
    {
        s[Key("OnAutomation")] = "step-up";
        s[Key("Pow:MaxStepUpDifficulty")] = "8";
    }

    /// <summary>Challenge, verify (and the step-up, when asked), siteverify: the reasons and whether it was stepped up.</summary>
    private static async Task<(bool SteppedUp, string[] Reasons)> VerdictAsync(ServiceHost host, string signals)
    {
        var widget = host.Widget();
        var verdict = await widget.VerifyAsync(await widget.ChallengeAsync(), signals);
        if (verdict["verdict"]!.GetValue<string>() == "step-up")
        {
            verdict = await widget.VerifyAsync(verdict["challenge"]!.AsObject(), signals);
        }

        verdict["verdict"]!.GetValue<string>().Should().Be("pass", verdict.ToJsonString());
        var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, verdict["token"]!.GetValue<string>());
        return (answer["stepped_up"]!.GetValue<bool>(), [.. answer["reasons"]!.AsArray().Select(r => r!.GetValue<string>())]);
    }

    [Fact]
    public async Task ASessionsSignals_SentAgainWithAnotherChallenge_AreAReplay()
    {
        await using var host = await ServiceHost.StartAsync(StepUpOnAutomation);
        var person = Sessions.Human;

        var first = await VerdictAsync(host, person);
        var replay = await VerdictAsync(host, person);
        var another = await VerdictAsync(host, Sessions.Human);

        first.Reasons.Should().BeEmpty();
        another.Reasons.Should().BeEmpty("another person's path is not a replay");
        replay.SteppedUp.Should().BeTrue();
        replay.Reasons.Should().Equal("automation-replayed");
    }

    [Fact]
    public async Task AReplay_WithAPixelOfNoise_MovedAndSlowed_IsStillAReplay_OnAnotherInstance()
    {
        // Two instances on one Redis: a replay is found whichever instance saw the first session.
        await using var redis = await RedisServer.StartAsync();
        var prefix = $"replay-{Guid.NewGuid():N}:";
        await using var one = await ServiceHost.StartAsync(s => { StepUpOnAutomation(s); s["ByeByeRobots:Redis:KeyPrefix"] = prefix; }, redisConfiguration: redis.Configuration);
        await using var two = await ServiceHost.StartAsync(s => { StepUpOnAutomation(s); s["ByeByeRobots:Redis:KeyPrefix"] = prefix; }, redisConfiguration: redis.Configuration);
        var person = Sessions.Human;

        await VerdictAsync(one, person);
        var replay = await VerdictAsync(two, Replayed(person, seed: 3));

        replay.Reasons.Should().Equal("automation-replayed");
    }

    [Fact]
    public async Task OnARedisCluster_AReplayIsFound()
    {
        await using var cluster = await RedisCluster.StartAsync();
        await using var host = await ServiceHost.StartAsync(StepUpOnAutomation, redisConfiguration: cluster.Configuration);
        var person = Sessions.Human;

        await VerdictAsync(host, person);

        (await VerdictAsync(host, Replayed(person, seed: 4))).Reasons.Should().Equal("automation-replayed");
    }

    [Fact]
    public async Task AReplay_IsNotEvidence_WhereTheSiteSwitchedItOff_OrWithNoWindow()
    {
        await using var off = await ServiceHost.StartAsync(s => { StepUpOnAutomation(s); s[Key("DisabledEvidence:0")] = "automation-replayed"; });
        await using var noWindow = await ServiceHost.StartAsync(s => { StepUpOnAutomation(s); s["ByeByeRobots:Replay:Window"] = "00:00:00"; });
        foreach (var host in new[] { off, noWindow })
        {
            var person = Sessions.Human;
            await VerdictAsync(host, person);
            (await VerdictAsync(host, person)).Reasons.Should().BeEmpty();
        }
    }

    [Fact]
    public async Task AStepUp_CarryingTheSameSessionsPathAgain_IsNotAReplayOfItself()
    {
        // Everything below the pass threshold steps up; the step-up's verify sends the same events.
        await using var host = await ServiceHost.StartAsync(s => s[Key("PassScore")] = "0.9");

        var (steppedUp, reasons) = await VerdictAsync(host, Sessions.Human);

        steppedUp.Should().BeTrue();
        reasons.Should().Equal("behaviour-low");
    }

    public static TheoryData<string, string[]> ProtocolClients => new()
    {
        { "no browser headers at all", [] },
        { "the page's user agent but no language", ["User-Agent"] },
        { "a Chrome user agent without fetch metadata or client hints", ["User-Agent", "Accept-Language"] },
    };

    /// <summary>A client without a browser, posting a real person's signals as the protocol says, with only some of a browser's headers.</summary>
    [Theory]
    [MemberData(nameof(ProtocolClients))]
    public async Task AProtocolClient_WithoutABrowser_ContradictsThePageItClaims(string why, string[] sent)
    {
        await using var host = await ServiceHost.StartAsync(StepUpOnAutomation);
        var chrome = Sessions.Human.Replace(Sessions.UserAgent, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", StringComparison.Ordinal);
        var widget = host.Widget();
        var challenge = await widget.ChallengeAsync();
        var body = $$"""{"id":"{{challenge["id"]}}","pow":[{{string.Join(",", WidgetClient.Solve(challenge))}}],"signals":{{chrome}}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/verify") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Origin", ServiceHost.Origin);
        foreach (var (name, value) in WidgetClient.BrowserHeaders(body).Where(h => sent.Contains(h.Name)))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await host.CreateClient().SendAsync(request);
        var verdict = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        verdict["verdict"]!.GetValue<string>().Should().Be("step-up", why);
        var passed = await widget.VerifyAsync(verdict["challenge"]!.AsObject(), chrome);
        var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, passed["token"]!.GetValue<string>());
        answer["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Contain("automation-request-mismatch", why);
    }

    [Fact]
    public async Task TheSameSignals_WithTheHeadersABrowserWrites_AreNotEvidence()
    {
        await using var host = await ServiceHost.StartAsync(StepUpOnAutomation);
        var chrome = Sessions.Human.Replace(Sessions.UserAgent, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", StringComparison.Ordinal);

        (await VerdictAsync(host, chrome)).Reasons.Should().BeEmpty();
    }

    /// <summary>The session's signals with ±1 px of noise on every pointer event, 37 px to the right and 20 % slower.</summary>
    private static string Replayed(string signals, int seed)
    {
        var random = new Random(seed);
        var json = JsonNode.Parse(signals)!.AsObject();
        foreach (var e in json["mouse"]!.AsArray())
        {
            var a = e!.AsArray();
            a[0] = Math.Round(a[0]!.GetValue<double>() * 1.2, 1);
            a[1] = a[1]!.GetValue<int>() + 37 + random.Next(-1, 2);
            a[2] = a[2]!.GetValue<int>() + random.Next(-1, 2);
        }

        json["t"] = json["t"]!.GetValue<double>() * 1.2;
        return json.ToJsonString();
    }
}
