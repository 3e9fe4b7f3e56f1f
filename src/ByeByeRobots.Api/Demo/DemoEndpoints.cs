using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ByeByeRobots.Api.Demo;

/// <summary>Bound from <c>ByeByeRobots:Demo</c>: the demo procedure, on in Development only.</summary>
internal sealed class DemoOptions
{
    public const string SectionName = "ByeByeRobots:Demo";

    public bool Enabled { get; set; }

    public string SiteKey { get; set; } = "";

    /// <summary>The demo backend's copy of the site's secret, as any procedure backend keeps its own.</summary>
    public string Secret { get; set; } = "";

    /// <summary>
    /// Where the demo backend calls <c>/v1/siteverify</c>, as a procedure's backend has the
    /// service's address in its configuration. Unset: the address this service listens on. Never
    /// the request's Host, which whoever sends the request chooses (and would receive the secret).
    /// </summary>
    public string ServiceUrl { get; set; } = "";
}

/// <summary>
/// A realistic procedure form at <c>/demo</c> (French; <c>?lang=de|lb|en|pt</c> for the widget's other languages, the whole page translated), under a strict Content Security
/// Policy, with a backend handler that checks the token through <c>/v1/siteverify</c> over
/// HTTP exactly as a procedure's own server would, and shows the answer.
/// </summary>
internal static class DemoEndpoints
{
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; worker-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName);
        services.AddHttpClient("demo-backend", client => client.Timeout = TimeSpan.FromSeconds(10));
        return services;
    }

    public static IEndpointRouteBuilder MapDemoEndpoints(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }

        var group = app.MapGroup("/demo").ExcludeFromDescription();
        var form = Read("form.html");
        var result = Read("result.html");
        var css = Read("demo.css");
        group.MapGet("/", (HttpContext context, string? lang, string? theme) =>
        {
            var language = DemoTexts.Language(lang);
            var look = theme is "light" or "dark" ? theme : "auto";
            return Page(context, DemoTexts.Localize(form, language)
                .Replace("{{SITEKEY}}", HtmlEncoder.Default.Encode(options.SiteKey), StringComparison.Ordinal)
                .Replace("{{LANGUAGE}}", language, StringComparison.Ordinal)
                .Replace("{{THEME}}", look, StringComparison.Ordinal));
        });
        group.MapGet("/demo.css", () => TypedResults.Text(css, "text/css; charset=utf-8"));
        group.MapPost("/submit", SubmitAsync).DisableAntiforgery();

        async Task<ContentHttpResult> SubmitAsync(HttpContext context, IHttpClientFactory clients, CancellationToken cancellationToken)
        {
            // Whatever arrives, a page: a body that is not a form carries no token.
            var token = "";
            var language = "fr";
            if (context.Request.HasFormContentType)
            {
                try
                {
                    var fields = await context.Request.ReadFormAsync(cancellationToken);
                    token = fields["bbr-response"].ToString();
                    language = DemoTexts.Language(fields["lang"].ToString());
                }
                catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException or IOException)
                {
                    token = "";
                }
            }

            JsonNode? json;
            try
            {
                var backend = clients.CreateClient("demo-backend");
                var verifyUrl = (string.IsNullOrWhiteSpace(options.ServiceUrl) ? ListeningUrl(context.RequestServices) : options.ServiceUrl.TrimEnd('/')) + "/v1/siteverify";
                using var answer = await backend.PostAsync(
                    verifyUrl,
                    new FormUrlEncodedContent([new("secret", options.Secret), new("response", token), new("idempotency_key", context.TraceIdentifier)]),
                    cancellationToken);
                json = JsonNode.Parse(await answer.Content.ReadAsStringAsync(cancellationToken));
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidOperationException)
            {
                // As a procedure's backend would: siteverify unreachable is a refusal (fail closed), said as such.
                json = new JsonObject { ["success"] = false, ["error-codes"] = new JsonArray("internal-error"), ["detail"] = exception.GetType().Name };
            }

            var success = json is JsonObject answered && answered["success"] is JsonValue value && value.TryGetValue<bool>(out var ok) && ok;
            return Page(context, DemoTexts.Localize(result, language)
                .Replace("{{LANGUAGE}}", language, StringComparison.Ordinal)
                .Replace("{{TITLE}}", DemoTexts.Text(language, success ? "received" : "refused"), StringComparison.Ordinal)
                .Replace("{{MESSAGE}}", DemoTexts.Text(language, success ? "received-message" : "refused-message"), StringComparison.Ordinal)
                .Replace("{{ANSWER}}", HtmlEncoder.Default.Encode(json?.ToJsonString(Indented) ?? ""), StringComparison.Ordinal));
        }

        return app;
    }

    /// <summary>The first address the server listens on, plain HTTP first, a wildcard host read as loopback.</summary>
    private static string ListeningUrl(IServiceProvider services)
    {
        var addresses = services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server listens nowhere: set ByeByeRobots:Demo:ServiceUrl.");
        var binding = BindingAddress.Parse(address);
        var host = binding.Host is "0.0.0.0" or "+" or "*" or "[::]" or "::" ? "localhost" : binding.Host;
        return $"{binding.Scheme}://{host}:{binding.Port}";
    }

    private static ContentHttpResult Page(HttpContext context, string html)
    {
        context.Response.Headers.ContentSecurityPolicy = Policy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Text(html, "text/html; charset=utf-8", Encoding.UTF8);
    }

    private static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Demo/" + name)
            ?? throw new InvalidOperationException($"The demo page {name} is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
