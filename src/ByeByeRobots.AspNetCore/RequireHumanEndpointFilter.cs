using ByeByeRobots.AspNetCore;
using Microsoft.AspNetCore.Http;

namespace Microsoft.AspNetCore.Builder;

/// <summary><c>.RequireHuman("login")</c> on minimal API endpoints and groups.</summary>
public static class RequireHumanEndpointExtensions
{
    /// <summary>
    /// Checks the request's ByeByeRobots token (the <c>BBR-Response</c> header, else the
    /// <c>bbr-response</c> form field) before the handler runs, for <paramref name="action"/>
    /// (null: any action). Missing token: 400 problem <c>bbr-response-missing</c>; refused:
    /// 403 <c>human-verification-failed</c>; service unreachable under FailClosed: 503
    /// <c>human-verification-unavailable</c>. The handler reads the result with
    /// <c>HttpContext.GetHumanVerification()</c>. Needs <c>AddByeByeRobotsClient</c>.
    /// </summary>
    public static TBuilder RequireHuman<TBuilder>(this TBuilder builder, string? action = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new RequireHumanEndpointFilter(action));
}

internal sealed class RequireHumanEndpointFilter(string? action) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var problem = await HumanGuard.CheckAsync(context.HttpContext, action);
        return problem is null ? await next(context) : TypedResults.Problem(problem);
    }
}
