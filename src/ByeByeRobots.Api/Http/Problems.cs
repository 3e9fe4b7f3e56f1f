using Microsoft.AspNetCore.Http.HttpResults;

namespace ByeByeRobots.Api.Http;

/// <summary>RFC 9457 problems carrying one stable code in an <c>error</c> member.</summary>
internal static class Problems
{
    public const string TypePrefix = "urn:byebyerobots:error:";

    public static ProblemHttpResult Error(string code, string detail, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: Title(code),
            type: TypePrefix + code,
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["error"] = code });

    public static string Title(string code) => code switch
    {
        ErrorCodes.SiteKeyUnknown => "Unknown site key",
        ErrorCodes.OriginNotAllowed => "Origin not allowed for this site key",
        ErrorCodes.ActionInvalid => "Invalid action name",
        ErrorCodes.ChallengeUnknown => "Unknown or already used challenge",
        ErrorCodes.ChallengeExpired => "Challenge expired",
        ErrorCodes.PowInvalid => "Invalid proof of work",
        ErrorCodes.SignalsInvalid => "Invalid signals",
        ErrorCodes.PayloadTooLarge => "Payload too large",
        ErrorCodes.RateLimited => "Too many requests",
        ErrorCodes.StoreUnavailable => "Store unavailable",
        ErrorCodes.RequestInvalid => "Invalid request",
        ErrorCodes.NotFound => "Not found",
        ErrorCodes.MethodNotAllowed => "Method not allowed",
        _ => "Internal error",
    };

    /// <summary>The code for a status the framework produced itself (404, 405, 500…).</summary>
    public static string CodeForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ErrorCodes.RequestInvalid,
        StatusCodes.Status404NotFound => ErrorCodes.NotFound,
        StatusCodes.Status405MethodNotAllowed => ErrorCodes.MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => ErrorCodes.PayloadTooLarge,
        StatusCodes.Status429TooManyRequests => ErrorCodes.RateLimited,
        StatusCodes.Status503ServiceUnavailable => ErrorCodes.StoreUnavailable,
        _ => ErrorCodes.InternalError,
    };
}
