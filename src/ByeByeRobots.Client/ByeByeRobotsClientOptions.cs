namespace ByeByeRobots.Client;

/// <summary>
/// How a procedure backend reaches ByeByeRobots, bound from the <c>ByeByeRobots</c> section of
/// its configuration (<c>ByeByeRobots:ServiceUrl</c>, <c>ByeByeRobots:Secret</c>, …). Keep the
/// secret in a secret store (user secrets, environment variables, a vault provider): any
/// configuration source works.
/// </summary>
public sealed class ByeByeRobotsClientOptions
{
    /// <summary>The configuration section read by default.</summary>
    public const string SectionName = "ByeByeRobots";

    /// <summary>The service's base address as the backend reaches it, e.g. <c>https://verify.example.lu</c>.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>
    /// The service's base address as browsers reach it, for the widget's script; defaults to
    /// <see cref="ServiceUrl"/>. Differs when the backend calls the service on an internal address.
    /// </summary>
    public Uri? PublicServiceUrl { get; set; }

    /// <summary>The site's public key, rendered into pages by the tag helper.</summary>
    public string? SiteKey { get; set; }

    /// <summary>The site's secret for <c>/v1/siteverify</c> (at least 32 characters).</summary>
    public string Secret { get; set; } = "";

    /// <summary>
    /// Hostnames a token's page may have been served from (<c>*.example.lu</c> wildcards allowed).
    /// Empty: any hostname the service accepted for the site.
    /// </summary>
    public IList<string> Hostnames { get; } = [];

    /// <summary>What a verification answers when the service cannot be reached. Default: <see cref="UnreachablePolicy.FailClosed"/>.</summary>
    public UnreachablePolicy WhenUnreachable { get; set; } = UnreachablePolicy.FailClosed;

    /// <summary>Network behaviour of the calls to the service.</summary>
    public ByeByeRobotsResilienceOptions Resilience { get; set; } = new();
}

/// <summary>What <c>IByeByeRobotsClient.VerifyAsync</c> answers when the service cannot be reached.</summary>
public enum UnreachablePolicy
{
    /// <summary>The verification fails with <c>service-unavailable</c>: no token is trusted unchecked.</summary>
    FailClosed,

    /// <summary>The verification succeeds with <see cref="VerificationResult.FailedOpen"/> set, and a warning is logged.</summary>
    FailOpen,
}

/// <summary>
/// Timeouts, retries and circuit breaker of the calls to <c>/v1/siteverify</c>. Retries happen on
/// transient failures only (connection errors, timeouts, 408, 429, 5xx, and the service's
/// retryable <c>internal-error</c>) and always resend the same <c>idempotency_key</c>.
/// </summary>
public sealed class ByeByeRobotsResilienceOptions
{
    /// <summary>Longest wait for one attempt. Default 2 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait for a verification, retries included. Default 8 s.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Retries after the first attempt. Default 2.</summary>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>Median first back-off; later ones grow exponentially, with jitter. Default 200 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Share of failed attempts within <see cref="SamplingDuration"/> that opens the circuit. Default 0.5.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Attempts within <see cref="SamplingDuration"/> before the circuit may open. Default 10.</summary>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>Window over which failures are counted. Default 30 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit refuses calls before one trial call. Default 15 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
