using System.Security.Cryptography;
using ByeByeRobots.AspNetCore;
using ByeByeRobots.Client;
using ByeByeRobots.Samples.MinimalApi;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, SampleJsonContext.Default));

// 1. The ByeByeRobots client: ServiceUrl, SiteKey, Secret from configuration ("ByeByeRobots").
builder.Services.AddByeByeRobotsClient(builder.Configuration);

var app = builder.Build();
var options = app.Services.GetRequiredService<IOptions<ByeByeRobotsClientOptions>>().Value;
var serviceOrigin = (options.PublicServiceUrl ?? options.ServiceUrl)!.GetLeftPart(UriPartial.Authority);

// The page: static, with the service's address and the site key filled in once.
var page = File.ReadAllText(Path.Combine(app.Environment.WebRootPath, "index.html"))
    .Replace("{{SERVICE}}", serviceOrigin, StringComparison.Ordinal)
    .Replace("{{SITEKEY}}", options.SiteKey, StringComparison.Ordinal);
app.MapGet("/", (HttpContext context) =>
{
    context.Response.Headers.ContentSecurityPolicy =
        $"default-src 'self'; script-src 'self' {serviceOrigin}; style-src 'self' {serviceOrigin}; connect-src 'self' {serviceOrigin}; base-uri 'none'; frame-ancestors 'none'";
    return Results.Content(page, "text/html; charset=utf-8");
});
app.UseStaticFiles();

// 2. The API: .RequireHuman("contact") checks the BBR-Response header before the handler runs.
app.MapPost("/api/contact", (ContactRequest request, HttpContext context) =>
{
    if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrWhiteSpace(request.Message) || request.Message.Length > 2000)
    {
        return Results.Problem(statusCode: 400, title: "Invalid request", detail: "email and message (at most 2000 characters) are required.");
    }

    var check = context.GetHumanVerification()!;
    return Results.Ok(new ContactReceipt($"MSG-{RandomNumberGenerator.GetHexString(8)}", check.Score));
}).RequireHuman("contact");

app.Run();
