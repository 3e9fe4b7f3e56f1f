using ByeByeRobots.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ByeByeRobots.AspNetCore;

/// <summary>Where the guard looks for the token: change with <c>services.Configure&lt;RequireHumanOptions&gt;(…)</c>; the defaults suit most backends.</summary>
public sealed class RequireHumanOptions
{
    /// <summary>
    /// Form fields read in order; the first non-empty one is the token. Default: <c>bbr-response</c>,
    /// then the fields of the CAPTCHAs ByeByeRobots replaces (<c>g-recaptcha-response</c>,
    /// <c>cf-turnstile-response</c>, <c>h-captcha-response</c>), which the widget fills when asked.
    /// </summary>
    public IList<string> ResponseFields { get; } = ["bbr-response", "g-recaptcha-response", "cf-turnstile-response", "h-captcha-response"];

    /// <summary>The request header read first, for JSON APIs. Default <c>BBR-Response</c>.</summary>
    public string ResponseHeader { get; set; } = "BBR-Response";
}

/// <summary>The guard's stable problem codes (the <c>error</c> member of its problem documents).</summary>
public static class GuardErrors
{
    /// <summary>400: the request carries no token.</summary>
    public const string ResponseMissing = "bbr-response-missing";

    /// <summary>403: the token is forged, expired, reused, or for another action or hostname.</summary>
    public const string VerificationFailed = "human-verification-failed";

    /// <summary>503: the service could not be reached and the policy is FailClosed.</summary>
    public const string VerificationUnavailable = "human-verification-unavailable";
}

/// <summary>The result of the check made by the guard, for the handler to read.</summary>
public static class HumanVerificationHttpContextExtensions
{
    private static readonly object Key = new();

    /// <summary>The verification the guard made for this request; null when no guard ran.</summary>
    public static VerificationResult? GetHumanVerification(this HttpContext context) =>
        context.Items.TryGetValue(Key, out var value) ? value as VerificationResult : null;

    internal static void SetHumanVerification(this HttpContext context, VerificationResult result) => context.Items[Key] = result;
}

/// <summary>The check shared by the endpoint filter and the MVC/Razor Pages filter.</summary>
internal static class HumanGuard
{
    /// <summary>Null when the request may go on; otherwise the problem to answer.</summary>
    public static async Task<ProblemDetails?> CheckAsync(HttpContext context, HumanRequirement requirement)
    {
        // A token is good once: when guards are stacked (a group and its endpoint, a controller and
        // its action), the first one's check stands for the others, which compare what they ask
        // (action, score, step-up) with what it found.
        if (context.GetHumanVerification() is { Success: true } earlier)
        {
            return earlier.FailedOpen || Unmet(requirement, earlier) is not { } code
                ? null
                : Problem(StatusCodes.Status403Forbidden, GuardErrors.VerificationFailed, "Human verification failed.", "The verification token was refused.", [code]);
        }

        var services = context.RequestServices;
        var options = services.GetService<IOptions<RequireHumanOptions>>()?.Value ?? new RequireHumanOptions();
        var token = await ReadTokenAsync(context, options);
        if (string.IsNullOrEmpty(token))
        {
            return Problem(StatusCodes.Status400BadRequest, GuardErrors.ResponseMissing, "The human verification token is missing.",
                $"Send the widget's token in the '{(options.ResponseFields.Count > 0 ? options.ResponseFields[0] : "bbr-response")}' form field or the '{options.ResponseHeader}' header.", []);
        }

        var client = services.GetRequiredService<IByeByeRobotsClient>();
        var result = await client.VerifyAsync(token, requirement, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
        context.SetHumanVerification(result);
        if (result.Success)
        {
            return null;
        }

        return result.ErrorCodes.Contains(VerificationErrors.ServiceUnavailable)
            ? Problem(StatusCodes.Status503ServiceUnavailable, GuardErrors.VerificationUnavailable, "Human verification is unavailable.", "Please try again in a moment.", result.ErrorCodes)
            : Problem(StatusCodes.Status403Forbidden, GuardErrors.VerificationFailed, "Human verification failed.", "The verification token was refused.", result.ErrorCodes);
    }

    /// <summary>The first requirement an earlier, successful verification does not meet, or null.</summary>
    private static string? Unmet(HumanRequirement requirement, VerificationResult earlier) =>
        requirement.Action is { } action && !string.Equals(action, earlier.Action, StringComparison.Ordinal) ? VerificationErrors.ActionMismatch
        : requirement.MinimumScore is { } minimum && !(earlier.Score >= minimum) ? VerificationErrors.ScoreTooLow
        : !requirement.AllowSteppedUp && earlier.SteppedUp ? VerificationErrors.SteppedUpRefused
        : null;

    private static async Task<string?> ReadTokenAsync(HttpContext context, RequireHumanOptions options)
    {
        var request = context.Request;
        if (request.Headers.TryGetValue(options.ResponseHeader, out var header) && FirstNonEmpty(header) is { } fromHeader)
        {
            return fromHeader;
        }

        if (!request.HasFormContentType)
        {
            return null;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException or IOException)
        {
            return null;
        }

        foreach (var name in options.ResponseFields)
        {
            if (form.TryGetValue(name, out var value) && FirstNonEmpty(value) is { } fromForm)
            {
                return fromForm;
            }
        }

        return null;
    }

    /// <summary>The first non-empty value: a repeated field (a leftover CAPTCHA input, say) is not joined with commas.</summary>
    private static string? FirstNonEmpty(Microsoft.Extensions.Primitives.StringValues values)
    {
        foreach (var value in values)
        {
            if (!string.IsNullOrEmpty(value))
            {
                return value;
            }
        }

        return null;
    }

    private static ProblemDetails Problem(int status, string code, string title, string detail, IReadOnlyList<string> errorCodes)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = status switch
            {
                StatusCodes.Status400BadRequest => "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.1",
                StatusCodes.Status403Forbidden => "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.4",
                _ => "https://datatracker.ietf.org/doc/html/rfc9110#section-15.6.4",
            },
        };

        problem.Extensions["error"] = code;
        if (errorCodes.Count > 0)
        {
            problem.Extensions["errorCodes"] = errorCodes;
        }

        return problem;
    }
}
