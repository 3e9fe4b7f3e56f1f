namespace ByeByeRobots.Client;

/// <summary>
/// The answer to one token check. <see cref="Success"/> is true only when the service accepted
/// the token and the expected action and hostname match (or when the service was unreachable
/// under <see cref="UnreachablePolicy.FailOpen"/>: then <see cref="FailedOpen"/> is true).
/// </summary>
public sealed record VerificationResult
{
    /// <summary>Whether the request may go on.</summary>
    public required bool Success { get; init; }

    /// <summary>The humanity score in [0,1] the token was issued with; null when not known.</summary>
    public double? Score { get; init; }

    /// <summary>The action the token was issued for.</summary>
    public string? Action { get; init; }

    /// <summary>The hostname of the page the token was issued to.</summary>
    public string? Hostname { get; init; }

    /// <summary>When the check in the browser passed.</summary>
    public DateTimeOffset? ChallengeTimestamp { get; init; }

    /// <summary>True when the session passed only after a step-up (a harder proof of work it paid for).</summary>
    public bool SteppedUp { get; init; }

    /// <summary>The service's codes of what lowered the score or raised the cost (<c>no-interaction</c>, <c>behaviour-low</c>, …). Empty when nothing did.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>Why the check failed: the service's codes and <see cref="VerificationErrors"/>. Empty on success.</summary>
    public IReadOnlyList<string> ErrorCodes { get; init; } = [];

    /// <summary>True when the service could not be reached and the policy let the request through unchecked.</summary>
    public bool FailedOpen { get; init; }

    internal static VerificationResult Failure(params string[] codes) => new() { Success = false, ErrorCodes = codes };
}

/// <summary>The error codes a verification can carry: the service's (protocol section 4) and the client's own.</summary>
public static class VerificationErrors
{
    /// <summary>No secret was sent (a configuration fault).</summary>
    public const string MissingInputSecret = "missing-input-secret";

    /// <summary>The secret is not a site's (a configuration fault).</summary>
    public const string InvalidInputSecret = "invalid-input-secret";

    /// <summary>No token came with the request.</summary>
    public const string MissingInputResponse = "missing-input-response";

    /// <summary>The token is forged, damaged, or another site's.</summary>
    public const string InvalidInputResponse = "invalid-input-response";

    /// <summary>The token expired or was already used.</summary>
    public const string TimeoutOrDuplicate = "timeout-or-duplicate";

    /// <summary>The service could not read the call.</summary>
    public const string BadRequest = "bad-request";

    /// <summary>The service failed to answer (retried first).</summary>
    public const string InternalError = "internal-error";

    /// <summary>Client: the token is good but was issued for another action.</summary>
    public const string ActionMismatch = "action-mismatch";

    /// <summary>Client: the token is good but was issued to a page on a hostname not configured.</summary>
    public const string HostnameMismatch = "hostname-mismatch";

    /// <summary>Client: the service could not be reached (after retries, or the circuit is open).</summary>
    public const string ServiceUnavailable = "service-unavailable";

    /// <summary>Client: the token is good but its score is below the endpoint's <see cref="HumanRequirement.MinimumScore"/>.</summary>
    public const string ScoreTooLow = "score-too-low";

    /// <summary>Client: the token is good but the session was stepped up, which the endpoint refuses (<see cref="HumanRequirement.AllowSteppedUp"/>).</summary>
    public const string SteppedUpRefused = "stepped-up-refused";
}

/// <summary>
/// What an endpoint asks of a token beyond being good: the action it was issued for, a minimum
/// score, whether a stepped-up session will do. The service's own per-action thresholds
/// (<c>Actions:payment:PassScore</c>) are the first tool: below them a person is asked for more
/// work, never refused. These checks come after, for a backend's own policy (a payment stricter
/// than a contact form); a token they refuse is used up, and the form must be sent again.
/// </summary>
public sealed record HumanRequirement
{
    /// <summary>The action tokens must have been issued for; null: any.</summary>
    public string? Action { get; init; }

    /// <summary>The lowest score accepted, in [0, 1]; null: any score the service passed.</summary>
    public double? MinimumScore { get; init; }

    /// <summary>Whether a session that passed after a step-up is accepted. Default true.</summary>
    public bool AllowSteppedUp { get; init; } = true;

    /// <summary>Any good token, for any action.</summary>
    public static HumanRequirement Any { get; } = new();
}
