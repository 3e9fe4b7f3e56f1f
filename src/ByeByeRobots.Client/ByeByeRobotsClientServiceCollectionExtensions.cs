using System.Net;
using ByeByeRobots.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="IByeByeRobotsClient"/>.</summary>
public static class ByeByeRobotsClientServiceCollectionExtensions
{
    /// <summary>The name of the typed client's resilience pipeline (in metrics and logs).</summary>
    public const string PipelineName = "byebyerobots-siteverify";

    /// <summary>
    /// Registers <see cref="IByeByeRobotsClient"/>: a typed <see cref="HttpClient"/> for
    /// <c>/v1/siteverify</c> bound to the <c>ByeByeRobots</c> section of
    /// <paramref name="configuration"/> (or to <paramref name="configuration"/> itself when it is
    /// that section), reloaded when it changes, with an attempt timeout, jittered retries on
    /// transient failures, a circuit breaker and a total timeout. Options are validated at start.
    /// </summary>
    /// <returns>The client's builder, to add handlers or change its resilience.</returns>
    public static IHttpClientBuilder AddByeByeRobotsClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration is IConfigurationSection { Key: ByeByeRobotsClientOptions.SectionName } own
            ? own
            : configuration.GetSection(ByeByeRobotsClientOptions.SectionName);
        services.AddOptions<ByeByeRobotsClientOptions>().Bind(section).ValidateOnStart();
        return services.AddByeByeRobotsClient(_ => { });
    }

    /// <summary>Registers <see cref="IByeByeRobotsClient"/> configured in code (see the other overload).</summary>
    public static IHttpClientBuilder AddByeByeRobotsClient(this IServiceCollection services, Action<ByeByeRobotsClientOptions> configure)
    {
        services.AddOptions<ByeByeRobotsClientOptions>().Configure(configure).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ByeByeRobotsClientOptions>, ByeByeRobotsClientOptionsValidator>();
        services.AddLogging();

        var builder = services.AddHttpClient<IByeByeRobotsClient, ByeByeRobotsClient>((provider, http) =>
        {
            var options = provider.GetRequiredService<IOptionsMonitor<ByeByeRobotsClientOptions>>().CurrentValue;
            var url = options.ServiceUrl!.ToString();
            http.BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/");
            http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's total timeout rules
        });

        // No redirects: a redirect would resend the body, secret included, wherever it points.
        builder.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        });

        builder.AddResilienceHandler(PipelineName, static (pipeline, context) =>
        {
            context.EnableReloads<ByeByeRobotsClientOptions>();
            var options = context.GetOptions<ByeByeRobotsClientOptions>().Resilience;
            pipeline.AddTimeout(options.TotalTimeout);
            if (options.MaxRetryAttempts > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    Delay = options.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                });
            }

            pipeline
                .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = options.FailureRatio,
                    MinimumThroughput = options.MinimumThroughput,
                    SamplingDuration = options.SamplingDuration,
                    BreakDuration = options.BreakDuration,
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                })
                .AddTimeout(options.AttemptTimeout);
        });
        return builder;
    }

    /// <summary>
    /// Connection failures, attempt timeouts, 408, 429 and 5xx, and a 200 carrying
    /// <c>Retry-After</c>: the service's retryable <c>internal-error</c> (its store was unavailable).
    /// </summary>
    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        HttpClientResiliencePredicates.IsTransient(outcome)
        || outcome.Result is { StatusCode: HttpStatusCode.OK, Headers.RetryAfter: not null };
}

internal sealed class ByeByeRobotsClientOptionsValidator : IValidateOptions<ByeByeRobotsClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ByeByeRobotsClientOptions options)
    {
        var failures = new List<string>();
        if (options.ServiceUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("ByeByeRobots:ServiceUrl must be an absolute http(s) address, e.g. https://verify.example.lu");
        }

        if (options.Secret is not { Length: >= 32 })
        {
            failures.Add("ByeByeRobots:Secret must be the site's secret (at least 32 characters)");
        }

        var r = options.Resilience;
        if (r.AttemptTimeout <= TimeSpan.Zero || r.TotalTimeout < r.AttemptTimeout || r.MaxRetryAttempts is < 0 or > 10
            || r.FailureRatio is <= 0 or > 1 || r.MinimumThroughput < 2 || r.BreakDuration < TimeSpan.FromMilliseconds(500)
            || r.SamplingDuration < TimeSpan.FromMilliseconds(500) || r.RetryDelay < TimeSpan.Zero)
        {
            failures.Add("ByeByeRobots:Resilience: timeouts must be positive with TotalTimeout >= AttemptTimeout, 0-10 retries, FailureRatio in (0,1], MinimumThroughput >= 2, durations >= 0.5 s");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
