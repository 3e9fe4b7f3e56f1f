namespace ByeByeRobots.Api.Http;

/// <summary>The stable <c>error</c> codes of protocol section 6, and the few this service adds.</summary>
internal static class ErrorCodes
{
    public const string SiteKeyUnknown = "sitekey-unknown";
    public const string OriginNotAllowed = "origin-not-allowed";
    public const string ActionInvalid = "action-invalid";
    public const string ChallengeUnknown = "challenge-unknown";
    public const string ChallengeExpired = "challenge-expired";
    public const string PowInvalid = "pow-invalid";
    public const string SignalsInvalid = "signals-invalid";
    public const string PayloadTooLarge = "payload-too-large";
    public const string RateLimited = "rate-limited";
    public const string StoreUnavailable = "store-unavailable";

    // Added by this service (protocol: "the service may add error codes").

    /// <summary>The body is not a JSON object at all.</summary>
    public const string RequestInvalid = "request-invalid";

    public const string NotFound = "not-found";
    public const string MethodNotAllowed = "method-not-allowed";
    public const string InternalError = "internal-error";
}
