using ByeByeRobots.Testing;
using Microsoft.Playwright;

namespace ByeByeRobots.Widget.Tests;

public class DemoTests
{
    private static Task<ServiceHost> StartAsync() => ServiceHost.StartAsync(s =>
    {
        s["ByeByeRobots:Demo:Enabled"] = "true";
        s["ByeByeRobots:Demo:SiteKey"] = ServiceHost.SiteKey;

        // The test's headless browser is found by the probes (AutomationProbeTests); here it plays a person.
        Sites.HarnessEvidenceOff(s);
        s["ByeByeRobots:Demo:Secret"] = ServiceHost.Secret;
        s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:Pow:Difficulty"] = "10";
        s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:Pow:StepUpDifficulty"] = "12";
        s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:Pow:Puzzles"] = "8";
    });

    [Fact(Timeout = Sites.TestTimeout)]
    public async Task Demo_KeyboardOnly_SubmitsAndTheBackendSiteverifySucceeds()
    {
        await using var host = await StartAsync();
        var page = await Browser.NewPageAsync(asPerson: true);
        await using var closing = Browser.Closing(page);
        await page.GotoAsync(host.BaseAddress + "demo");

        var person = new Person(page);

        await person.PressAsync("Tab");
        await person.TypeAsync("Schmit");
        await person.PressAsync("Tab");
        await person.TypeAsync("Anna");
        await person.PressAsync("Tab");
        await person.TypeAsync("03/12/1985");
        await person.PressAsync("Tab");
        await person.TypeAsync("anna@example.lu");
        await person.PressAsync("Tab");
        await person.PressAsync("ArrowDown");
        await person.PressAsync("Tab");
        await person.TypeAsync("Inscription");
        await person.PressAsync("Tab");
        (await page.EvaluateAsync<string>("document.activeElement.textContent")).Should().Be("En savoir plus", "the privacy notice's link comes before the submit button");
        await person.PressAsync("Tab");
        (await page.EvaluateAsync<string>("document.activeElement.textContent")).Should().Be("Envoyer la demande", await page.EvaluateAsync<string>("document.activeElement.outerHTML + ' ' + [...document.querySelectorAll('input,select,textarea')].map(e => e.name + '=' + e.value).join(';')"));
        await person.PressAsync("Enter");

        await Browser.WaitForUrlAsync(page, "**/demo/submit");
        var heading = await page.Locator("h1").TextContentAsync();
        var answer = await page.Locator("#siteverify").TextContentAsync();
        heading.Should().Be("Demande reçue", answer);
        answer.Should().Contain("\"success\": true").And.Contain("\"action\": \"certificat\"").And.Contain("\"hostname\": \"127.0.0.1\"");
    }
}
