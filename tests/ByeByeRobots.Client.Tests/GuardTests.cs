using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ByeByeRobots.AspNetCore;
using ByeByeRobots.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ByeByeRobots.Client.Tests;

/// <summary>A procedure backend guarded by <c>.RequireHuman()</c> and <c>[RequireHuman]</c>, on Kestrel, against the real service.</summary>
public class GuardTests
{
    [Fact]
    public async Task AFormWithAGoodToken_ReachesTheHandler_WhichSeesTheResult()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var backend = await GuardedBackend.StartAsync(host.BaseAddress);
        var token = await host.Widget().PassAsync(action: "login");

        using var response = await backend.Http.PostAsync("/login", Form(("bbr-response", token), ("nom", "Schmit")));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        body!["nom"]!.GetValue<string>().Should().Be("Schmit");
        body["action"]!.GetValue<string>().Should().Be("login");
        body["score"]!.GetValue<double>().Should().BeInRange(0, 1);
    }

    [Fact]
    public async Task AJsonCallWithTheTokenInAHeader_ReachesTheHandler()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var backend = await GuardedBackend.StartAsync(host.BaseAddress);
        var token = await host.Widget().PassAsync(action: "login");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/login") { Content = JsonContent.Create(new { nom = "Schmit" }) };
        request.Headers.Add("BBR-Response", token);

        using var response = await backend.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("g-recaptcha-response")]
    [InlineData("cf-turnstile-response")]
    [InlineData("h-captcha-response")]
    public async Task TheTokenInAnotherCaptchasField_IsRead(string field)
    {
        await using var host = await ServiceHost.StartAsync();
        await using var backend = await GuardedBackend.StartAsync(host.BaseAddress);
        var token = await host.Widget().PassAsync(action: "login");

        using var response = await backend.Http.PostAsync("/login", Form((field, token)));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(false, HttpStatusCode.OK)]
    [InlineData(true, HttpStatusCode.Forbidden)]
    public async Task AMinimumScore_RefusesATokenBelowIt_WithScoreTooLow(bool lowScore, HttpStatusCode expected)
    {
        // The rule scorer's known scores: a person 0.75 (passes 0.7), a brief session 0.375 (a
        // pass at PassScore 0.3, under the payment endpoint's 0.7).
        await using var host = await ServiceHost.StartAsync(s => s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:PassScore"] = "0.3");
        await using var backend = await GuardedBackend.StartAsync(host.BaseAddress);
        var token = await host.Widget().PassAsync(action: "payment", signals: lowScore ? Sessions.Brief : Sessions.Human);

        using var response = await backend.Http.PostAsync("/payment", Form(("bbr-response", token)));

        response.StatusCode.Should().Be(expected);
        if (lowScore)
        {
            (await response.Content.ReadFromJsonAsync<JsonObject>())!["errorCodes"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal(VerificationErrors.ScoreTooLow);
        }
    }

    [Fact]
    public async Task AnEndpointThatRefusesSteppedUpSessions_RefusesOne_AndTakesOneThatPassedAtOnce()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var backend = await GuardedBackend.StartAsync(host.BaseAddress);
        var widget = host.Widget();
        var stepUp = (await widget.VerifyAsync(await widget.ChallengeAsync(action: "payment"), Sessions.Brief))["challenge"]!.AsObject();
        var steppedUp = (await widget.VerifyAsync(stepUp, Sessions.Human))["token"]!.GetValue<string>();
        var atOnce = await widget.PassAsync(action: "payment");

        using var refused = await backend.Http.PostAsync("/at-once", Form(("bbr-response", steppedUp)));
        using var accepted = await backend.Http.PostAsync("/at-once", Form(("bbr-response", atOnce)));

        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        problem["error"]!.GetValue<string>().Should().Be(GuardErrors.VerificationFailed);
        problem["errorCodes"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal(VerificationErrors.SteppedUpRefused);
        accepted.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public void AMinimumScoreOutsideZeroToOne_IsAStartupError()
    {
        var app = WebApplication.CreateBuilder().Build();

        var act = () => app.MapPost("/x", () => Results.Ok()).RequireHuman(minimumScore: 1.5);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task TheClient_ReadsSteppedUpAndReasons()
    {
        await using var host = await ServiceHost.StartAsync();
        var client = Clients.Create(host.BaseAddress);
        var widget = host.Widget();
        var stepUp = (await widget.VerifyAsync(await widget.ChallengeAsync(), Sessions.Idle))["challenge"]!.AsObject();
        var token = (await widget.VerifyAsync(stepUp, Sessions.Idle))["token"]!.GetValue<string>();

        var result = await client.VerifyAsync(token, HumanRequirement.Any);

        result.Should().BeEquivalentTo(new { Success = true, SteppedUp = true, Score = 0.0 });
        result.Reasons.Should().Equal("no-interaction");
    }

    [Fact]
    public async Task NoToken_Is400_BbrResponseMissing_AndTheHandlerDoesNotRun()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var backend = await GuardedBackend.StartAsync(host.BaseAddress);

        using var response = await backend.Http.PostAsync("/login", Form(("nom", "Schmit")));

        await ShouldBeProblem(response, HttpStatusCode.BadRequest, GuardErrors.ResponseMissing);
        backend.HandlerRuns.Should().Be(0);
    }

    [Fact]
    public async Task AReusedToken_Is403_WithTheServicesCode()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var backend = await GuardedBackend.StartAsync(host.BaseAddress);
        var token = await host.Widget().PassAsync(action: "login");
        (await backend.Http.PostAsync("/login", Form(("bbr-response", token)))).StatusCode.Should().Be(HttpStatusCode.OK);

        using var replay = await backend.Http.PostAsync("/login", Form(("bbr-response", token)));

        var problem = await ShouldBeProblem(replay, HttpStatusCode.Forbidden, GuardErrors.VerificationFailed);
        problem["errorCodes"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal(VerificationErrors.TimeoutOrDuplicate);
        backend.HandlerRuns.Should().Be(1);
    }

    [Fact]
    public async Task AForgedToken_Is403()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var backend = await GuardedBackend.StartAsync(host.BaseAddress);

        using var response = await backend.Http.PostAsync("/login", Form(("bbr-response", "forged")));

        var problem = await ShouldBeProblem(response, HttpStatusCode.Forbidden, GuardErrors.VerificationFailed);
        problem["errorCodes"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal(VerificationErrors.InvalidInputResponse);
    }

    [Fact]
    public async Task ATokenForAnotherAction_Is403_ActionMismatch()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var backend = await GuardedBackend.StartAsync(host.BaseAddress);
        var token = await host.Widget().PassAsync(action: "newsletter");

        using var response = await backend.Http.PostAsync("/login", Form(("bbr-response", token)));

        var problem = await ShouldBeProblem(response, HttpStatusCode.Forbidden, GuardErrors.VerificationFailed);
        problem["errorCodes"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal(VerificationErrors.ActionMismatch);
    }

    [Fact]
    public async Task AnUnreachableService_Is503_WhenFailingClosed()
    {
        await using var backend = await GuardedBackend.StartAsync(new Uri("http://127.0.0.1:9/"));

        using var response = await backend.Http.PostAsync("/login", Form(("bbr-response", "some-token")));

        await ShouldBeProblem(response, HttpStatusCode.ServiceUnavailable, GuardErrors.VerificationUnavailable);
        backend.HandlerRuns.Should().Be(0);
    }

    [Fact]
    public async Task TheMvcAttribute_GuardsPosts_AndLeavesGetsOpen()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var backend = await GuardedBackend.StartAsync(host.BaseAddress);
        var token = await host.Widget().PassAsync(action: "certificat");

        using var page = await backend.Http.GetAsync("/mvc/certificat");
        using var refused = await backend.Http.PostAsync("/mvc/certificat", Form(("nom", "Schmit")));
        using var accepted = await backend.Http.PostAsync("/mvc/certificat", Form(("bbr-response", token)));

        page.StatusCode.Should().Be(HttpStatusCode.OK, "the page that shows the form is not guarded");
        await ShouldBeProblem(refused, HttpStatusCode.BadRequest, GuardErrors.ResponseMissing);
        accepted.StatusCode.Should().Be(HttpStatusCode.OK);
        (await accepted.Content.ReadAsStringAsync()).Should().Be("certificat demandé (certificat)");
    }

    [Fact]
    public async Task StackedGuards_AGroupAndItsEndpoint_CheckTheTokenOnce()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var backend = await GuardedBackend.StartAsync(host.BaseAddress);
        var token = await host.Widget().PassAsync(action: "login");
        var other = await host.Widget().PassAsync(action: "newsletter");

        using var accepted = await backend.Http.PostAsync("/stacked/login", Form(("bbr-response", token)));
        using var refused = await backend.Http.PostAsync("/stacked/login", Form(("bbr-response", other)));

        accepted.StatusCode.Should().Be(HttpStatusCode.OK, "the endpoint's guard uses the group's check instead of spending the token again");
        var problem = await ShouldBeProblem(refused, HttpStatusCode.Forbidden, GuardErrors.VerificationFailed);
        problem["errorCodes"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal(VerificationErrors.ActionMismatch);
    }

    [Fact]
    public async Task ARepeatedField_TakesTheFirstNonEmptyValue()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var backend = await GuardedBackend.StartAsync(host.BaseAddress);
        var token = await host.Widget().PassAsync(action: "login");

        using var response = await backend.Http.PostAsync("/login", Form(("g-recaptcha-response", ""), ("bbr-response", ""), ("bbr-response", token)));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private static async Task<JsonObject> ShouldBeProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["error"]!.GetValue<string>().Should().Be(code);
        problem["status"]!.GetValue<int>().Should().Be((int)status);
        return problem;
    }
}

[ApiController]
[Route("mvc/certificat")]
public sealed class CertificatController : ControllerBase
{
    [HttpGet]
    public string Show() => $"formulaire ({HttpContext.Request.Path})";

    [HttpPost]
    [RequireHuman("certificat")]
    [Consumes("application/x-www-form-urlencoded")]
    public string Submit() => $"certificat demandé ({HttpContext.GetHumanVerification()!.Action})";
}

/// <summary>A procedure backend as its developers would write it with the kit.</summary>
internal sealed class GuardedBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _handlerRuns;

    private GuardedBackend(WebApplication app) => _app = app;

    public HttpClient Http { get; private set; } = null!;

    public int HandlerRuns => _handlerRuns;

    public static async Task<GuardedBackend> StartAsync(Uri service)
    {
        var builder = LoopbackApp.CreateBuilder(slim: false);
        builder.Configuration.AddInMemoryCollection(Clients.Settings(service));
        builder.Configuration["ByeByeRobots:Resilience:MaxRetryAttempts"] = "0";
        builder.Services.AddByeByeRobotsClient(builder.Configuration);
        builder.Services.AddControllers().AddApplicationPart(typeof(GuardTests).Assembly);
        builder.Services.AddProblemDetails();
        var app = builder.Build();
        var backend = new GuardedBackend(app);

        app.MapPost("/login", async (HttpContext context) =>
        {
            Interlocked.Increment(ref backend._handlerRuns);
            var form = await context.Request.ReadFormAsync();
            var check = context.GetHumanVerification()!;
            return Results.Json(new { nom = form["nom"].ToString(), action = check.Action, score = check.Score });
        }).RequireHuman("login").DisableAntiforgery();
        app.MapPost("/api/login", (HttpContext context) =>
        {
            Interlocked.Increment(ref backend._handlerRuns);
            return Results.Ok();
        }).RequireHuman("login");
        app.MapGroup("/stacked").RequireHuman().MapPost("/login", () => Results.Ok()).RequireHuman("login").DisableAntiforgery();
        app.MapPost("/payment", () => Results.Ok()).RequireHuman("payment", minimumScore: 0.7).DisableAntiforgery();
        app.MapPost("/at-once", () => Results.Ok()).RequireHuman("payment", allowSteppedUp: false).DisableAntiforgery();
        app.MapControllers();

        await app.StartAsync();
        backend.Http = new HttpClient { BaseAddress = LoopbackApp.Address(app) };
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await LoopbackApp.StopAsync(_app);
    }
}
