using System.Text.Json.Nodes;
using ByeByeRobots.Testing;

namespace ByeByeRobots.Widget.Tests;

public class SignalsTests
{
    [Fact(Timeout = Sites.TestTimeout)]
    public async Task RealChromiumSession_SendsValidSignals_WithMouseKeysAndFocus_AndNothingPersonal()
    {
        await using var host = await ServiceHost.StartAsync();
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
        posted["bbr-response"].Should().StartWith("v1.", "a person passes at the default thresholds");
    }
}
