using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using ByeByeRobots.Testing;

namespace ByeByeRobots.Api.Tests.AdaptiveCost;

/// <summary>
/// Adaptive cost under attack, end to end: two real service instances on one real Redis (one
/// key prefix, one site), fake clocks moved by the test. A flood of idle sessions through one
/// instance raises the cost of new challenges on both; it falls back once the attack stops.
/// </summary>
public class AdaptiveCostTests
{
    private const string Site = "site-pressure";
    private const string Secret = "site-pressure-secret-0123456789abcdef-0123";

    private static Task<ServiceHost> StartAsync(string prefix) => ServiceHost.StartAsync(
        s =>
        {
            s["ByeByeRobots:Redis:KeyPrefix"] = prefix;
            s["ByeByeRobots:Token:SigningKeys:k1"] = Convert.ToBase64String(new byte[32]);
            s[$"ByeByeRobots:Sites:{Site}:Secret"] = Secret;
            s[$"ByeByeRobots:Sites:{Site}:Hostnames:0"] = "guichet.example.lu";
            s[$"ByeByeRobots:Sites:{Site}:Pow:Difficulty"] = "4";
            s[$"ByeByeRobots:Sites:{Site}:Pow:Puzzles"] = "2";
            s["ByeByeRobots:AdaptiveCost:MinimumVerifies"] = "10";
            s["ByeByeRobots:AdaptiveCost:RefreshInterval"] = "00:00:01";
            s["ByeByeRobots:AdaptiveCost:MaxExtraBits"] = "2";
        },
        fakeTime: true);

    private static async Task<int> DifficultyAsync(ServiceHost host) =>
        (await host.Widget().ChallengeAsync(Site))["pow"]!["difficulty"]!.GetValue<int>();

    /// <summary>Counts are written without the verify waiting for them: read until they show, clocks moving past the refresh interval.</summary>
    private static async Task<int> EventuallyDifficultyAsync(ServiceHost host, int expected, params ServiceHost[] clocks)
    {
        var difficulty = -1;
        for (var attempt = 0; attempt < 50 && difficulty != expected; attempt++)
        {
            foreach (var clock in clocks)
            {
                clock.Time!.Advance(TimeSpan.FromSeconds(1.5));
            }

            await Task.Delay(20);
            difficulty = await DifficultyAsync(host);
        }

        return difficulty;
    }

    [Fact]
    public async Task AnAttack_RaisesTheCostOnEveryInstance_AndItFallsBackWhenTheAttackStops()
    {
        var prefix = $"test-{Guid.NewGuid():N}:";
        await using var a = await StartAsync(prefix);
        await using var b = await StartAsync(prefix);
        var start = (b.Time!.GetUtcNow() > a.Time!.GetUtcNow() ? b.Time.GetUtcNow() : a.Time.GetUtcNow()).AddMinutes(1);
        a.Time.SetUtcNow(start);
        b.Time.SetUtcNow(start);
        ServiceHost[] both = [a, b];
        var people = a.Widget();

        // Half an hour of usual traffic: people pass at once.
        for (var minute = 0; minute < 30; minute++)
        {
            await people.PassAsync(Site);
            await people.PassAsync(Site);
            Advance(both, TimeSpan.FromMinutes(1));
        }

        (await DifficultyAsync(a)).Should().Be(4);
        (await DifficultyAsync(b)).Should().Be(4);

        // The attack, through instance a only: scripts without any interaction, each stepped up.
        for (var i = 0; i < 15; i++)
        {
            (await people.VerifyAsync(await people.ChallengeAsync(Site), Sessions.Idle))["verdict"]!.GetValue<string>().Should().Be("step-up");
        }

        (await EventuallyDifficultyAsync(b, 6, both)).Should().Be(6, "instance b reads a's verdicts from Redis: the share jumped from 0 to 15 of 15");
        (await EventuallyDifficultyAsync(a, 6, both)).Should().Be(6);
        ExtraBitsGauge().Should().Be(2);

        // A person who comes during the attack pays more, and the backend is told why.
        var token = (await people.VerifyAsync(await people.ChallengeAsync(Site), Sessions.Human))["token"]!.GetValue<string>();
        var (_, answer) = await a.Backend().SiteVerifyFormAsync(Secret, token);
        answer["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("cost-raised-under-attack");

        // The attack stops; ten minutes of usual traffic later the cost is the configured one again.
        for (var minute = 0; minute < 10; minute++)
        {
            Advance(both, TimeSpan.FromMinutes(1));
            await people.PassAsync(Site);
            await people.PassAsync(Site);
        }

        (await EventuallyDifficultyAsync(a, 4, both)).Should().Be(4);
        (await EventuallyDifficultyAsync(b, 4, both)).Should().Be(4);
        ExtraBitsGauge().Should().Be(0);
    }

    private static void Advance(ServiceHost[] hosts, TimeSpan by)
    {
        foreach (var host in hosts)
        {
            host.Time!.Advance(by);
        }
    }

    /// <summary>The highest <c>byebyerobots.pow.extra_bits</c> reported for the test's site (other tests' hosts report other sites).</summary>
    private static int ExtraBitsGauge()
    {
        var highest = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "byebyerobots.pow.extra_bits")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "site" && (string?)tag.Value == Site)
                {
                    highest = Math.Max(highest, value);
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return highest;
    }
}
