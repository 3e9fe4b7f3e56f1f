using System.Text.Json.Nodes;
using ByeByeRobots.Testing;
using Microsoft.Playwright;

namespace ByeByeRobots.Widget.Tests;

/// <summary>
/// The widget's probes (docs/probes.md) in a real browser driven the way bot writers drive it:
/// Playwright's headless Chromium as launched, the same with navigator.webdriver hidden and a
/// person's input, a page whose navigator a script rewrote, and DevTools-protocol input sent the
/// way Puppeteer and ghost-cursor send it. At the default settings each gets no token.
/// </summary>
public class AutomationProbeTests
{
    private static readonly string[] PressAndRelease = ["mousePressed", "mouseReleased"];

    private sealed record Outcome(JsonObject Probes, string Verdict, bool Posted);

    private static async Task<Outcome> FillFormAsync(ServiceHost host, bool asPerson, Func<IPage, Task>? beforeLoad = null, Func<IPage, Task>? input = null)
    {
        await using var procedure = await ProcedurePage.OpenAsync(host, Sites.Form, asPerson: asPerson, beforeLoad: beforeLoad);
        var page = procedure.Page;
        string? sent = null;
        var verdict = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Request += (_, request) => sent = request.Url.EndsWith("/v1/verify", StringComparison.Ordinal) ? request.PostData : sent;
        page.Response += async (_, response) =>
        {
            if (response.Url.EndsWith("/v1/verify", StringComparison.Ordinal))
            {
                verdict.TrySetResult(JsonNode.Parse(await response.TextAsync())!["verdict"]!.GetValue<string>());
            }
        };
        await procedure.WaitForEventAsync("ready");
        if (input is not null)
        {
            await input(page);
        }
        else
        {
            var person = new Person(page, seed: 11);
            await person.ClickAsync(page.Locator("#nom"));
            await person.TypeAsync("Kieffer");
            await person.ClickAsync(page.Locator("button[type=submit]"));
        }

        var answer = await verdict.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(300);
        return new Outcome(JsonNode.Parse(sent!)!["signals"]!["env"]!["probes"]!.AsObject(), answer, !procedure.NothingPosted);
    }

    private static string[] Fired(Outcome outcome) => [.. outcome.Probes.Where(p => p.Value!.GetValue<int>() != 0).Select(p => p.Key)];

    [Fact(Timeout = Sites.TestTimeout)]
    public async Task HeadlessPlaywright_AsLaunched_NamesItselfAndHasNoFrame()
    {
        await using var host = await ServiceHost.StartAsync();

        var outcome = await FillFormAsync(host, asPerson: false);

        Fired(outcome).Should().Contain(["headlessName", "frameless", "frameOffset"]);
        outcome.Verdict.Should().Be("fail");
        outcome.Posted.Should().BeFalse();
    }

    [Fact(Timeout = Sites.TestTimeout)]
    public async Task HeadlessPlaywright_WithWebdriverHidden_AndAPersonsInput_IsFoundByItsPatchAndItsInput()
    {
        await using var host = await ServiceHost.StartAsync();

        var outcome = await FillFormAsync(host, asPerson: true);

        // The init script's getter is script, not native code; X11 would stamp input in whole milliseconds.
        Fired(outcome).Should().Contain(["nativeLie", "frameOffset", "fineClock"]);
        outcome.Verdict.Should().Be("fail");
    }

    [Fact(Timeout = Sites.TestTimeout)]
    public async Task DevToolsProtocolInput_WithoutForce_AndInBursts_IsNotADevicesInput()
    {
        // What Puppeteer and ghost-cursor send: a press without force (pressure 0), moves not awaited.
        await using var host = await Sites.ProbesOffAsync(s => s.Remove($"ByeByeRobots:Sites:{ServiceHost.SiteKey}:DisabledEvidence:2"));

        var outcome = await FillFormAsync(host, asPerson: true, input: async page =>
        {
            var cdp = await page.Context.NewCDPSessionAsync(page);
            var box = (await page.Locator("button[type=submit]").BoundingBoxAsync())!;
            for (var batch = 0; batch < 40; batch++)
            {
                // Sixteen at once: Chromium merges some of them, and with four a frame in five held more than one only
                // just (0.17-0.37 of frames measured, against the probe's one in five); with sixteen, 0.43-0.71.
                var moves = Enumerable.Range(0, 16).Select(i => cdp.SendAsync("Input.dispatchMouseEvent", new Dictionary<string, object>
                {
                    ["type"] = "mouseMoved", ["x"] = 50 + (batch * 6) + (i * 0.375), ["y"] = 60 + (batch * 3) + (i * 0.1875),
                }));
                await Task.WhenAll(moves);
                await Task.Delay(8 + (batch % 9));
            }

            foreach (var type in PressAndRelease)
            {
                await cdp.SendAsync("Input.dispatchMouseEvent", new Dictionary<string, object>
                {
                    ["type"] = type, ["x"] = box.X + (box.Width / 2), ["y"] = box.Y + (box.Height / 2), ["button"] = "left", ["clickCount"] = 1,
                });
            }
        });

        Fired(outcome).Should().Contain(["zeroPressure", "inputBurst"]);
        outcome.Verdict.Should().Be("fail", "the synthetic-input evidence is on for this site");
    }

    [Fact(Timeout = Sites.TestTimeout)]
    public async Task APageWhoseNavigatorWasRewritten_DisagreesWithTheWidgetsWorker()
    {
        // The demo page shares the service's origin, so the widget can ask a worker of its own.
        await using var host = await ServiceHost.StartAsync(s =>
        {
            s["ByeByeRobots:Demo:Enabled"] = "true";
            s["ByeByeRobots:Demo:SiteKey"] = ServiceHost.SiteKey;
            s["ByeByeRobots:Demo:Secret"] = ServiceHost.Secret;
        });
        var page = await Browser.NewPageAsync(asPerson: true);
        await using var closing = Browser.Closing(page);
        string? sent = null;
        page.Request += (_, request) => sent = request.Url.EndsWith("/v1/verify", StringComparison.Ordinal) ? request.PostData : sent;

        // What stealth tools do: more cores and another platform than the machine has, in the page only.
        await page.AddInitScriptAsync("Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 8 }); Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'Win32' });");
        await page.GotoAsync(host.BaseAddress + "demo");
        await Browser.WaitForEventAsync(page, "ready");
        var person = new Person(page, seed: 5);
        foreach (var field in new[] { "Schmit", "Anna", "03/12/1985", "anna@example.lu" })
        {
            await person.PressAsync("Tab");
            await person.TypeAsync(field);
        }

        await person.PressAsync("Tab");
        await person.PressAsync("ArrowDown");
        await person.PressAsync("Tab");
        await person.TypeAsync("Inscription");
        await person.PressAsync("Tab"); // the privacy notice's link
        await person.PressAsync("Tab");
        await person.PressAsync("Enter");
        for (var i = 0; i < 100 && sent is null; i++)
        {
            await Task.Delay(100);
        }

        var probes = JsonNode.Parse(sent!)!["signals"]!["env"]!["probes"]!.AsObject();
        probes.Select(p => p.Key).Should().Contain(["realmMismatch", "nativeLie"]);
    }
}
