using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ByeByeRobots.Testing;
using Xunit.Abstractions;

namespace ByeByeRobots.Api.Tests.Hosting;

/// <summary>The service's metrics as an operations team gets them: scraped by Debian's real Prometheus, queried through its HTTP API.</summary>
public class TelemetryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Prometheus_ScrapesTheMetricsListener_AndAnswersAVerdictQuery()
    {
        var metricsPort = FreePort();
        // A site of this test's own: the meter is read by name, so other tests' services in this
        // process report to the same listener, with their own sites.
        await using var host = await ServiceHost.StartAsync(s =>
        {
            s["ByeByeRobots:Telemetry:PrometheusPort"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            s["ByeByeRobots:Sites:telemetry-site:Secret"] = ServiceHost.Secret;
            s["ByeByeRobots:Sites:telemetry-site:Hostnames:0"] = "guichet.example.lu";
            s["ByeByeRobots:Sites:telemetry-site:Pow:Difficulty"] = "4";
            s["ByeByeRobots:Sites:telemetry-site:Pow:Puzzles"] = "2";
        });
        var token = await host.Widget().PassAsync("telemetry-site");
        (await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, token)).Body["success"]!.GetValue<bool>().Should().BeTrue();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var exposition = await http.GetStringAsync($"http://localhost:{metricsPort}/metrics");
        using var onPublicListener = await host.CreateClient().GetAsync("/metrics");

        var directory = Directory.CreateTempSubdirectory("bbr-prometheus-").FullName;
        var prometheusPort = FreePort();
        await File.WriteAllTextAsync(Path.Combine(directory, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: byebyerobots
                metrics_path: /metrics
                static_configs:
                  - targets: ["localhost:{metricsPort}"]
            """);
        using var prometheus = StartPrometheus(directory, prometheusPort);
        try
        {
            var result = await QueryUntilAnswerAsync(http, prometheusPort, "byebyerobots_verify_verdicts_total{verdict=\"pass\",site=\"telemetry-site\"}");

            result.Should().NotBeNull("Prometheus scraped the service within 60 s; the exposition began: " + exposition[..Math.Min(exposition.Length, 400)]);
            result!["metric"]!["site"]!.GetValue<string>().Should().Be("telemetry-site");
            result["metric"]!["class"]!.GetValue<string>().Should().Be("behaviour");
            result["value"]![1]!.GetValue<string>().Should().Be("1");
            exposition.Should().Contain("byebyerobots_verify_score_bucket{").And.Contain("le=\"0.5\"", "the score histogram has buckets of [0, 1]");
            exposition.Should().Contain("byebyerobots_siteverify_results_total");
            onPublicListener.StatusCode.Should().Be(HttpStatusCode.NotFound, "metrics are on their own listener, not the public one");
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
            Directory.Delete(directory, recursive: true);
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
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                var answer = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/api/v1/query?query={Uri.EscapeDataString(query)}"));
                if (answer?["data"]?["result"] is JsonArray { Count: > 0 } result)
                {
                    return result[0];
                }
            }
            catch (HttpRequestException)
            {
                // Prometheus is still starting.
            }

            await Task.Delay(250);
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
