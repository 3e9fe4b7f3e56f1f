using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ByeByeRobots.Testing;
using Xunit.Abstractions;

namespace ByeByeRobots.Api.Tests.Deployment;

/// <summary>
/// <c>deploy/kubernetes</c> (a kustomize base): rendered by <c>kubectl kustomize</c> where kubectl is
/// installed, read as YAML, checked for what a cluster needs of it, and its ConfigMap and Secret
/// shape run for real: the service starts in Production with them, answers its probes as the
/// kubelet asks them, and reads an edited ConfigMap again (the kubelet's symbolic link swap).
/// No cluster is reachable here: nothing is applied.
/// </summary>
public class KubernetesManifestTests(ITestOutputHelper output)
{
    private static readonly string Base = Path.Combine(Manifests.Deploy, "kubernetes");

    private static List<JsonObject> Resources()
    {
        var kustomization = Manifests.ReadYaml(Path.Combine(Base, "kustomization.yaml"))[0]!;
        return kustomization["resources"]!.AsArray()
            .SelectMany(file => Manifests.ReadYaml(Path.Combine(Base, file.Text())))
            .Select(document => document!.AsObject())
            .ToList();
    }

    [Fact]
    public void Manifests_RenderWithKustomize_AndHoldTogether()
    {
        var resources = Resources();
        if (File.Exists("/usr/bin/kubectl"))
        {
            var (code, rendered) = Manifests.Run("/usr/bin/kubectl", "kustomize", Base);
            code.Should().Be(0, rendered);
            rendered.Split('\n').Count(l => l.StartsWith("kind: ", StringComparison.Ordinal)).Should().Be(resources.Count, "kustomize renders every resource");
        }
        else
        {
            output.WriteLine("kubectl is not installed: the manifests were read as YAML only.");
        }

        var deployment = resources.OfKind("Deployment").Single();
        var labels = deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var container = pod["containers"]![0]!;
        var env = container["env"]!.AsArray().ToDictionary(e => e!["name"].Text(), e => e!["value"]?.GetValue<string>());

        deployment["spec"]!["replicas"]!.GetValue<int>().Should().Be(3);
        deployment["spec"]!["selector"]!["matchLabels"]!.AsObject().Should().OnlyContain(l => labels[l.Key]!.GetValue<string>() == l.Value!.GetValue<string>());
        pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>().Should().BeTrue();
        pod["automountServiceAccountToken"]!.GetValue<bool>().Should().BeFalse();
        container["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>().Should().BeTrue();
        container["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<bool>().Should().BeFalse();
        container["securityContext"]!["capabilities"]!["drop"]!.AsArray().Select(c => c.Text()).Should().Contain("ALL");
        container["resources"]!["requests"]!["cpu"].Should().NotBeNull();
        container["resources"]!["limits"]!["memory"].Should().NotBeNull();
        container["readinessProbe"]!["httpGet"]!["path"].Text().Should().Be("/readyz");
        container["livenessProbe"]!["httpGet"]!["path"].Text().Should().Be("/healthz");
        env["DOTNET_USE_POLLING_FILE_WATCHER"].Should().Be("true", "a ConfigMap changes by a symbolic link swap, which only polling sees");
        env["ASPNETCORE_ENVIRONMENT"].Should().Be("Production");

        // The settings file the container is told to read is where the ConfigMap is mounted, as a directory.
        var mount = container["volumeMounts"]!.AsArray().Single(m => env["ByeByeRobots__SettingsFile"]!.StartsWith(m!["mountPath"].Text() + "/", StringComparison.Ordinal))!;
        mount["subPath"].Should().BeNull("a subPath mount is never updated");
        var volume = pod["volumes"]!.AsArray().Single(v => v!["name"].Text() == mount["name"].Text())!;
        var configMap = resources.OfKind("ConfigMap").Single(c => c["metadata"]!["name"].Text() == volume["configMap"]!["name"].Text());
        configMap["data"]![Path.GetFileName(env["ByeByeRobots__SettingsFile"]!)].Should().NotBeNull();
        container["volumeMounts"]!.AsArray().Select(m => m!["mountPath"].Text()).Should().Contain("/tmp", "the runtime's one writable directory on a read-only root");

        // Every selector selects the pods; every port named exists.
        var ports = container["ports"]!.AsArray().Select(p => p!["name"].Text()).ToArray();
        var service = resources.OfKind("Service").Single(s => s["metadata"]!["name"].Text() == "byebyerobots");
        service["spec"]!["selector"]!.AsObject().Should().OnlyContain(l => labels[l.Key]!.GetValue<string>() == l.Value!.GetValue<string>());
        service["spec"]!["ports"]!.AsArray().Select(p => p!["targetPort"].Text()).Should().BeSubsetOf(ports);
        var budget = resources.OfKind("PodDisruptionBudget").Single();
        budget["spec"]!["selector"]!["matchLabels"]!.AsObject().Should().OnlyContain(l => labels[l.Key]!.GetValue<string>() == l.Value!.GetValue<string>());
        budget["spec"]!["minAvailable"]!.GetValue<int>().Should().BeLessThan(3, "a drain can go on with three replicas");
        var autoscaler = resources.OfKind("HorizontalPodAutoscaler").Single();
        autoscaler["spec"]!["scaleTargetRef"]!["name"].Text().Should().Be(deployment["metadata"]!["name"].Text());
        autoscaler["spec"]!["minReplicas"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(3);
        var monitor = resources.OfKind("ServiceMonitor").Single();
        monitor["spec"]!["endpoints"]![0]!["port"].Text().Should().BeOneOf(service["spec"]!["ports"]!.AsArray().Select(p => p!["name"].Text()));
        var policy = resources.OfKind("NetworkPolicy").Single(p => p["metadata"]!["name"].Text() == "byebyerobots");
        policy["spec"]!["ingress"]!.AsArray().SelectMany(rule => rule!["ports"]!.AsArray()).Select(p => p!["port"]!.GetValue<int>())
            .Should().BeEquivalentTo([8080, 9464], "the public port and the metrics port, nothing else");

        // The ingress sends the public name to the Service's http port; the service allows that name.
        var ingress = resources.OfKind("Ingress").Single();
        var rule = ingress["spec"]!["rules"]![0]!;
        var backend = rule["http"]!["paths"]![0]!["backend"]!["service"]!;
        backend["name"].Text().Should().Be(service["metadata"]!["name"].Text());
        backend["port"]!["name"].Text().Should().BeOneOf(service["spec"]!["ports"]!.AsArray().Select(p => p!["name"].Text()));
        var settings = JsonNode.Parse(configMap["data"]!["appsettings.json"].Text())!;
        settings["AllowedHosts"].Text().Split(';').Should().Contain(rule["host"].Text()).And.Contain("localhost", "the probes' Host");

        // Redis as production needs it.
        var redisArguments = resources.OfKind("StatefulSet").Single()["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => a.Text()).ToList();
        redisArguments[redisArguments.IndexOf("--maxmemory-policy") + 1].Should().Be("noeviction");
        redisArguments[redisArguments.IndexOf("--appendonly") + 1].Should().Be("yes");
    }

    [Fact]
    public async Task ConfigMapAndSecret_StartTheServiceInProduction_ProbesPass_AndAnEditedConfigMapIsReadAgain()
    {
        var resources = Resources();
        var container = resources.OfKind("Deployment").Single()["spec"]!["template"]!["spec"]!["containers"]![0]!;
        var redisArguments = resources.OfKind("StatefulSet").Single()["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => a.Text()).ToArray();
        var settingsJson = resources.OfKind("ConfigMap").Single()["data"]!["appsettings.json"].Text();
        var secretKeys = Manifests.ReadYaml(Path.Combine(Base, "secret.example.yaml"))[0]!["stringData"]!.AsObject().Select(p => p.Key).ToArray();

        var data = Directory.CreateTempSubdirectory("bbr-k8s-redis-").FullName;
        await using var redis = await RedisServer.StartAsync(data, redisArguments);

        // The kubelet's layout of a ConfigMap volume: files are links into ..data, a link swapped at each update.
        var volume = Directory.CreateTempSubdirectory("bbr-configmap-").FullName;
        WriteVersion(volume, "..2026_12_03_1", settingsJson);
        File.CreateSymbolicLink(Path.Combine(volume, "..data"), "..2026_12_03_1");
        File.CreateSymbolicLink(Path.Combine(volume, "appsettings.json"), "..data/appsettings.json");

        var settings = container["env"]!.AsArray().ToDictionary(e => e!["name"].Text(), e => e!["value"]?.GetValue<string>());
        settings.Remove("ASPNETCORE_HTTP_PORTS");
        settings["ByeByeRobots__SettingsFile"] = Path.Combine(volume, "appsettings.json");
        settings["ByeByeRobots__Telemetry__PrometheusPort"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["ByeByeRobots__Telemetry__PrometheusHost"] = "127.0.0.1";
        settings["Logging__Console__FormatterName"] = null;
        foreach (var key in secretKeys)
        {
            settings[key] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        }

        // Environment variables win over the file: the Redis here, and this harness's own address.
        settings["ByeByeRobots__Redis__Configuration"] = redis.Configuration;
        settings["AllowedHosts"] = "robots.guichet.public.lu;localhost;127.0.0.1";
        await using var service = await ServiceProcess.StartAsync(settings, environment: settings["ASPNETCORE_ENVIRONMENT"]!);

        using var http = service.CreateClient();
        foreach (var probe in new[] { "startupProbe", "livenessProbe", "readinessProbe" })
        {
            var get = container[probe]!["httpGet"]!;
            using var request = new HttpRequestMessage(HttpMethod.Get, get["path"].Text());
            request.Headers.Host = get["httpHeaders"]!.AsArray().Single(h => h!["name"].Text() == "Host")!["value"].Text();
            using var answer = await http.SendAsync(request);
            answer.StatusCode.Should().Be(HttpStatusCode.OK, $"the {probe} as the kubelet asks it");
        }

        using (var foreign = new HttpRequestMessage(HttpMethod.Get, "/healthz"))
        {
            foreign.Headers.Host = "10.244.1.7:8080";
            (await http.SendAsync(foreign)).StatusCode.Should().Be(HttpStatusCode.BadRequest, "the pod's address is not an allowed host: why the probes name one");
        }

        var widget = service.Widget("https://guichet.public.lu");
        var before = await widget.ChallengeAsync("guichet-demandes");
        before["pow"]!["difficulty"]!.GetValue<int>().Should().BeGreaterThan(0);

        // kubectl apply of an edited ConfigMap: the kubelet writes a new version and swaps the link.
        var edited = settingsJson.Replace("\"Difficulty\": 12", "\"Difficulty\": 13", StringComparison.Ordinal);
        edited.Should().NotBe(settingsJson);
        WriteVersion(volume, "..2026_12_03_2", edited);
        File.CreateSymbolicLink(Path.Combine(volume, "..data_tmp"), "..2026_12_03_2");
        Manifests.Run("mv", "-T", Path.Combine(volume, "..data_tmp"), Path.Combine(volume, "..data")).Code.Should().Be(0, "rename(2) swaps the link at once");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var iterations = before["pow"]!["iterations"]?.GetValue<int>();
        JsonObject after = before;
        while (clock.Elapsed < TimeSpan.FromSeconds(45) && Cost(after) == Cost(before))
        {
            await Task.Delay(250);
            after = await widget.ChallengeAsync("guichet-demandes");
        }

        output.WriteLine($"after {clock.ElapsedMilliseconds} ms: iterations {iterations} -> {after["pow"]!["iterations"]}");
        Cost(after).Should().NotBe(Cost(before), "the edited ConfigMap is read again without a restart");
        Directory.Delete(volume, recursive: true);
    }

    private static string Cost(JsonObject challenge) => $"{challenge["pow"]!["difficulty"]}/{challenge["pow"]!["iterations"]}";

    private static void WriteVersion(string volume, string version, string settings)
    {
        Directory.CreateDirectory(Path.Combine(volume, version));
        File.WriteAllText(Path.Combine(volume, version, "appsettings.json"), settings);
    }
}
