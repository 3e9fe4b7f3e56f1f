using System.Text.Json.Nodes;
using ByeByeRobots.Testing;

namespace ByeByeRobots.Widget.Tests;

public class SignalsTests
{
    [Fact(Timeout = Sites.TestTimeout)]
    public async Task RealChromiumSession_SendsValidSignals_WithMouseKeysAndFocus_AndNothingPersonal()
    {
        // Headless Playwright is automation, and the probes say so (AutomationProbeTests): this site
        // switches that evidence off, so the session is judged on its behaviour alone.
        await using var host = await Sites.ProbesOffAsync();
        await using var procedure = await ProcedurePage.OpenAsync(host, Sites.Form, asPerson: true);
        var page = procedure.Page;
        string? sent = null;
        var verifyStatus = 0;
        page.Request += (_, request) => sent = request.Url.EndsWith("/v1/verify", StringComparison.Ordinal) ? request.PostData : sent;
        page.Response += (_, response) => verifyStatus = response.Url.EndsWith("/v1/verify", StringComparison.Ordinal) ? response.Status : verifyStatus;
        await procedure.WaitForEventAsync("ready");
        var person = new Person(page, seed: 7);

        await person.ClickAsync(page.Locator("#nom"));
        await page.Keyboard.PressAsync("Control+A");
        await person.TypeAsync("Kieffer-Muller");
        await person.ClickAsync(page.Locator("button[type=submit]"));
        var posted = await procedure.WaitForPostAsync();

        var signals = JsonNode.Parse(sent!)!["signals"]!;
        verifyStatus.Should().Be(200, "no signals-invalid from the service");
        signals["v"]!.GetValue<int>().Should().Be(1);
        signals["mouse"]!.AsArray().Count.Should().BeGreaterThan(20);
        signals["mouse"]!.AsArray().Select(e => e![3]!.GetValue<int>()).Should().Contain([0, 1, 2], "moves, button downs and ups");
        signals["keys"]!.AsArray().Count.Should().BeGreaterThanOrEqualTo(2 * "Kieffer-Muller".Length);
        signals["focus"]!.AsArray().Select(e => e![1]!.GetValue<int>()).Should().Contain(1);
        signals["untrusted"]!.GetValue<int>().Should().Be(0);
        signals["env"]!["webdriver"]!.GetValue<bool>().Should().BeFalse();
        sent.Should().NotContain("Kieffer", "no field content leaves the page").And.NotContain("\"key\"");
        Console.WriteLine("probes: " + signals["env"]!["probes"]!.ToJsonString());
        signals["env"]!["probes"]!.AsObject().Select(p => p.Value!.GetValue<int>()).Should().OnlyContain(v => v == 1, "a probe sends only what it found, as 1");
        posted["bbr-response"].Should().StartWith("v2.", "a person passes at the default thresholds");
    }

    [Fact(Timeout = Sites.TestTimeout)]
    public async Task PointerEvents_AreStampedWithTheirOwnTimeStamp_NotWithTheTimeTheirHandlerRan()
    {
        // Chromium gives a trusted event the time its input report carries. Two moves dispatched
        // about 100 ms apart, the first carrying a report time 400 ms older than its dispatch:
        // stamped by the event's own time, the second is recorded about 500 ms after the first;
        // stamped when the handler ran (performance.now()), about 100 ms after it.
        await using var host = await Sites.PassEverythingAsync();
        await using var procedure = await ProcedurePage.OpenAsync(host, Sites.Form);
        var page = procedure.Page;
        string? sent = null;
        page.Request += (_, request) => sent = request.Url.EndsWith("/v1/verify", StringComparison.Ordinal) ? request.PostData : sent;
        await procedure.WaitForEventAsync("ready");
        await page.WaitForTimeoutAsync(1000);
        var input = await page.Context.NewCDPSessionAsync(page);
        var epochMs = await page.EvaluateAsync<double>("performance.timeOrigin + performance.now()");

        await input.SendAsync("Input.dispatchMouseEvent", new Dictionary<string, object>
        {
            ["type"] = "mouseMoved", ["x"] = 333, ["y"] = 222, ["timestamp"] = (epochMs - 400) / 1000,
        });
        await page.WaitForTimeoutAsync(100);
        await input.SendAsync("Input.dispatchMouseEvent", new Dictionary<string, object> { ["type"] = "mouseMoved", ["x"] = 344, ["y"] = 229 });
        await page.Locator("button[type=submit]").ClickAsync();
        await procedure.WaitForPostAsync();

        var mouse = JsonNode.Parse(sent!)!["signals"]!["mouse"]!.AsArray().Select(e => e!.AsArray()).ToList();
        var first = mouse.Single(e => e[1]!.GetValue<int>() == 333 && e[2]!.GetValue<int>() == 222)[0]!.GetValue<double>();
        var second = mouse.Single(e => e[1]!.GetValue<int>() == 344 && e[2]!.GetValue<int>() == 229)[0]!.GetValue<double>();
        (second - first).Should().BeInRange(350, 2000, "the first move is recorded at its report's time, 400 ms before it was dispatched");
    }
}
