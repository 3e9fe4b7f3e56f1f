using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ByeByeRobots.Testing;

namespace ByeByeRobots.Api.Tests.Hosting;

public class StoreOutageTests
{
    [Fact]
    public async Task RedisStopped_Answers503StoreUnavailable_ThenRecoversWhenRedisReturns()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var host = await ServiceHost.StartAsync(s => s["ByeByeRobots:Redis:OperationTimeout"] = "00:00:00.500", redisConfiguration: redis.Configuration);
        var widget = host.Widget();
        var token = await widget.PassAsync();
        var pending = await widget.ChallengeAsync();

        await redis.StopAsync();
        var clock = Stopwatch.StartNew();
        var challenges = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => widget.PostAsync("/v1/challenge", """{"sitekey":"site-a"}""")));
        var elapsed = clock.Elapsed;
        using var verify = await widget.VerifyRawAsync(pending["id"]!.GetValue<string>(), WidgetClient.Solve(pending), Sessions.Human);
        var (siteverifyStatus, siteverify) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, token);
        using var ready = await host.CreateClient().GetAsync("/readyz");
        using var live = await host.CreateClient().GetAsync("/healthz");

        foreach (var response in challenges)
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "store-unavailable");
            response.Headers.RetryAfter.Should().NotBeNull();
        }

        elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "20 concurrent requests fail fast instead of queueing behind a dead Redis");
        await verify.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "store-unavailable");
        siteverifyStatus.Should().Be(HttpStatusCode.OK, "siteverify keeps the Turnstile shape");
        BackendClient.ErrorCodes(siteverify).Should().Equal("internal-error");
        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        live.StatusCode.Should().Be(HttpStatusCode.OK);

        await redis.RestartAsync();
        var recovered = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 100 && recovered != HttpStatusCode.OK; attempt++)
        {
            await Task.Delay(200);
            using var probe = await widget.PostAsync("/v1/challenge", """{"sitekey":"site-a"}""");
            recovered = probe.StatusCode;
        }

        recovered.Should().Be(HttpStatusCode.OK, "the service reconnects to Redis by itself");
        (await widget.PassAsync()).Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task EmbeddedStore_WorksWithoutRedis()
    {
        await using var host = await ServiceHost.StartAsync(s => s["ByeByeRobots:Redis:Configuration"] = "");
        var widget = host.Widget();
        var token = await widget.PassAsync();
        var backend = host.Backend();

        var (_, first) = await backend.SiteVerifyFormAsync(ServiceHost.Secret, token);
        var (_, second) = await backend.SiteVerifyFormAsync(ServiceHost.Secret, token);

        first["success"]!.GetValue<bool>().Should().BeTrue();
        BackendClient.ErrorCodes(second).Should().Equal("timeout-or-duplicate");
    }
}
