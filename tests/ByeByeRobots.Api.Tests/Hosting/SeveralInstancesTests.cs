using System.Net;
using System.Security.Cryptography;
using ByeByeRobots.Testing;
using Xunit.Abstractions;

namespace ByeByeRobots.Api.Tests.Hosting;

/// <summary>Three real service processes on one Redis, as a deployment runs them.</summary>
public class SeveralInstancesTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ThreeInstances_ShareChallengesAndTokens_ATokenIsGoodOnceAcrossThem_AndOneKilledUnderLoadFailsNothingElsewhere()
    {
        var settings = Settings((await RedisServer.Shared).Configuration, $"instances-{Guid.NewGuid():N}:", ("k1", Key()));
        await using var a = await ServiceProcess.StartAsync(settings);
        await using var b = await ServiceProcess.StartAsync(settings);
        await using var c = await ServiceProcess.StartAsync(settings);
        ServiceProcess[] instances = [a, b, c];

        // A challenge asked of one instance is verified by another; its token checked at the third.
        var challenge = await a.Widget().ChallengeAsync();
        var verdict = await b.Widget().VerifyAsync(challenge, Sessions.Human);
        var token = verdict["token"]!.GetValue<string>();
        var secondToken = await c.Widget().PassAsync();

        // 200 concurrent siteverifies of one token, spread over the three: one success.
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => instances[i % 3].Backend().SiteVerifyFormAsync(ServiceHost.Secret, secondToken)));
        var (_, first) = await c.Backend().SiteVerifyFormAsync(ServiceHost.Secret, token);
        var (_, again) = await a.Backend().SiteVerifyFormAsync(ServiceHost.Secret, token);

        verdict["verdict"]!.GetValue<string>().Should().Be("pass");
        answers.Count(x => x.Body["success"]!.GetValue<bool>()).Should().Be(1);
        first["success"]!.GetValue<bool>().Should().BeTrue();
        BackendClient.ErrorCodes(again).Should().Equal("timeout-or-duplicate");

        // B dies under load; what A and C answer is unaffected.
        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(new[] { a, c }.Select(instance => Task.Run(async () =>
        {
            var widget = instance.Widget();
            var results = new List<HttpStatusCode>();
            while (!stop.IsCancellationRequested)
            {
                using var response = await widget.PostAsync("/v1/challenge", """{"sitekey":"site-a"}""");
                results.Add(response.StatusCode);
                await Task.Delay(5);
            }

            return results;
        })));
        await Task.Delay(500);
        b.Kill();
        await Task.Delay(1500);
        var afterKill = await a.Widget().PassAsync();
        stop.Cancel();
        var statuses = (await load).SelectMany(r => r).ToArray();
        var (_, afterKillAnswer) = await c.Backend().SiteVerifyFormAsync(ServiceHost.Secret, afterKill);

        output.WriteLine($"{statuses.Length} challenges on A and C while B was killed: {statuses.Count(s => s == HttpStatusCode.OK)} answered 200");
        statuses.Should().NotBeEmpty().And.AllBeEquivalentTo(HttpStatusCode.OK);
        afterKillAnswer["success"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task TheRateLimit_IsOneBudgetPerClient_WhateverTheNumberOfInstances()
    {
        var settings = Settings((await RedisServer.Shared).Configuration, $"limits-{Guid.NewGuid():N}:", ("k1", Key()));
        settings["ByeByeRobots:RateLimiting:PermitsPerMinute"] = "10";
        await using var a = await ServiceProcess.StartAsync(settings);
        await using var b = await ServiceProcess.StartAsync(settings);

        var statuses = new List<HttpStatusCode>();
        foreach (var instance in new[] { a, b, a, b })
        {
            for (var i = 0; i < 3; i++)
            {
                using var response = await instance.Widget().PostAsync("/v1/challenge", """{"sitekey":"site-a"}""");
                statuses.Add(response.StatusCode);
            }
        }

        output.WriteLine(string.Join(", ", statuses.Select(s => (int)s)));
        statuses.Count(s => s == HttpStatusCode.OK).Should().Be(10, "ten a minute for this address, counted in Redis by both instances (the window starts at the first request and lasts a minute)");
        statuses.Skip(10).Should().AllBeEquivalentTo(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task ASigningKeyRotatedInstanceByInstance_FailsNoVerify()
    {
        var redis = (await RedisServer.Shared).Configuration;
        var prefix = $"rotation-{Guid.NewGuid():N}:";
        var (oldKey, newKey) = (Key(), Key());
        var instances = new ServiceProcess[3];
        for (var i = 0; i < 3; i++)
        {
            instances[i] = await ServiceProcess.StartAsync(Settings(redis, prefix, ("old", oldKey)));
        }

        try
        {
            var tokens = new List<string>();

            // Each step replaces the instances one at a time, as a rolling deployment does; after each
            // replacement a token is issued by every instance and checked by another.
            (string, string)[][] steps =
            [
                [("old", oldKey), ("new", newKey)],      // the new key verifies everywhere, the old one still signs
                [("new", newKey), ("old", oldKey)],      // the new key signs, the old one still verifies
                [("new", newKey)],                       // the old key removed, after its tokens' lifetime
            ];
            foreach (var keys in steps)
            {
                for (var i = 0; i < 3; i++)
                {
                    instances[i].Kill();
                    await instances[i].DisposeAsync();
                    instances[i] = await ServiceProcess.StartAsync(Settings(redis, prefix, keys));
                    for (var j = 0; j < 3; j++)
                    {
                        var token = await instances[j].Widget().PassAsync();
                        var (_, answer) = await instances[(j + 1) % 3].Backend().SiteVerifyFormAsync(ServiceHost.Secret, token);
                        answer["success"]!.GetValue<bool>().Should().BeTrue($"a token of instance {j} checked by instance {(j + 1) % 3}, keys {string.Join(", ", keys.Select(k => k.Item1))}");
                        tokens.Add(token);
                    }
                }
            }

            tokens.Should().HaveCount(27);
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    private static string Key() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The test sites and Redis; the first key given signs, every key verifies.</summary>
    private static Dictionary<string, string?> Settings(string redis, string prefix, params (string Id, string Key)[] keys)
    {
        var settings = ServiceHost.DefaultSettings(redis);
        settings["ByeByeRobots:Redis:KeyPrefix"] = prefix;
        settings.Remove("ByeByeRobots:Token:SigningKeys:k1");
        foreach (var (id, key) in keys)
        {
            settings[$"ByeByeRobots:Token:SigningKeys:{id}"] = key;
        }

        settings["ByeByeRobots:Token:ActiveKeyId"] = keys[0].Id;
        return settings;
    }
}
