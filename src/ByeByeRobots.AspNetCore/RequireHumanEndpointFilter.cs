using ByeByeRobots.AspNetCore;
using Microsoft.AspNetCore.Http;

namespace Microsoft.AspNetCore.Builder;

/// <summary><c>.RequireHuman("login")</c> on minimal API endpoints and groups.</summary>
public static class RequireHumanEndpointExtensions
{
    /// <summary>
    /// Checks the request's ByeByeRobots token (the <c>BBR-Response</c> header, else the
    /// <c>bbr-response</c> form field) before the handler runs, for <paramref name="action"/>
    /// (null: any action), at a score of at least <paramref name="minimumScore"/> (null: any the
    /// service passed), and, with <paramref name="allowSteppedUp"/> false, only from sessions that
    /// passed at once (<c>RequireHuman("payment", minimumScore: 0.7)</c>). Missing token: 400 problem
    /// <c>bbr-response-missing</c>; refused: 403 <c>human-verification-failed</c> with the reason in
    /// <c>errorCodes</c>; service unreachable under FailClosed: 503 <c>human-verification-unavailable</c>.
    /// The handler reads the result with <c>HttpContext.GetHumanVerification()</c>. Needs <c>AddByeByeRobotsClient</c>.
    /// </summary>
    public static TBuilder RequireHuman<TBuilder>(this TBuilder builder, string? action = null, double? minimumScore = null, bool allowSteppedUp = true)
        where TBuilder : IEndpointConventionBuilder
    {
        if (minimumScore is { } minimum && minimum is not (>= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumScore), minimum, "A minimum score is in [0, 1].");
        }

        return builder.AddEndpointFilter(new RequireHumanEndpointFilter(new() { Action = action, MinimumScore = minimumScore, AllowSteppedUp = allowSteppedUp }));
    }
}

internal sealed class RequireHumanEndpointFilter(ByeByeRobots.Client.HumanRequirement requirement) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var problem = await HumanGuard.CheckAsync(context.HttpContext, requirement);
        return problem is null ? await next(context) : TypedResults.Problem(problem);
    }
}
