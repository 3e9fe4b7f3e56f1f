using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ByeByeRobots.Testing;
using Xunit.Abstractions;

namespace ByeByeRobots.Api.Tests.Deployment;

/// <summary>
/// <c>deploy/container</c>. No container engine runs here, so the image is not built: the test
/// runs the Dockerfile's own commands instead (its <c>dotnet publish</c> line, then its
/// ENTRYPOINT with its ENV and compose's environment, against a Redis started with compose's
/// command line), and its HEALTHCHECK's command.
/// </summary>
public partial class ContainerTests(ITestOutputHelper output)
{
    private static readonly string ContainerDirectory = Path.Combine(Manifests.Deploy, "container");

    [Fact]
    public async Task DockerfileCommands_PublishAndRunTheService_WithComposesSettings_AndTheHealthCheckPasses()
    {
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(ContainerDirectory, "Dockerfile"));
        var compose = Manifests.ReadYaml(Path.Combine(ContainerDirectory, "compose.yaml"))[0]!;
        var redisService = compose["services"]!["redis"]!;
        var serviceSpec = compose["services"]!["byebyerobots"]!;

        // What compose asks of the two containers.
        var redisCommand = redisService["command"]!.AsArray().Select(a => a.Text()).ToList();
        redisCommand[redisCommand.IndexOf("--maxmemory-policy") + 1].Should().Be("noeviction");
        redisCommand[redisCommand.IndexOf("--appendonly") + 1].Should().Be("yes");
        serviceSpec["read_only"]!.GetValue<bool>().Should().BeTrue();
        serviceSpec["tmpfs"]!.AsArray().Select(t => t.Text()).Should().Contain("/tmp");
        serviceSpec["cap_drop"]!.AsArray().Select(t => t.Text()).Should().Contain("ALL");
        serviceSpec["depends_on"]!["redis"]!["condition"].Text().Should().Be("service_healthy");
        dockerfile.Should().MatchRegex(@"(?m)^USER \$APP_UID$", "the image runs as the aspnet image's non-root user");

        // RUN dotnet publish ... -o /app: the same command, into a directory of the test's.
        var app = Directory.CreateTempSubdirectory("bbr-app-").FullName;
        var publish = PublishLine().Match(dockerfile);
        publish.Success.Should().BeTrue("the Dockerfile publishes with dotnet publish");
        var arguments = publish.Groups["arguments"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a == "/app" ? app : a).ToArray();
        var (code, published) = ProgramRun.Run("dotnet", ["publish", .. arguments], TimeSpan.FromMinutes(8), Repository.Root);
        code.Should().Be(0, published);
        File.Exists(Path.Combine(app, "ByeByeRobots.Api.dll")).Should().BeTrue();
        File.Exists(Path.Combine(app, "ByeByeRobots.Api")).Should().BeFalse("UseAppHost=false: the image runs dotnet ByeByeRobots.Api.dll");

        // Redis as compose starts it (its data directory and a free port the test's).
        var data = Directory.CreateTempSubdirectory("bbr-compose-redis-").FullName;
        await using var redis = await RedisServer.StartAsync(data, redisCommand.Skip(1).ToArray());

        // The image's ENV, then compose's environment, with values for its required variables.
        var settings = new Dictionary<string, string?>();
        foreach (Match variable in EnvironmentLine().Matches(dockerfile))
        {
            settings[variable.Groups["name"].Value] = variable.Groups["value"].Value;
        }

        foreach (var (name, value) in serviceSpec["environment"]!.AsObject())
        {
            settings[name] = RequiredVariable().Replace(value.Text(), _ => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }

        settings["ByeByeRobots__SettingsFile"] = Path.Combine(ContainerDirectory, "config", "appsettings.json");
        settings["ByeByeRobots__Redis__Configuration"] = redis.Configuration;
        settings["ByeByeRobots__Telemetry__PrometheusPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture);
        settings["ByeByeRobots__Telemetry__PrometheusHost"] = "127.0.0.1";
        settings["AllowedHosts"] = "localhost;127.0.0.1";
        settings.Remove("ASPNETCORE_HTTP_PORTS");
        settings.Remove("Logging__Console__FormatterName");
        await using var service = await ServiceProcess.StartAsync(settings, environment: settings["ASPNETCORE_ENVIRONMENT"]!, application: app);

        var challenge = await service.Widget("http://localhost").ChallengeAsync("demo");
        challenge["pow"]!["difficulty"]!.GetValue<int>().Should().BeGreaterThan(0, "compose's site answers");

        // HEALTHCHECK CMD ["dotnet", "ByeByeRobots.Api.dll", "probe", "http://localhost:8080/healthz"], on this port.
        var check = HealthCheckLine().Match(dockerfile);
        check.Success.Should().BeTrue("the Dockerfile has an exec-form HEALTHCHECK");
        var command = JsonNode.Parse(check.Groups["command"].Value)!.AsArray().Select(a => a.Text().Replace(":8080/", $":{service.Port}/", StringComparison.Ordinal)).ToArray();
        var healthy = ProgramRun.Run(command[0], command[1..], TimeSpan.FromSeconds(60), app);
        healthy.Code.Should().Be(0, healthy.Output);
        service.Kill();
        var dead = ProgramRun.Run(command[0], command[1..], TimeSpan.FromSeconds(60), app);
        output.WriteLine($"health check: {healthy.Code} while serving, {dead.Code} once killed ({dead.Output.Trim()})");
        dead.Code.Should().Be(1, "a service that does not answer is unhealthy");
        Directory.Delete(app, recursive: true);
    }

    [GeneratedRegex(@"(?m)^RUN dotnet publish (?<arguments>[^\r\n]+)$")]
    private static partial Regex PublishLine();

    /// <summary><c>NAME=value</c> pairs of the ENV instruction (one per continued line).</summary>
    [GeneratedRegex(@"(?m)^(?:ENV |    )(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>[^\s\\]+)")]
    private static partial Regex EnvironmentLine();

    [GeneratedRegex(@"(?m)^\s+CMD (?<command>\[[^\r\n]+\])$")]
    private static partial Regex HealthCheckLine();

    /// <summary>compose's <c>${NAME:?message}</c>: a value the operator must give.</summary>
    [GeneratedRegex(@"\$\{[A-Z_]+:\?[^}]*\}")]
    private static partial Regex RequiredVariable();
}
