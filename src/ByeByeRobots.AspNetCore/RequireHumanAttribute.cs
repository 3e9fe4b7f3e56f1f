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

        var problem = await HumanGuard.CheckAsync(context, Action);
        return problem is null ? null : new ObjectResult(problem) { StatusCode = problem.Status, ContentTypes = { "application/problem+json" } };
    }
}
