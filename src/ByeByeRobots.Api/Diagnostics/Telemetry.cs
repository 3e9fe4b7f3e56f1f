using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ByeByeRobots.Api.Diagnostics;

/// <summary>Bound from <c>ByeByeRobots:Telemetry</c>.</summary>
internal sealed class TelemetryOptions
{
    public const string SectionName = "ByeByeRobots:Telemetry";

    /// <summary>
    /// The port of a Prometheus scrape endpoint on a listener of its own, apart from the public one
    /// (9464 is Prometheus's usual); 0, none. Keep it off the internet: metrics name sites and actions.
    /// </summary>
    public int PrometheusPort { get; set; }

    /// <summary>The host that listener binds: <c>localhost</c>, or <c>*</c> for a scraper on another machine (a pod's).</summary>
    public string PrometheusHost { get; set; } = "localhost";

    /// <summary>The scrape path on that listener.</summary>
    public string PrometheusPath { get; set; } = "/metrics";
}

/// <summary>
/// OpenTelemetry: the service's meter (verdicts, scores, challenges and their cost, step-up waits,
/// siteverify results, store), ASP.NET Core, HTTP client and runtime metrics, and traces of
/// requests, outgoing calls and Redis commands. Exported as
/// a Prometheus scrape endpoint (<see cref="TelemetryOptions.PrometheusPort"/>) and over OTLP when
/// the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
internal static class Telemetry
{
    /// <summary>Buckets of the score histogram: tenths of [0, 1], finer near the usual thresholds.</summary>
    private static readonly double[] ScoreBuckets = [0, 0.1, 0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 1];

    /// <summary>Buckets of the verify duration, in milliseconds.</summary>
    private static readonly double[] DurationBuckets = [0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 1000];

    /// <summary>Buckets of the step-up wait, in seconds: a step-up should take a few at most.</summary>
    private static readonly double[] WaitBuckets = [1, 2, 3, 5, 8, 13, 20, 30, 60, 120];

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var prometheus = options.PrometheusPort > 0;
        var redis = !string.IsNullOrWhiteSpace(builder.Configuration["ByeByeRobots:Redis:Configuration"]);
        if (!otlp && !prometheus)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("byebyerobots"))
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(VerificationMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddView("byebyerobots.verify.score", new ExplicitBucketHistogramConfiguration { Boundaries = ScoreBuckets })
                    .AddView("byebyerobots.verify.duration", new ExplicitBucketHistogramConfiguration { Boundaries = DurationBuckets })
                    .AddView("byebyerobots.step_up.wait", new ExplicitBucketHistogramConfiguration { Boundaries = WaitBuckets });
                if (prometheus)
                {
                    metrics.AddPrometheusHttpListener(listener =>
                    {
                        listener.Host = options.PrometheusHost;
                        listener.Port = options.PrometheusPort;
                        listener.ScrapeEndpointPath = options.PrometheusPath;
                    });
                }
            })
            .WithTracing(tracing =>
            {
                tracing
                    .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !context.Request.Path.StartsWithSegments("/healthz") && !context.Request.Path.StartsWithSegments("/readyz"))
                    .AddHttpClientInstrumentation();
                if (redis)
                {
                    // Each command a span, with its duration in Redis and on the wire (the multiplexer comes from the container).
                    tracing.AddRedisInstrumentation();
                }
            });
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
