using ByeByeRobots.Samples.RazorPages;
using ByeByeRobots.Testing;
using Microsoft.Playwright;

namespace ByeByeRobots.Samples.Tests;

/// <summary>The Razor Pages sample: tag helper, [RequireHuman("certificat")], strict CSP.</summary>
public class RazorPagesSampleTests
{
    [Fact(Timeout = Samples.TestTimeout)]
    public async Task TheCitizenFillsTheFormAndSubmits_TheBackendAccepts()
    {
        await using var service = await Samples.ServiceAsync();
        await using var sample = new SampleHost<RazorPagesSample>(service);
        var page = await Browser.NewPageAsync();
        await using var closing = Browser.Closing(page);
        var violations = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.Ordinal)) violations.Add(m.Text); };

        await page.GotoAsync(sample.Origin + "/");
        var scripts = await page.Locator("script[src$='/v1/widget.js']").CountAsync();
        var container = page.Locator("form div.bbr-widget");
        (await container.GetAttributeAsync("data-sitekey")).Should().Be(ServiceHost.SiteKey, "the tag helper takes the site key from configuration");
        (await container.GetAttributeAsync("data-action")).Should().Be("certificat");
        scripts.Should().Be(1, "the tag helper renders the script once");
        await FillAsync(page);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#confirmation");

        (await page.TextContentAsync("#confirmation")).Should().Contain("CR-").And.Contain("anne.schmit@example.lu");
        violations.Should().BeEmpty("the page's strict CSP lets the widget work");
    }

    [Fact(Timeout = Samples.TestTimeout)]
    public async Task AForgedToken_IsRefused_403()
    {
        await using var service = await Samples.ServiceAsync();
        await using var sample = new SampleHost<RazorPagesSample>(service);
        var page = await Browser.NewPageAsync();
        await using var closing = Browser.Closing(page);
        await page.GotoAsync(sample.Origin + "/");
        await FillWithTokenAsync(page, "forged-token");

        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"), r => r.Request.Method == "POST" && r.Url.StartsWith(sample.Origin, StringComparison.Ordinal));

        response.Status.Should().Be(403);
        (await response.TextAsync()).Should().Contain("human-verification-failed").And.Contain("invalid-input-response");
    }

    [Fact(Timeout = Samples.TestTimeout)]
    public async Task AReusedToken_IsRefused_403()
    {
        await using var service = await Samples.ServiceAsync();
        await using var sample = new SampleHost<RazorPagesSample>(service);
        var page = await Browser.NewPageAsync();
        await using var closing = Browser.Closing(page);
        await page.GotoAsync(sample.Origin + "/");
        await FillAsync(page);
        var first = await page.RunAndWaitForRequestAsync(() => page.ClickAsync("button[type=submit]"), r => r.Method == "POST" && r.Url.StartsWith(sample.Origin, StringComparison.Ordinal));
        await page.WaitForSelectorAsync("#confirmation");
        var used = System.Web.HttpUtility.ParseQueryString(first.PostData!)["bbr-response"]!;

        await page.GotoAsync(sample.Origin + "/");
        await FillWithTokenAsync(page, used);
        var replay = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"), r => r.Request.Method == "POST" && r.Url.StartsWith(sample.Origin, StringComparison.Ordinal));

        used.Should().NotBeNullOrEmpty();
        replay.Status.Should().Be(403);
        (await replay.TextAsync()).Should().Contain("timeout-or-duplicate");
    }

    /// <summary>Fills the form, lets the widget finish, then puts <paramref name="token"/> in its field: what a forger sends.</summary>
    private static async Task FillWithTokenAsync(IPage page, string token)
    {
        await FillAsync(page);
        await page.EvaluateAsync("() => window.byebyerobots.execute('0')");
        await page.EvaluateAsync("token => document.querySelector('input[name=bbr-response]').value = token", token);
    }

    private static async Task FillAsync(IPage page)
    {
        await page.FillAsync("#nom", "Schmit");
        await page.FillAsync("#prenom", "Anne");
        await page.FillAsync("#matricule", "1990010112345");
        await page.FillAsync("#email", "anne.schmit@example.lu");
        await page.SelectOptionAsync("#motif", "Employeur");
        await Browser.WaitForEventAsync(page, "ready");
    }
}
