using ByeByeRobots.Testing;
using System.Net;
using System.Text.Json.Nodes;

namespace ByeByeRobots.Api.Tests.Hosting;

public class ConfigurationTests
{
    [Fact]
    public async Task Thresholds_EditedInTheJsonFile_ChangeVerdictsWithoutRestart()
    {
        using var settings = new SettingsFile("{}");
        var file = settings.Path;
        await WriteSiteAsync(file, """{"PassScore":0,"StepUpScore":0}""");
        try
        {
            await using var host = await ServiceHost.StartAsync(jsonFile: file);
            var widget = host.Widget();
            (await VerdictAsync(widget)).Should().Be("pass", "PassScore 0 passes a session of any score");

            await WriteSiteAsync(file, """{"PassScore":0.9,"StepUpScore":0.5,"RefuseOnBehaviour":true}""");
            (await EventuallyAsync(() => VerdictAsync(widget), "fail")).Should().Be("fail", "the brief session (0.375) is now under StepUpScore, refused on behaviour");

            await WriteSiteAsync(file, """{"PassScore":7,"StepUpScore":0}""");
            await Task.Delay(1500);
            (await VerdictAsync(widget)).Should().Be("fail", "an invalid change is refused and the last good configuration stays");

            await WriteSiteAsync(file, """{"PassScore":0.2,"StepUpScore":0.1}""");
            (await EventuallyAsync(() => VerdictAsync(widget), "pass")).Should().Be("pass");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ServiceWideSettings_InvalidEditAtRunTime_DoesNotReachRequests()
    {
        using var settings = new SettingsFile("{}");
        var file = settings.Path;
        await File.WriteAllTextAsync(file, """{"ByeByeRobots":{"RateLimiting":{"PermitsPerMinute":0},"Challenge":{"Lifetime":"00:02:00"}}}""");
        try
        {
            await using var host = await ServiceHost.StartAsync(jsonFile: file);
            await File.WriteAllTextAsync(file, """{"ByeByeRobots":{"RateLimiting":{"PermitsPerMinute":-5},"Challenge":{"Lifetime":"00:00:01"}}}""");
            await Task.Delay(1500);

            (await host.Widget().PassAsync()).Should().NotBeNullOrEmpty();
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task TokenKeys_RotatedInTheJsonFile_WithoutRestart()
    {
        using var settings = new SettingsFile("{}");
        var file = settings.Path;
        var oldKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var newKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await File.WriteAllTextAsync(file, TokenFile(("old", oldKey)));
        try
        {
            await using var host = await ServiceHost.StartAsync(
                s =>
                {
                    s.Remove("ByeByeRobots:Token:SigningKeys:k1");
                    s.Remove("ByeByeRobots:Token:ActiveKeyId");
                },
                jsonFile: file);
            var widget = host.Widget();
            var oldToken = await widget.PassAsync();

            await File.WriteAllTextAsync(file, TokenFile(("old", oldKey), ("new", newKey)));
            var newToken = "";
            for (var attempt = 0; attempt < 60 && !newToken.StartsWith("v2.new.", StringComparison.Ordinal); attempt++)
            {
                await Task.Delay(250);
                newToken = await widget.PassAsync();
            }

            var (_, oldAnswer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, oldToken);
            var (_, newAnswer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, newToken);

            oldToken.Should().StartWith("v2.old.");
            newToken.Should().StartWith("v2.new.");
            oldAnswer["success"]!.GetValue<bool>().Should().BeTrue("the old key still verifies during rotation");
            newAnswer["success"]!.GetValue<bool>().Should().BeTrue();
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ShortSecret_StopsTheServiceAtStartup_NamingTheKey()
    {
        var start = () => ServiceHost.StartAsync(s => s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:Secret"] = "too-short");

        (await start.Should().ThrowAsync<Exception>()).Which.ToString().Should().Contain("ByeByeRobots:Sites:site-a:Secret must be at least 32 characters");
    }

    [Fact]
    public async Task StepUpAbovePass_StopsTheServiceAtStartup()
    {
        var start = () => ServiceHost.StartAsync(s => s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:StepUpScore"] = "0.8");

        (await start.Should().ThrowAsync<Exception>()).Which.ToString().Should().Contain("StepUpScore (0.8) must not be above PassScore (0.47)");
    }

    [Fact]
    public async Task Production_WithoutTokenKeys_RefusesToStart()
    {
        var start = () => ServiceHost.StartAsync(
            s =>
            {
                s.Remove("ByeByeRobots:Token:SigningKeys:k1");
                s.Remove("ByeByeRobots:Token:ActiveKeyId");
            },
            environment: "Production");

        (await start.Should().ThrowAsync<Exception>()).Which.ToString().Should().Contain("ByeByeRobots:Token:SigningKeys is empty");
    }

    [Fact]
    public async Task Development_WithoutTokenKeys_GeneratesOne_AndWorks()
    {
        await using var host = await ServiceHost.StartAsync(
            s =>
            {
                s.Remove("ByeByeRobots:Token:SigningKeys:k1");
                s.Remove("ByeByeRobots:Token:ActiveKeyId");
            },
            environment: "Development");

        var token = await host.Widget().PassAsync();
        var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, token);

        answer["success"]!.GetValue<bool>().Should().BeTrue();
        token.Should().StartWith("v2.dev-ephemeral.");
    }

    [Fact]
    public async Task RateLimit_PerClientAddress_Returns429WithRetryAfter()
    {
        await using var host = await ServiceHost.StartAsync(s => s["ByeByeRobots:RateLimiting:PermitsPerMinute"] = "3");
        var widget = host.Widget();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await widget.PostAsync("/v1/challenge", """{"sitekey":"site-a"}""");
            ok.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var limited = await widget.PostAsync("/v1/challenge", """{"sitekey":"site-a"}""");
        using var verify = await widget.PostAsync("/v1/verify", "{}");

        await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        limited.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.Zero);
        verify.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "challenge and verify share the client's budget");
    }

    [Fact]
    public async Task HealthAndOpenApi_AreServed_OpenApiOnlyWhereEnabled()
    {
        await using var host = await ServiceHost.StartAsync(s => s["ByeByeRobots:OpenApi:Enabled"] = "true");
        await using var closed = await ServiceHost.StartAsync();
        (await closed.CreateClient().GetAsync("/openapi/v1.json")).StatusCode.Should().Be(HttpStatusCode.NotFound, "outside Development the API description is opt-in");
        var http = host.CreateClient();

        (await http.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.OK);
        var openApi = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!;
        openApi["paths"]!.AsObject().Select(p => p.Key).Should().Contain(["/v1/challenge", "/v1/verify", "/v1/siteverify"]);
    }

    [Fact]
    public async Task UnknownPath_IsANotFoundProblem()
    {
        await using var host = await ServiceHost.StartAsync();

        using var response = await host.CreateClient().GetAsync("/v1/nothing-here");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    private static async Task<string> VerdictAsync(WidgetClient widget) =>
        (await widget.VerifyAsync(await widget.ChallengeAsync(), Sessions.Brief))["verdict"]!.GetValue<string>();

    private static async Task<string> EventuallyAsync(Func<Task<string>> probe, string expected)
    {
        var last = "";
        for (var attempt = 0; attempt < 60 && last != expected; attempt++)
        {
            await Task.Delay(250);
            last = await probe();
        }

        return last;
    }

    /// <summary>A settings file with these token keys, the last one active.</summary>
    private static string TokenFile(params (string Id, string Key)[] keys) =>
        new JsonObject
        {
            ["ByeByeRobots"] = new JsonObject
            {
                ["Token"] = new JsonObject
                {
                    ["SigningKeys"] = new JsonObject(keys.Select(k => KeyValuePair.Create(k.Id, (JsonNode?)k.Key))),
                    ["ActiveKeyId"] = keys[^1].Id,
                },
            },
        }.ToJsonString();

    private static Task WriteSiteAsync(string file, string site) =>
        File.WriteAllTextAsync(file, "{\"ByeByeRobots\":{\"Sites\":{\"" + ServiceHost.SiteKey + "\":" + site + "}}}");

    [Fact]
    public async Task TheProductionExample_StartsInProduction_AndRefusesABot()
    {
        // The example as shipped, with its CHANGE-ME values given and the test's Redis and host.
        var redis = await RedisServer.Shared;
        var example = (await File.ReadAllTextAsync(Path.Combine(Repository.Root, "deploy", "appsettings.Production.example.json")))
            .Replace("CHANGE-ME-openssl-rand-base64-32", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), StringComparison.Ordinal)
            .Replace("redis.internal:6379,password=CHANGE-ME,ssl=false", redis.Configuration, StringComparison.Ordinal)
            .Replace("\"AllowedHosts\": \"robots.guichet.public.lu\"", "\"AllowedHosts\": \"robots.guichet.public.lu;127.0.0.1\"", StringComparison.Ordinal)
            .Replace("\"Difficulty\": 12", "\"Difficulty\": 4", StringComparison.Ordinal);
        example.Should().NotContain("CHANGE-ME-openssl").And.Contain("\"ShadowMode\": false");
        using var file = new SettingsFile(example);
        await using var host = await ServiceHost.StartAsync(s => s.Remove("ByeByeRobots:Token:SigningKeys:k1"), jsonFile: file.Path, environment: "Production");
        var widget = host.Widget("https://guichet.public.lu");

        var bot = await widget.VerifyAsync(await widget.ChallengeAsync("guichet-demandes"), Sessions.Webdriver);
        using var manifest = await host.CreateClient().GetAsync("/v1/widget.json");

        bot["verdict"]!.GetValue<string>().Should().Be("fail", "the example is not in shadow mode");
        (await manifest.Content.ReadAsStringAsync()).Should().Contain("https://robots.guichet.public.lu/v1/widget.js");
    }
}
