using System.Text.Json.Nodes;
using ByeByeRobots.Samples.MinimalApi;
using ByeByeRobots.Testing;

namespace ByeByeRobots.Samples.Tests;

/// <summary>The minimal API sample: a JSON API with .RequireHuman("contact"), called with fetch.</summary>
public class MinimalApiSampleTests
{
    private const string Call = """
        async token => {
          const response = await fetch('/api/contact', { method: 'POST',
            headers: { 'Content-Type': 'application/json', 'BBR-Response': token },
            body: JSON.stringify({ email: 'anne@example.lu', message: 'Bonjour' }) });
          return JSON.stringify({ status: response.status, body: await response.json() });
        }
        """;

    [Fact(Timeout = Samples.TestTimeout)]
    public async Task TheApiAcceptsTheWidgetsToken_RefusesAForgedOrReusedOne_AndASecondMessageGetsAFreshToken()
    {
        await using var service = await Samples.ServiceAsync();
        await using var sample = new SampleHost<MinimalApiSample>(service);
        var page = await Browser.NewPageAsync();
        await using var closing = Browser.Closing(page);
        await page.GotoAsync(sample.Origin + "/");
        await page.FillAsync("#email", "anne.schmit@example.lu");
        await page.FillAsync("#message", "Je souhaite modifier mon adresse.");
        await Browser.WaitForEventAsync(page, "ready");

        var call = await page.RunAndWaitForRequestAsync(() => page.ClickAsync("button[type=submit]"), r => r.Url.EndsWith("/api/contact", StringComparison.Ordinal));
        await page.GetByText("Message reçu, référence MSG-").WaitForAsync();
        var used = call.Headers["bbr-response"];

        var forged = JsonNode.Parse(await page.EvaluateAsync<string>(Call, "forged-token"))!;
        var reused = JsonNode.Parse(await page.EvaluateAsync<string>(Call, used))!;
        var missing = JsonNode.Parse(await page.EvaluateAsync<string>(Call, ""))!;

        forged["status"]!.GetValue<int>().Should().Be(403);
        forged["body"]!["errorCodes"]![0]!.GetValue<string>().Should().Be("invalid-input-response");
        reused["status"]!.GetValue<int>().Should().Be(403);
        reused["body"]!["errorCodes"]![0]!.GetValue<string>().Should().Be("timeout-or-duplicate");
        missing["status"]!.GetValue<int>().Should().Be(400);
        missing["body"]!["error"]!.GetValue<string>().Should().Be("bbr-response-missing");

        // A second message from the page: the widget has prepared a fresh token by itself.
        var firstText = await page.TextContentAsync("#result");
        await page.FillAsync("#message", "Second message.");
        var second = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"), r => r.Url.EndsWith("/api/contact", StringComparison.Ordinal));
        var secondText = firstText;
        for (var i = 0; i < 150 && (secondText == firstText || !secondText!.StartsWith("Message reçu", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100); // polled: a strict CSP (rightly) refuses WaitForFunction's string predicate
            secondText = await page.TextContentAsync("#result");
        }

        second.Status.Should().Be(200);
        second.Request.Headers["bbr-response"].Should().NotBe(used, "a token is good once");
        secondText.Should().StartWith("Message reçu").And.NotBe(firstText, "the second message has a reference of its own");
    }
}
