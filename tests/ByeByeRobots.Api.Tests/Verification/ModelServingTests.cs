using System.Text.RegularExpressions;
using ByeByeRobots.Testing;
using ByeByeRobots.Training.Synthetic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ByeByeRobots.Scoring.ScoringServiceCollectionExtensions;

namespace ByeByeRobots.Api.Tests.Verification;

/// <summary>The service's verify scored by the humanity model (the default scorer), over real HTTP.</summary>
public class ModelServingTests
{
    [Fact]
    public async Task DefaultScorer_IsTheModel_GeneratedPeoplePass_AndGeneratedBotsDoNot()
    {
        await using var host = await ServiceHost.StartAsync(s => s.Remove(ScorerKey));
        var widget = host.Widget();

        // A seed the shipped model was not trained on; every human and bot family in turn.
        var sessions = new SessionGenerator(4242).Generate(36, 39).ToList();
        var verdicts = new List<(LabelledSession Session, string Verdict, double? Score)>();
        foreach (var session in sessions)
        {
            var verdict = await widget.VerifyAsync(await widget.ChallengeAsync(), SessionJson.WriteSignals(session.Signals));
            var name = verdict["verdict"]!.GetValue<string>();
            double? score = null;
            if (name == "pass")
            {
                var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, verdict["token"]!.GetValue<string>());
                score = answer["score"]!.GetValue<double>();
            }

            verdicts.Add((session, name, score));
        }

        var people = verdicts.Where(v => v.Session.Human).ToList();
        var bots = verdicts.Where(v => !v.Session.Human).ToList();
        var report = string.Join("; ", verdicts.Select(v => $"{v.Session.Family}:{v.Verdict}"));
        people.Count(v => v.Verdict == "pass").Should().BeGreaterThanOrEqualTo(32, report);
        bots.Count(v => v.Verdict == "pass").Should().BeLessThanOrEqualTo(4, report);
        verdicts.Where(v => v.Score is not null).Should().OnlyContain(v => v.Score >= new ByeByeRobots.Core.Sites.SiteOptions().PassScore && v.Score <= 1, "a pass carries the model's score to the backend");
        verdicts.Select(v => v.Score).Distinct().Count().Should().BeGreaterThan(5, "the model grades, where the rules give a few fixed scores");
    }

    [Fact]
    public async Task EachVerdictsLogLine_CarriesTheModelsScore_AndTheThreeReasonsThatPushedItTowardItsVerdict()
    {
        var verdicts = await VerdictLinesAsync(_ => { });

        verdicts.Should().HaveCount(4);
        verdicts.Should().OnlyContain(m => m.Contains("by model:embedded", StringComparison.Ordinal));
        verdicts.Should().OnlyContain(
            m => Regex.IsMatch(m, @"^Verdict [a-z-]+ \((behaviour|no-interaction|automation)\) .*reasons \[[a-z,-]*\], score [01]\.\d{3} .*features [a-z]+\.[a-z0-9-]+ (low|high) [+-]\d+\.\d\d, [a-z]+\.[a-z0-9-]+ (low|high) [+-]\d+\.\d\d, [a-z]+\.[a-z0-9-]+ (low|high) [+-]\d+\.\d\d; probes \[[A-Za-z,=0-9]*\]\.$"),
            "the score and three named feature contributions, no personal data");
        verdicts.Should().Contain(m => m.StartsWith("Verdict pass", StringComparison.Ordinal)).And.Contain(m => !m.StartsWith("Verdict pass", StringComparison.Ordinal));
        verdicts.Should().OnlyContain(line => ReasonSigns(line) == (line.StartsWith("Verdict pass", StringComparison.Ordinal) ? "+++" : "---"), "a pass says why it looked human, the others why not");
    }

    [Fact]
    public async Task TheLoggedReasons_FollowTheSitesThresholds_NotTheModelsMiddle()
    {
        // At PassScore 0.999 a person scoring 0.9 is stepped up: the line must say what held the
        // score back, though the model leaned to a person.
        var verdicts = await VerdictLinesAsync(s => s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:PassScore"] = "0.999");

        var steppedUpPeople = verdicts.Where(m => m.StartsWith("Verdict step-up", StringComparison.Ordinal) && Regex.IsMatch(m, @"score 0\.[5-9]")).ToList();
        steppedUpPeople.Should().NotBeEmpty();
        steppedUpPeople.Should().OnlyContain(line => ReasonSigns(line) == "---");
    }

    private static string ReasonSigns(string line) =>
        string.Concat(Regex.Matches(line[line.IndexOf("features ", StringComparison.Ordinal)..], @" ([+-])\d+\.\d\d").Select(m => m.Groups[1].Value));

    private static async Task<List<string>> VerdictLinesAsync(Action<IDictionary<string, string?>> configure)
    {
        await using var host = await ServiceHost.StartAsync(s =>
        {
            s[ScorerKey] = "model";
            configure(s);
        });
        var lines = new LogLines();
        host.Services.GetRequiredService<ILoggerFactory>().AddProvider(lines);
        var widget = host.Widget();

        foreach (var session in new SessionGenerator(4243).Generate(2, 2))
        {
            await widget.VerifyAsync(await widget.ChallengeAsync(), SessionJson.WriteSignals(session.Signals));
        }

        return [.. lines.Messages.Where(m => m.StartsWith("Verdict ", StringComparison.Ordinal))];
    }

    [Fact]
    public async Task MovesOutOfTimeOrder_AreScored_NotA500()
    {
        // A forged payload whose last move comes before its first (the widget never sends one).
        await using var host = await ServiceHost.StartAsync(s => s[ScorerKey] = "model");
        var widget = host.Widget();
        const string forged = $$"""{"v":1,"t":200000,"mouse":[[100000,0,0,0],[100001,5,5,0],[0,9,9,0],[50,12,12,0]],"env":{{Sessions.Env}}}""";

        var verdict = await widget.VerifyAsync(await widget.ChallengeAsync(), forged);

        verdict["verdict"]!.GetValue<string>().Should().BeOneOf("pass", "step-up", "fail");
    }

    [Fact]
    public async Task RulesSetting_ServesTheRuleBasedScorer()
    {
        await using var host = await ServiceHost.StartAsync(s => s[ScorerKey] = "rules");

        var token = await host.Widget().PassAsync();
        var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, token);

        answer["score"]!.GetValue<double>().Should().Be(0.75, "the rules' neutral score");
    }

    [Fact]
    public async Task UnknownScorer_StopsTheServiceAtStartup_NamingTheKey()
    {
        var start = () => ServiceHost.StartAsync(s => s[ScorerKey] = "oracle");

        (await start.Should().ThrowAsync<Exception>()).Which.ToString().Should().Contain("ByeByeRobots:Scoring:Scorer must be 'model' or 'rules', not 'oracle'");
    }
}
