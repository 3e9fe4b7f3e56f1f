using System.Net;
using ByeByeRobots.Testing;

namespace ByeByeRobots.Api.Tests.Hosting;

/// <summary>The protocol and the single-use guarantees on a real three-master Redis Cluster: every store operation is one key, so any slot serves it.</summary>
public class RedisClusterTests
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
}
