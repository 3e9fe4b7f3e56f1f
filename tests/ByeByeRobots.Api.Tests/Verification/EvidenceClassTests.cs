using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ByeByeRobots.Testing;
using ByeByeRobots.Training.Synthetic;
using static ByeByeRobots.Scoring.ScoringServiceCollectionExtensions;

namespace ByeByeRobots.Api.Tests.Verification;

/// <summary>
/// Protocol revision 2's verdicts over real HTTP, scored by the shipped model at the default
/// thresholds: what a client without a browser can send never passes at once; people at a
/// keyboard do; a low score is a costlier step-up, never a refusal; automation follows OnAutomation.
/// </summary>
public class EvidenceClassTests
{
    private const string Env = Sessions.Env;

    private static Task<ServiceHost> StartAsync(Action<Dictionary<string, string?>>? more = null) => ServiceHost.StartAsync(s =>
    {
        s.Remove(ScorerKey);
        s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:Pow:MaxStepUpDifficulty"] = "10";
        more?.Invoke(s);
    });

    private static string Keys(params double[] downs) => Keys(80, downs);

    private static string Keys(double hold, params double[] downs) =>
        string.Join(",", downs.Select(t => string.Create(CultureInfo.InvariantCulture, $"[{t:F1},1],[{t + hold:F1},2]")));

    public static TheoryData<string, string> Scripted => new()
    {
        { "no event", $$"""{"v":1,"t":4000,"env":{{Env}}}""" },
        { "focus events only (autofocus)", $$"""{"v":1,"t":4000,"focus":[[10,1],[3900,2]],"env":{{Env}}}""" },
        { "four key events", $$"""{"v":1,"t":4200,"keys":[[1200,1],[1290,2],[1500,1],[1580,2]],"focus":[[1000,1]],"env":{{Env}}}""" },
        { "one key", $$"""{"v":1,"t":4200,"keys":[[1200,1]],"env":{{Env}}}""" },
        { "a straight mouse line and a click", StraightLine() },
        { "ten keys at a metronome's pace", $$"""{"v":1,"t":4000,"keys":[{{Keys(1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900)}}],"focus":[[900,1]],"env":{{Env}}}""" },
    };

    private static string StraightLine()
    {
        var moves = string.Join(",", Enumerable.Range(0, 60).Select(i => string.Create(CultureInfo.InvariantCulture, $"[{100 + i * 16.7:F1},{100 + i * 10},{200 + i * 5},0]")));
        return $$"""{"v":1,"t":3000,"mouse":[{{moves}},[1200,700,500,1],[1290,700,500,2]],"env":{{Env}}}""";
    }

    [Theory]
    [MemberData(nameof(Scripted))]
    public async Task WhatAScriptSends_NeverPassesAtOnce_AndIsNeverRefused(string what, string signals)
    {
        await using var host = await StartAsync();
        var widget = host.Widget();

        var verdict = await widget.VerifyAsync(await widget.ChallengeAsync(), signals);

        verdict["verdict"]!.GetValue<string>().Should().Be("step-up", what);
        verdict["challenge"]!["pow"]!["difficulty"]!.GetValue<int>().Should().BeGreaterThan(6, $"{what}: more than the cheapest step-up");
    }

    [Fact]
    public async Task PeopleAtAKeyboard_PassAtOnce()
    {
        await using var host = await StartAsync();
        var widget = host.Widget();
        var random = new Random(777);
        var sessions = Enumerable.Range(0, 20).Select(_ => SessionJson.WriteSignals(SessionGenerator.Human("human-keyboard-only", random))).Append(ScreenReader()).ToList();

        var verdicts = new List<string>();
        foreach (var signals in sessions)
        {
            verdicts.Add((await widget.VerifyAsync(await widget.ChallengeAsync(), signals))["verdict"]!.GetValue<string>());
        }

        verdicts.Should().AllBe("pass");
    }

    /// <summary>
    /// A screen-reader user filling a short form: Tab from field to field at a listener's pace (the
    /// reader speaks each label first), typing in bursts, no pointer at all.
    /// </summary>
    private static string ScreenReader()
    {
        var random = new Random(5);
        var keys = new StringBuilder();
        var focus = new StringBuilder();
        var t = 2500.0;
        for (var field = 0; field < 5; field++)
        {
            keys.Append(keys.Length == 0 ? "" : ",").Append(Keys(60 + random.NextDouble() * 90, t));
            focus.Append(focus.Length == 0 ? "" : ",").Append(string.Create(CultureInfo.InvariantCulture, $"[{t + 20:F1},1]"));
            t += 1800 + random.NextDouble() * 2500;
            for (var c = 0; c < 6 + random.Next(8); c++)
            {
                keys.Append(',').Append(Keys(55 + random.NextDouble() * 100, t));
                t += 140 + random.NextDouble() * 260 + (random.Next(6) == 0 ? 700 : 0);
            }

            focus.Append(string.Create(CultureInfo.InvariantCulture, $",[{t:F1},2]"));
            t += 400 + random.NextDouble() * 900;
        }

        return string.Create(CultureInfo.InvariantCulture, $$"""{"v":1,"t":{{t + 1500:F1}},"keys":[{{keys}}],"focus":[{{focus}}],"env":{{Env}}}""");
    }

    [Fact]
    public async Task ALowScore_IsTheCostliestStepUp_ThenAPass_AndOnlyRefuseOnBehaviourRefusesIt()
    {
        await using var host = await StartAsync();
        var widget = host.Widget();
        var first = await widget.VerifyAsync(await widget.ChallengeAsync(), StraightLine());
        var second = await widget.VerifyAsync(first["challenge"]!.AsObject(), StraightLine());
        var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, second["token"]!.GetValue<string>());

        first["challenge"]!["pow"]!["difficulty"]!.GetValue<int>().Should().Be(10, "below StepUpScore: MaxStepUpDifficulty");
        second["verdict"]!.GetValue<string>().Should().Be("pass");
        answer["stepped_up"]!.GetValue<bool>().Should().BeTrue();
        answer["score"]!.GetValue<double>().Should().BeLessThan(0.2);
        answer["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("behaviour-very-low");

        await using var strict = await StartAsync(s => s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:RefuseOnBehaviour"] = "true");
        var refused = await strict.Widget().VerifyAsync(await strict.Widget().ChallengeAsync(), StraightLine());
        refused["verdict"]!.GetValue<string>().Should().Be("fail");
    }

    [Theory]
    [InlineData("fail")]
    [InlineData("step-up")]
    public async Task Automation_FollowsOnAutomation_WhateverTheBehaviour(string onAutomation)
    {
        await using var host = await StartAsync(s => s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:OnAutomation"] = onAutomation);
        var widget = host.Widget();
        string[] automated = [Sessions.Webdriver, $$"""{"v":1,"t":3000,"untrusted":40,"env":{{Env}}}"""];

        foreach (var signals in automated)
        {
            var verdict = await widget.VerifyAsync(await widget.ChallengeAsync(), signals);
            verdict["verdict"]!.GetValue<string>().Should().Be(onAutomation);
            if (onAutomation == "step-up")
            {
                verdict["challenge"]!["pow"]!["difficulty"]!.GetValue<int>().Should().Be(10, "MaxStepUpDifficulty");
                var passed = await widget.VerifyAsync(verdict["challenge"]!.AsObject(), Sessions.Human);
                var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, passed["token"]!.GetValue<string>());
                answer["score"]!.GetValue<double>().Should().Be(0, "automation is never a person, whatever it sends next");
                answer["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).Should().ContainSingle().Which.Should().StartWith("automation-");
            }
        }
    }

    [Fact]
    public async Task APerson_WithAPasswordManagersScriptMadeKeys_IsNotAutomation()
    {
        await using var host = await StartAsync();
        var widget = host.Widget();
        var person = SessionJson.WriteSignals(SessionGenerator.Human("human-mouse", new Random(3)));
        var withPasswordManager = JsonNode.Parse(person)!.AsObject();
        withPasswordManager["untrusted"] = 48;

        var verdict = await widget.VerifyAsync(await widget.ChallengeAsync(), withPasswordManager.ToJsonString());

        verdict["verdict"]!.GetValue<string>().Should().NotBe("fail");
    }
}
