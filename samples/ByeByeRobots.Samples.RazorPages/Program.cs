using ByeByeRobots.Client;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddRazorPages();

// 1. The ByeByeRobots client: ServiceUrl, SiteKey, Secret from configuration ("ByeByeRobots").
builder.Services.AddByeByeRobotsClient(builder.Configuration);

var app = builder.Build();

// A strict Content-Security-Policy: this site and the ByeByeRobots service, nothing inline.
var service = app.Services.GetRequiredService<IOptions<ByeByeRobotsClientOptions>>().Value;
var serviceOrigin = (service.PublicServiceUrl ?? service.ServiceUrl)!.GetLeftPart(UriPartial.Authority);
app.Use((context, next) =>
{
    context.Response.Headers.ContentSecurityPolicy =
        $"default-src 'self'; script-src 'self' {serviceOrigin}; style-src 'self' {serviceOrigin}; connect-src 'self' {serviceOrigin}; " +
        "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    return next(context);
});
app.UseStaticFiles();
app.MapRazorPages();
app.Run();
