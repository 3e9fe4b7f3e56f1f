using ByeByeRobots.Api.Challenges;
using ByeByeRobots.Api.Demo;
using ByeByeRobots.Api.Hosting;
using ByeByeRobots.Api.Privacy;
using ByeByeRobots.Api.SiteVerify;
using ByeByeRobots.Api.Verification;
using ByeByeRobots.Api.Widget;

if (args is [HealthProbe.Command, ..])
{
    return await HealthProbe.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddByeByeRobots();

var app = builder.Build();
app.UseByeByeRobots();
app.MapHealthEndpoints();
app.MapChallengeEndpoints();
app.MapVerifyEndpoints();
app.MapSiteVerifyEndpoints();
app.MapWidgetEndpoints();
app.MapPrivacyEndpoints();
app.MapDemoEndpoints();
app.MapOpenApiWhereEnabled();

await app.RunAsync();
return 0;
