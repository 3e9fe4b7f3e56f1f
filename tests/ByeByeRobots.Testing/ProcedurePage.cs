using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ByeByeRobots.Testing;

/// <summary>
/// A procedure page on an origin of its own (<c>http://localhost:port</c>, while the service
/// is <c>http://127.0.0.1:port</c>), served by a real server, that embeds the widget exactly as
/// protocol section 7 shows, under a strict CSP naming only 'self' and the service's origin.
/// Forms post to <c>/submit</c>, whose bodies are kept for the test to read.
/// </summary>
public sealed class ProcedurePage : IAsyncDisposable
{
    private readonly WebApplication _server;
    private readonly ConcurrentQueue<Dictionary<string, string>> _posted;

    private ProcedurePage(IPage page, WebApplication server, ConcurrentQueue<Dictionary<string, string>> posted, string origin)
    {
        Page = page;
        _server = server;
        _posted = posted;
        Origin = origin;
    }

    public IPage Page { get; }

    /// <summary>The page's origin, e.g. <c>http://localhost:41234</c>.</summary>
    public string Origin { get; }

    /// <summary>CSP violations the page reported (there must be none).</summary>
    public Task<string[]> CspViolationsAsync() => Page.EvaluateAsync<string[]>("JSON.parse(sessionStorage.getItem('csp') || '[]')");

    /// <summary>
    /// Serves <paramref name="body"/> on a page of its own origin and opens it.
    /// <paramref name="beforeLoad"/> runs on the page before it loads (to route requests, say).
    /// </summary>
    public static async Task<ProcedurePage> OpenAsync(ServiceHost host, string body, string lang = "fr", bool asPerson = false, Func<IPage, Task>? beforeLoad = null)
    {
        var service = host.BaseAddress.ToString().TrimEnd('/');
        var html = $$"""
            <!doctype html>
            <html lang="{{lang}}">
            <head><meta charset="utf-8"><title>Démarche</title>
            <script src="{{service}}/v1/widget.js" async defer></script></head>
            <body><main><h1>Démarche</h1>{{body}}</main></body>
            </html>
            """;
        var server = LoopbackApp.CreateBuilder().Build();
        var posted = new ConcurrentQueue<Dictionary<string, string>>();
        server.MapGet("/form", (HttpContext context) =>
        {
            context.Response.Headers.ContentSecurityPolicy =
                $"default-src 'none'; script-src 'self' {service}; style-src 'self' {service}; connect-src 'self' {service}; form-action 'self'; base-uri 'none'";
            return Results.Content(html, "text/html; charset=utf-8");
        });
        server.MapPost("/submit", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            posted.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            return Results.Content("<!doctype html><html lang=fr><title>Reçu</title><p id=done>Reçu</p></html>", "text/html; charset=utf-8");
        });
        await server.StartAsync();
        var port = LoopbackApp.Address(server).Port;

        var page = await Browser.NewPageAsync(asPerson: asPerson);
        var procedure = new ProcedurePage(page, server, posted, $"http://localhost:{port}");
        // Kept in sessionStorage: the form's page and the page it posts to share the origin, so
        // the test still reads what the form's page saw once the browser has moved on.
        await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => sessionStorage.setItem('csp', JSON.stringify(JSON.parse(sessionStorage.getItem('csp') || '[]').concat([e.violatedDirective + ' ' + e.blockedURI]))));");
        if (beforeLoad is not null)
        {
            await beforeLoad(page);
        }

        await page.GotoAsync(procedure.Origin + "/form");
        return procedure;
    }

    public Task WaitForEventAsync(string name, int count = 1) => Browser.WaitForEventAsync(Page, name, count);

    public async Task<Dictionary<string, string>> WaitForPostAsync()
    {
        for (var i = 0; i < 300; i++)
        {
            if (_posted.TryDequeue(out var form))
            {
                return form;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The form was never posted; widget events: {await Browser.EventsAsync(Page)}");
    }

    /// <summary>True when nothing was posted.</summary>
    public bool NothingPosted => _posted.IsEmpty;

    public async ValueTask DisposeAsync()
    {
        // Bounded: a test's clean-up must never hold the run.
        await Browser.CloseAsync(Page.Context);
        await LoopbackApp.StopAsync(_server);
    }
}
