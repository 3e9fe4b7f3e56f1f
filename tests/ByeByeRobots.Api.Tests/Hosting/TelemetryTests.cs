using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using ByeByeRobots.Testing;
using Xunit.Abstractions;

namespace ByeByeRobots.Api.Tests.Hosting;

/// <summary>
/// The service's telemetry as an operations team gets it, from a real service process: metrics
/// scraped by Debian's real Prometheus and queried through its HTTP API; traces (with Redis
/// commands) and metrics pushed over OTLP/HTTP to a collector's endpoint.
/// </summary>
public class TelemetryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Prometheus_ScrapesTheMetricsListener_AndOtlpReceivesTracesWithRedisCommands()
    {
        using var collector = new OtlpCollector();
        var metricsPort = LoopbackPort.Free();
        var settings = ServiceHost.DefaultSettings((await RedisServer.Shared).Configuration);
        settings["ByeByeRobots:Telemetry:PrometheusPort"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["ByeByeRobots:Telemetry:PrometheusHost"] = "127.0.0.1";
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint;
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        settings["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        settings["OTEL_METRIC_EXPORT_INTERVAL"] = "500";
        await using var service = await ServiceProcess.StartAsync(settings);

        // A pass, and a step-up answered: verdicts, scores, challenges and their cost, the wait.
        var widget = service.Widget();
        var token = await widget.PassAsync();
        (await service.Backend().SiteVerifyFormAsync(ServiceHost.Secret, token)).Body["success"]!.GetValue<bool>().Should().BeTrue();
        var stepUp = await widget.VerifyAsync(await widget.ChallengeAsync(), Sessions.Idle);
        stepUp["verdict"]!.GetValue<string>().Should().Be("step-up");
        (await widget.VerifyAsync(stepUp["challenge"]!.AsObject(), Sessions.Human))["verdict"]!.GetValue<string>().Should().Be("pass");
        (await service.Backend().SiteVerifyFormAsync("not-a-secret", token)).Body["success"]!.GetValue<bool>().Should().BeFalse();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var exposition = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");
        using var onPublicListener = await service.CreateClient().GetAsync("/metrics");
        onPublicListener.StatusCode.Should().Be(HttpStatusCode.NotFound, "metrics are on their own listener, not the public one");
        exposition.Should().Contain("byebyerobots_verify_score_bucket{").And.Contain("le=\"0.55\"", "the score histogram has explicit buckets in [0, 1]");
        exposition.Should().Contain("byebyerobots_siteverify_results_total{").And.Contain("site=\"site-a\"").And.Contain("site=\"unknown\"");
        exposition.Should().Contain("byebyerobots_challenge_issued_total{").And.Contain("step_up=\"true\"").And.Contain("cost=\"8\"", "a step-up below StepUpScore costs MaxStepUpDifficulty, a label");
        exposition.Should().Contain("byebyerobots_step_up_wait_seconds_bucket{");

        var directory = Directory.CreateTempSubdirectory("bbr-prometheus-").FullName;
        var prometheusPort = LoopbackPort.Free();
        await File.WriteAllTextAsync(Path.Combine(directory, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: byebyerobots
                metrics_path: /metrics
                static_configs:
                  - targets: ["127.0.0.1:{metricsPort}"]
            """);
        using var prometheus = StartPrometheus(directory, prometheusPort);
        try
        {
            var pass = await QueryUntilAnswerAsync(http, prometheusPort, "sum by (site) (byebyerobots_verify_verdicts_total{verdict=\"pass\",site=\"site-a\"})");
            var stepUps = await QueryUntilAnswerAsync(http, prometheusPort, "sum(byebyerobots_verify_verdicts_total{verdict=\"step-up\"})");

            pass.Should().NotBeNull("Prometheus scraped the service within 90 s; the exposition began: " + exposition[..Math.Min(exposition.Length, 400)]);
            pass!["metric"]!["site"]!.GetValue<string>().Should().Be("site-a");
            pass["value"]![1]!.GetValue<string>().Should().Be("2", "one pass at once, one after its step-up");
            stepUps!["value"]![1]!.GetValue<string>().Should().Be("1");

            await EveryDashboardQueryRunsAsync(http, prometheusPort, await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics"));
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
            Directory.Delete(directory, recursive: true);
        }

        // OTLP: spans of the service's requests and of its Redis commands, and its own metrics.
        var traces = await collector.WaitForAsync("/v1/traces", body => body.Contains("/v1/verify", StringComparison.Ordinal) && body.Contains("redis", StringComparison.Ordinal));
        var metrics = await collector.WaitForAsync("/v1/metrics", body => body.Contains("byebyerobots.verify.verdicts", StringComparison.Ordinal));
        traces.Should().NotBeNull("a span of /v1/verify and one of a Redis command reached the OTLP endpoint");
        traces!.Should().Contain("byebyerobots", "the resource names the service");
        metrics.Should().NotBeNull("the service's meter reached the OTLP endpoint");
    }

    /// <summary>
    /// Every query of the Grafana dashboard, its variables replaced as Grafana would, is accepted
    /// by this Prometheus and names only metrics the service exports (a dashboard panel on a
    /// misspelt metric draws "No data" for ever, and nobody notices until they need it).
    /// </summary>
    private static async Task EveryDashboardQueryRunsAsync(HttpClient http, int port, string exposition)
    {
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "deploy", "grafana", "byebyerobots.json")))!;
        var queries = dashboard["panels"]!.AsArray()
            .SelectMany(panel => panel!["panels"]?.AsArray().Prepend(panel) ?? [panel])
            .SelectMany(panel => panel!["targets"]?.AsArray() ?? [])
            .Select(target => target!["expr"]!.GetValue<string>())
            .ToArray();
        queries.Should().HaveCountGreaterThan(15);

        // Exported only on an event this run does not cause (a store that does not answer), or by
        // the embedded store, which this Redis-backed run does not use (its fill).
        string[] onEventOnly = ["byebyerobots_store_errors_total", "byebyerobots_store_entries", "byebyerobots_store_capacity"];
        var exported = Regex.Matches(exposition, "^([a-zA-Z_:][a-zA-Z0-9_:]*)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        foreach (var query in queries)
        {
            var expression = query.Replace("$__rate_interval", "1m", StringComparison.Ordinal)
                .Replace("$job", ".*", StringComparison.Ordinal).Replace("$site", ".*", StringComparison.Ordinal).Replace("$action", ".*", StringComparison.Ordinal);
            var answer = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/api/v1/query?query={Uri.EscapeDataString(expression)}"))!;
            answer["status"]!.GetValue<string>().Should().Be("success", expression);
            foreach (var metric in Regex.Matches(expression, @"\b((?:byebyerobots|http|dotnet|kestrel|process|aspnetcore)_[a-z0-9_]+)\s*\{").Select(m => m.Groups[1].Value))
            {
                (exported.Contains(metric) || onEventOnly.Contains(metric)).Should().BeTrue($"the dashboard's query {expression} reads {metric}, which the service exports");
            }
        }
    }

    private Process StartPrometheus(string directory, int port)
    {
        var start = new ProcessStartInfo(File.Exists("/usr/bin/prometheus") ? "/usr/bin/prometheus" : "prometheus")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--config.file=" + Path.Combine(directory, "prometheus.yml"), "--storage.tsdb.path=" + Path.Combine(directory, "data"), $"--web.listen-address=127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start: install it (apt-get install prometheus) or run the README's test command.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text && (text.Contains("level=error", StringComparison.Ordinal) || text.Contains("level=warn", StringComparison.Ordinal)))
            {
                output.WriteLine(text);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<JsonNode?> QueryUntilAnswerAsync(HttpClient http, int port, string query)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            try
            {
                var answer = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/api/v1/query?query={Uri.EscapeDataString(query)}"));
                if (answer?["data"]?["result"] is JsonArray { Count: > 0 } result)
                {
                    return result[0];
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Prometheus is still starting, or the machine is busy.
            }

            await Task.Delay(250);
        }

        return null;
    }

    /// <summary>
    /// An OTLP/HTTP endpoint that keeps what it is sent. Protobuf stores strings as their UTF-8
    /// bytes, so span names, attribute values and metric names can be looked for in the bodies.
    /// </summary>
    private sealed class OtlpCollector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<(string Path, string Body)> _received = [];

        public OtlpCollector()
        {
            var port = LoopbackPort.Free();
            Endpoint = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Endpoint + "/");
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Endpoint { get; }

        public async Task<string?> WaitForAsync(string path, Func<string, bool> match)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                lock (_received)
                {
                    var found = _received.FirstOrDefault(r => r.Path == path && match(r.Body));
                    if (found.Body is not null)
                    {
                        return found.Body;
                    }
                }

                await Task.Delay(200);
            }

            return null;
        }

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                lock (_received)
                {
                    _received.Add((context.Request.Url!.AbsolutePath, Encoding.UTF8.GetString(body.ToArray())));
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }
    }
}
