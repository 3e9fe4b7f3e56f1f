using ByeByeRobots.Api.Diagnostics;
using ByeByeRobots.Api.Http;
using ByeByeRobots.Api.SiteVerify;
using ByeByeRobots.Core.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace ByeByeRobots.Api.Hosting;

/// <summary>
/// Turns what escapes a handler into a problem with a stable code: an unreachable store is a
/// 503 <c>store-unavailable</c> with Retry-After; a request the server could not read, a 4xx;
/// anything else, a 500 <c>internal-error</c> (a bug, and logged as one).
/// </summary>
internal sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger, StoreErrorLog storeErrors) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (code, status, detail) = exception switch
        {
            StoreUnavailableException => (ErrorCodes.StoreUnavailable, StatusCodes.Status503ServiceUnavailable, "The service's store does not answer; try again shortly."),

            // The shared rate limiter counts in Redis: an unreachable Redis there is the same outage.
            StackExchange.Redis.RedisException or StackExchange.Redis.RedisTimeoutException => (ErrorCodes.StoreUnavailable, StatusCodes.Status503ServiceUnavailable, "The service's store does not answer; try again shortly."),
            BadHttpRequestException bad => (Problems.CodeForStatus(bad.StatusCode), bad.StatusCode, "The request could not be read."),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => ("client-closed", 499, "The client went away."),
            _ => (ErrorCodes.InternalError, StatusCodes.Status500InternalServerError, "An unexpected error occurred."),
        };

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            storeErrors.Report(exception);
            httpContext.Response.Headers.RetryAfter = "1";
        }
        else if (status >= 500)
        {
            Log.Unhandled(logger, httpContext.Request.Path, exception);
        }

        if (httpContext.Request.Path.Equals(SiteVerifyEndpoints.Path, StringComparison.OrdinalIgnoreCase))
        {
            // Backends read /v1/siteverify in the Turnstile shape, whatever went wrong.
            var answer = SiteVerifyResponse.Failure(status >= 500 ? "internal-error" : "bad-request");
            await TypedResults.Json(answer, ApiJsonContext.Default.SiteVerifyResponse).ExecuteAsync(httpContext);
            return true;
        }

        await Problems.Error(code, detail, status).ExecuteAsync(httpContext);
        return true;
    }
}
