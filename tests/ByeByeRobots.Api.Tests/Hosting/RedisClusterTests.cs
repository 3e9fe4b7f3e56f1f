using System.Diagnostics;
using System.Net;
using ByeByeRobots.Testing;
using Xunit.Abstractions;

namespace ByeByeRobots.Api.Tests.Hosting;

/// <summary>The protocol and the single-use guarantees on a real three-master Redis Cluster: every store operation is one key, so any slot serves it.</summary>
public class RedisClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task OnACluster_TheProtocolWorks_AndATokenIsGoodExactlyOnceUnder200ConcurrentSiteverifies()
    {
        await using var cluster = await RedisCluster.StartAsync();
        await using var host = await ServiceHost.StartAsync(redisConfiguration: cluster.Configuration);
        var widget = host.Widget();
        var backend = host.Backend();

        var tokens = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            tokens.Add(await widget.PassAsync());
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => backend.SiteVerifyFormAsync(ServiceHost.Secret, tokens[i % tokens.Count])));
        var challenge = await widget.ChallengeAsync();
        var pow = WidgetClient.Solve(challenge);
        var verifies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => widget.VerifyRawAsync(challenge["id"]!.GetValue<string>(), pow, Sessions.Human)));
        using var ready = await host.CreateClient().GetAsync("/readyz");

        answers.Count(a => a.Body["success"]!.GetValue<bool>()).Should().Be(10, "each of the 10 tokens once, whichever slot holds it");
        answers.Where(a => !a.Body["success"]!.GetValue<bool>()).Should().AllSatisfy(a => BackendClient.ErrorCodes(a.Body).Should().Equal("timeout-or-duplicate"));
        verifies.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1, "a challenge is consumed once");
        ready.StatusCode.Should().Be(HttpStatusCode.OK, "every master's maxmemory-policy was read");
    }

    /// <summary>
    /// The attack: a master's replica falls behind (cut off here), tokens are used and their
    /// records written to that master only, the master dies and the stale replica is promoted.
    /// The records are gone, and the epoch's key, on another master, did not move; a replay of
    /// those tokens would pass. A lost master makes the service replace the epoch: none does.
    /// </summary>
    [Fact]
    public async Task MasterFailover_UnderLoad_LosesNoUsedToken_AndAnswers503NotA500DuringTheSwitch()
    {
        await using var cluster = await RedisCluster.StartAsync(masters: 3, replicasPerMaster: 1);
        var prefix = $"failover-{Guid.NewGuid():N}:";
        await using var host = await ServiceHost.StartAsync(
            s =>
            {
                s["ByeByeRobots:Redis:KeyPrefix"] = prefix;
                s["ByeByeRobots:Challenge:MaxPerClient"] = "0";
                s["ByeByeRobots:Challenge:MaxPerSite"] = "0";
            },
            redisConfiguration: cluster.Configuration);
        var widget = host.Widget();
        var backend = host.Backend();
        var victim = cluster.Masters().First(m => m != cluster.MasterOfKey(prefix + "epoch"));
        var replica = cluster.ReplicaOf(victim);

        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => LoadAsync(host, stop.Token))));
        var used = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            used.Add(await RedeemedTokenAsync(widget, backend));
        }

        // The victim's replica is cut off (frozen, so that it cannot reconnect; bytes already in its
        // socket would still arrive): what the victim writes now, it alone holds.
        cluster.FreezeNode(replica);
        cluster.DisconnectReplicas(victim);
        for (var i = 0; i < 30; i++)
        {
            used.Add(await RedeemedTokenAsync(widget, backend));
        }

        cluster.KillNode(victim);
        cluster.ThawNode(replica);
        await cluster.WaitUntilMasterAsync(replica);
        var switched = Stopwatch.StartNew();
        var fresh = await EventuallyAsync(() => RedeemedTokenAsync(widget, backend));
        output.WriteLine($"a new token redeemed {switched.ElapsedMilliseconds} ms after the promotion");

        var replays = new List<bool>();
        foreach (var token in used)
        {
            replays.Add(await EventuallyAsync(async () => (await Answered(backend, token)).Body["success"]!.GetValue<bool>()));
        }

        stop.Cancel();
        var statuses = (await load).SelectMany(s => s).ToArray();
        var counts = statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine("under load: " + string.Join(", ", counts.Select(c => $"{(int)c.Key}: {c.Value}")));

        replays.Should().AllBeEquivalentTo(false, "no used token passes again, whichever master held its record");
        fresh.Should().NotBeNullOrEmpty("the service works on the promoted replica");
        statuses.Should().NotContain(HttpStatusCode.InternalServerError);
        statuses.Should().OnlyContain(s => s == HttpStatusCode.OK || s == HttpStatusCode.ServiceUnavailable, "during the switch the store is unavailable, nothing else");
        counts.GetValueOrDefault(HttpStatusCode.OK).Should().BeGreaterThan(0);
    }

    private static async Task<string> RedeemedTokenAsync(WidgetClient widget, BackendClient backend)
    {
        var token = await widget.PassAsync();
        var (_, body) = await Answered(backend, token);
        body["success"]!.GetValue<bool>().Should().BeTrue();
        return token;
    }

    /// <summary>A siteverify answer that is not the store's unavailability (internal-error), retried until then.</summary>
    private static async Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonObject Body)> Answered(BackendClient backend, string token)
    {
        var answer = await backend.SiteVerifyFormAsync(ServiceHost.Secret, token);
        if (!answer.Body["success"]!.GetValue<bool>() && BackendClient.ErrorCodes(answer.Body).Contains("internal-error"))
        {
            throw new StoreStillSwitchingException();
        }

        return answer;
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> action)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await action();
            }
            catch (Exception exception) when (clock.Elapsed < TimeSpan.FromSeconds(60) && exception is StoreStillSwitchingException or HttpRequestException or InvalidOperationException or System.Text.Json.JsonException or Xunit.Sdk.XunitException)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task<List<HttpStatusCode>> LoadAsync(ServiceHost host, CancellationToken stop)
    {
        var widget = host.Widget();
        var statuses = new List<HttpStatusCode>();
        while (!stop.IsCancellationRequested)
        {
            using var response = await widget.PostAsync("/v1/challenge", """{"sitekey":"site-a"}""");
            statuses.Add(response.StatusCode);
            await Task.Delay(10, CancellationToken.None);
        }

        return statuses;
    }

    private sealed class StoreStillSwitchingException : Exception;
}
