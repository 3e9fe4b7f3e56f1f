using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ByeByeRobots.AspNetCore;

/// <summary>
/// <c>[RequireHuman("login")]</c> on an MVC controller or action, or a Razor Pages page model:
/// checks the request's ByeByeRobots token before the action or page handler runs, on
/// requests that change something (not GET, HEAD, OPTIONS or TRACE: the page that shows the
/// form stays open). Answers like <c>.RequireHuman()</c>; the handler reads the result with
/// <c>HttpContext.GetHumanVerification()</c>. Needs <c>AddByeByeRobotsClient</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequireHumanAttribute : Attribute, IAsyncActionFilter, IAsyncPageFilter, IOrderedFilter
{
    /// <summary>Any action.</summary>
    public RequireHumanAttribute()
    {
    }

    /// <summary>Only tokens issued for <paramref name="action"/>.</summary>
    public RequireHumanAttribute(string action) => Action = action;

    /// <summary>The action tokens must have been issued for; null: any.</summary>
    public string? Action { get; }

    /// <summary>The lowest score accepted, in [0, 1]; unset (NaN, an attribute cannot hold a null): any the service passed.</summary>
    public double MinimumScore { get; set; } = double.NaN;

    /// <summary>Whether a session that passed after a step-up is accepted. Default true.</summary>
    public bool AllowSteppedUp { get; set; } = true;

    /// <summary>Runs before the other action and page filters (default -1000); like them, after model binding.</summary>
    public int Order { get; set; } = -1000;

    /// <inheritdoc />
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        if (await RefuseAsync(context.HttpContext) is { } refusal)
        {
            context.Result = refusal;
            return;
        }

        await next();
    }

    /// <inheritdoc />
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (await RefuseAsync(context.HttpContext) is { } refusal)
        {
            context.Result = refusal;
            return;
        }

        await next();
    }

    private async Task<IActionResult?> RefuseAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
        {
            return null;
        }

        var problem = await HumanGuard.CheckAsync(context, new ByeByeRobots.Client.HumanRequirement
        {
            Action = Action,
            MinimumScore = double.IsNaN(MinimumScore) ? null : Math.Clamp(MinimumScore, 0, 1),
            AllowSteppedUp = AllowSteppedUp,
        });
        return problem is null ? null : new ObjectResult(problem) { StatusCode = problem.Status, ContentTypes = { "application/problem+json" } };
    }
}
