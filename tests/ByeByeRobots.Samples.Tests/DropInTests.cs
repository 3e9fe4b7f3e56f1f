using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ByeByeRobots.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ByeByeRobots.Samples.Tests;

/// <summary>
/// A backend written for Turnstile, reCAPTCHA or hCaptcha, exactly as their documentation shows
/// (read the CAPTCHA's form field, POST secret and response to the siteverify URL, trust
/// <c>success</c>), switched to ByeByeRobots by configuration only: the siteverify URL and the
/// secret. The page's embed changes (script and container); the site asks the widget to fill
/// the old field.
/// </summary>
public class DropInTests
{
    [Theory(Timeout = Samples.TestTimeout)]
    [InlineData("cf-turnstile-response", "default")]
    [InlineData("g-recaptcha-response", "default")]
    [InlineData("h-captcha-response", "hcaptcha")]
    public async Task ABackendWrittenForAnotherCaptcha_AcceptsAByeByeRobotsToken_ByConfigurationOnly(string field, string profile)
    {
        await using var service = await Samples.ServiceAsync(s =>
        {
            s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:Compatibility:ResponseFields:0"] = field;
            s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:Compatibility:SiteVerifyProfile"] = profile;
        });
        await using var backend = await LegacyBackend.StartAsync(field, new()
        {
            ["Captcha:SiteVerifyUrl"] = new Uri(service.BaseAddress, "/v1/siteverify").ToString(),
            ["Captcha:SecretKey"] = ServiceHost.Secret,
        }, service.BaseAddress);
        var page = await Browser.NewPageAsync();
        await using var closing = Browser.Closing(page);

        await page.GotoAsync(backend.Origin + "/");
        await page.FillAsync("#nom", "Schmit");
        await Browser.WaitForEventAsync(page, "ready");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#verdict");

        (await page.TextContentAsync("#verdict")).Should().Be("accepted", string.Join(" | ", backend.Answers));
        backend.Answers.Should().ContainSingle().Which.Should().Contain("\"success\":true");
    }

    /// <summary>The legacy backend: its code knows nothing of ByeByeRobots.</summary>
    private sealed class LegacyBackend : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private LegacyBackend(WebApplication app) => _app = app;

        public string Origin { get; private set; } = "";

        public ConcurrentQueue<string> Answers { get; } = new();

        public static async Task<LegacyBackend> StartAsync(string field, Dictionary<string, string?> configuration, Uri service)
        {
            var builder = LoopbackApp.CreateBuilder();
            builder.Configuration.AddInMemoryCollection(configuration);
            var app = builder.Build();
            var backend = new LegacyBackend(app);
            var serviceOrigin = service.ToString().TrimEnd('/');

            // The page: the only part that changes is the embed (script and container).
            app.MapGet("/", () => Results.Content($$"""
                <!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Démarche</title>
                <script src="{{serviceOrigin}}/v1/widget.js" async defer></script></head>
                <body><form method="post" action="/submit"><label for="nom">Nom</label> <input id="nom" name="nom">
                <div class="bbr-widget" data-sitekey="{{ServiceHost.SiteKey}}"></div><button type="submit">Envoyer</button></form></body></html>
                """, "text/html; charset=utf-8"));

            // The backend's check, unchanged from the CAPTCHA's documentation.
            app.MapPost("/submit", async (HttpContext context, IConfiguration config) =>
            {
                var form = await context.Request.ReadFormAsync();
                using var http = new HttpClient();
                using var answer = await http.PostAsync(config["Captcha:SiteVerifyUrl"], new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["secret"] = config["Captcha:SecretKey"]!,
                    ["response"] = form[field].ToString(),
                    ["remoteip"] = context.Connection.RemoteIpAddress?.ToString() ?? "",
                }));
                var outcome = await answer.Content.ReadFromJsonAsync<JsonObject>();
                backend.Answers.Enqueue(outcome!.ToJsonString());
                var ok = outcome["success"]?.GetValue<bool>() == true;
                return Results.Content($"<!doctype html><html lang=fr><title>Résultat</title><p id=verdict>{(ok ? "accepted" : "refused")}</p></html>", "text/html; charset=utf-8");
            });
            await app.StartAsync();
            backend.Origin = $"http://localhost:{LoopbackApp.Address(app).Port}";
            return backend;
        }

        public async ValueTask DisposeAsync()
        {
            await LoopbackApp.StopAsync(_app);
        }
    }
}
