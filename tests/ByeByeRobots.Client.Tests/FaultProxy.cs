using System.Collections.Concurrent;
using ByeByeRobots.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace ByeByeRobots.Client.Tests;

/// <summary>
/// A real HTTP server between the client and the service: forwards each call, and on demand
/// drops the response after the service has handled the call (the connection is cut, as when
/// a network fails on the way back), or answers a status without forwarding.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly WebApplication _server;
    private int _responsesToDrop;
    private HttpClient? _http;

    private FaultProxy(WebApplication server) => _server = server;

    public Uri Address { get; private set; } = null!;

    /// <summary>Every call that reached the proxy, with its form fields.</summary>
    public ConcurrentQueue<Dictionary<string, string>> Calls { get; } = new();

    /// <summary>When set, calls are answered with this status and not forwarded.</summary>
    public int? FailWith { get; set; }

    /// <summary>The next <paramref name="count"/> calls reach the service, but their answers are lost.</summary>
    public void DropResponses(int count) => Interlocked.Exchange(ref _responsesToDrop, count);

    public static async Task<FaultProxy> StartAsync(Uri service)
    {
        var server = LoopbackApp.CreateBuilder().Build();
        var proxy = new FaultProxy(server);
        var http = proxy._http = new HttpClient { BaseAddress = service };
        server.Map("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            proxy.Calls.Enqueue(QueryHelpers.ParseQuery(body).ToDictionary(f => f.Key, f => f.Value.ToString()));
            if (proxy.FailWith is { } status)
            {
                context.Response.StatusCode = status;
                return;
            }

            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
            using var answer = await http.PostAsync(context.Request.Path.Value!.TrimStart('/'), content);
            var text = await answer.Content.ReadAsStringAsync();
            if (Interlocked.Decrement(ref proxy._responsesToDrop) >= 0)
            {
                context.Abort(); // the service has answered; the backend never hears it
                return;
            }

            context.Response.StatusCode = (int)answer.StatusCode;
            context.Response.ContentType = "application/json";
            if (answer.Headers.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = retryAfter.ToString();
            }

            await context.Response.WriteAsync(text);
        });
        await server.StartAsync();
        proxy.Address = LoopbackApp.Address(server);
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await LoopbackApp.StopAsync(_server);
        _http?.Dispose();
    }
}
