using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ByeByeRobots.Client;

/// <summary>
/// The typed <see cref="HttpClient"/> for <c>/v1/siteverify</c>, registered by
/// <c>services.AddByeByeRobotsClient(configuration)</c>
/// with its resilience pipeline. One verification makes one logical call, whatever its retries:
/// every attempt carries the same <c>idempotency_key</c>, so a retry after a lost response gets
/// the first answer again instead of <c>timeout-or-duplicate</c>.
/// </summary>
public sealed partial class ByeByeRobotsClient : IByeByeRobotsClient
{
    /// <summary>The path of the service's token check.</summary>
    public const string SiteVerifyPath = "v1/siteverify";

    private readonly HttpClient _http;
    private readonly IOptionsMonitor<ByeByeRobotsClientOptions> _options;
    private readonly ILogger<ByeByeRobotsClient> _logger;

    /// <summary>Created by the HTTP client factory; use <see cref="IByeByeRobotsClient"/> from dependency injection.</summary>
    public ByeByeRobotsClient(HttpClient http, IOptionsMonitor<ByeByeRobotsClientOptions> options, ILogger<ByeByeRobotsClient> logger)
    {
        _http = http;
        _options = options;
        _logger = logger;
    }

    /// <inheritdoc />
    public Task<VerificationResult> VerifyAsync(string? token, string? remoteIp = null, string? expectedAction = null, CancellationToken cancellationToken = default) =>
        VerifyAsync(token, new HumanRequirement { Action = expectedAction }, remoteIp, cancellationToken);

    /// <inheritdoc />
    public async Task<VerificationResult> VerifyAsync(string? token, HumanRequirement requirement, string? remoteIp = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        if (requirement.MinimumScore is { } minimum && minimum is not (>= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(requirement), minimum, "MinimumScore is a score in [0, 1].");
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            return VerificationResult.Failure(VerificationErrors.MissingInputResponse);
        }

        // A token is at most 2048 characters of a URL-safe alphabet (protocol section 3): anything
        // else is refused here, so no odd payload reaches a proxy or firewall in front of the
        // service whose refusal could be mistaken for an outage (and let through under FailOpen).
        if (!TokenShape().IsMatch(token))
        {
            return VerificationResult.Failure(VerificationErrors.InvalidInputResponse);
        }

        var options = _options.CurrentValue;
        var fields = new List<KeyValuePair<string, string>>(5)
        {
            new("secret", options.Secret),
            new("response", token),
            new("idempotency_key", Guid.NewGuid().ToString("N")),
            new("profile", "default"), // this client reads the default shape, whatever the site's compatibility profile
        };
        if (!string.IsNullOrEmpty(remoteIp))
        {
            fields.Add(new("remoteip", remoteIp));
        }

        SiteVerifyAnswer? answer;
        // The pipeline's timeouts cover the handlers, not the reading of the body, which HttpClient
        // does after them: this bound covers the whole call.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(options.Resilience.TotalTimeout + TimeSpan.FromSeconds(1));
        try
        {
            using var content = new FormUrlEncodedContent(fields);
            using var response = await _http.PostAsync(SiteVerifyPath, content, bound.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                // Only what says "the service is not answering" is an outage; any other refusal
                // (a 4xx from something in front of the service, say) is a refusal.
                var status = (int)response.StatusCode;
                return status is 408 or 429 or >= 500
                    ? Unreachable(options, $"HTTP {status}")
                    : VerificationResult.Failure(VerificationErrors.BadRequest);
            }

            try
            {
                answer = await response.Content.ReadFromJsonAsync(ClientJsonContext.Default.SiteVerifyAnswer, bound.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is JsonException or NotSupportedException)
            {
                return VerificationResult.Failure(VerificationErrors.BadRequest); // a 2xx that is not the service's answer
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or TimeoutRejectedException or BrokenCircuitException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Unreachable(options, exception.GetType().Name);
        }

        if (answer is null)
        {
            return VerificationResult.Failure(VerificationErrors.BadRequest);
        }

        var codes = answer.ErrorCodes ?? [];
        if (!answer.Success)
        {
            if (codes.Contains(VerificationErrors.InternalError))
            {
                return Unreachable(options, VerificationErrors.InternalError);
            }

            if (codes.Contains(VerificationErrors.InvalidInputSecret) || codes.Contains(VerificationErrors.MissingInputSecret))
            {
                LogSecretRejected(_logger);
            }

            return new VerificationResult { Success = false, ErrorCodes = codes.Length == 0 ? [VerificationErrors.InvalidInputResponse] : codes };
        }

        var result = new VerificationResult
        {
            Success = true,
            Score = answer.Score,
            Action = answer.Action,
            Hostname = answer.Hostname,
            ChallengeTimestamp = answer.ChallengeTimestamp,
            SteppedUp = answer.SteppedUp ?? false,
            Reasons = answer.Reasons ?? [],
        };
        if (requirement.Action is { } expectedAction && !string.Equals(expectedAction, answer.Action, StringComparison.Ordinal))
        {
            return result with { Success = false, ErrorCodes = [VerificationErrors.ActionMismatch] };
        }

        if (requirement.MinimumScore is { } minimumScore && !(answer.Score >= minimumScore))
        {
            return result with { Success = false, ErrorCodes = [VerificationErrors.ScoreTooLow] };
        }

        if (!requirement.AllowSteppedUp && result.SteppedUp)
        {
            return result with { Success = false, ErrorCodes = [VerificationErrors.SteppedUpRefused] };
        }

        if (options.Hostnames.Count > 0 && !Hostnames.Matches(options.Hostnames, answer.Hostname))
        {
            return result with { Success = false, ErrorCodes = [VerificationErrors.HostnameMismatch] };
        }

        return result;
    }

    private VerificationResult Unreachable(ByeByeRobotsClientOptions options, string reason)
    {
        if (options.WhenUnreachable == UnreachablePolicy.FailOpen)
        {
            LogFailedOpen(_logger, reason);
            return new VerificationResult { Success = true, FailedOpen = true };
        }

        LogFailedClosed(_logger, reason);
        return VerificationResult.Failure(VerificationErrors.ServiceUnavailable);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9._~+/=-]{1,2048}\z")]
    private static partial System.Text.RegularExpressions.Regex TokenShape();

    [LoggerMessage(1, LogLevel.Warning, "ByeByeRobots unreachable ({Reason}): request let through UNCHECKED (policy FailOpen)")]
    private static partial void LogFailedOpen(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Warning, "ByeByeRobots unreachable ({Reason}): request refused (policy FailClosed)")]
    private static partial void LogFailedClosed(ILogger logger, string reason);

    [LoggerMessage(3, LogLevel.Error, "ByeByeRobots rejected this backend's secret: check ByeByeRobots:Secret")]
    private static partial void LogSecretRejected(ILogger logger);
}
