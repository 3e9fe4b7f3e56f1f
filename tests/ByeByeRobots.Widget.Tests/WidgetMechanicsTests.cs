using System.Text.Json.Nodes;
using ByeByeRobots.Testing;

namespace ByeByeRobots.Widget.Tests;

/// <summary>The widget on a procedure page of its own origin, under a strict CSP.</summary>
public class WidgetMechanicsTests
{
    [Fact(Timeout = Sites.TestTimeout)]
    public async Task Submit_CarriesTheToken_AndTheBackendsSiteverifySucceeds()
    {
        await using var host = await Sites.PassEverythingAsync();
        await using var procedure = await ProcedurePage.OpenAsync(host, Sites.Form);
        await procedure.WaitForEventAsync("ready");

        await procedure.Page.ClickAsync("button[type=submit]");
        var posted = await procedure.WaitForPostAsync();
        var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, posted["bbr-response"]);
        await Browser.WaitForUrlAsync(procedure.Page, "**/submit"); // the CSP reports are read on the page that follows

        posted["nom"].Should().Be("Schmit", "the person's input goes with the held submission");
        answer["success"]!.GetValue<bool>().Should().BeTrue(answer.ToJsonString());
        answer["hostname"]!.GetValue<string>().Should().Be("localhost");
        answer["action"]!.GetValue<string>().Should().Be("login");
        (await procedure.CspViolationsAsync()).Should().BeEmpty("the widget works under 'self' plus the service's origin");
    }

    [Theory(Timeout = Sites.TestTimeout)]
    [InlineData(true, "pbkdf2-sha256-lzb")]
    [InlineData(false, "sha256-lzb")]
    public async Task TheProofOfWork_IsPbkdf2ThroughWebCrypto_OrSha256WhereWebCryptoIsMissing(bool webCrypto, string expected)
    {
        await using var host = await Sites.PassEverythingAsync();
        var answers = new System.Collections.Concurrent.ConcurrentQueue<Task<string>>();
        var asked = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var procedure = await ProcedurePage.OpenAsync(host, Sites.Form, beforeLoad: async page =>
        {
            if (!webCrypto)
            {
                // What an insecure context (a page on plain HTTP off localhost) has: no crypto.subtle.
                await page.AddInitScriptAsync("Object.defineProperty(Crypto.prototype, 'subtle', { get: () => undefined });");
            }

            page.Request += (_, request) => { if (request.Url.EndsWith("/v1/challenge", StringComparison.Ordinal)) asked.Enqueue(request.PostData ?? ""); };
            page.Response += (_, response) => { if (response.Url.EndsWith("/v1/challenge", StringComparison.Ordinal)) answers.Enqueue(response.TextAsync()); };
        });
        await procedure.WaitForEventAsync("ready");
        var attempts = await procedure.Page.EvaluateAsync<int>("window.__bbr.find(e => e.name === 'ready').detail.attempts");

        await procedure.Page.ClickAsync("button[type=submit]");
        var posted = await procedure.WaitForPostAsync();
        var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, posted["bbr-response"]);
        var first = JsonNode.Parse(await answers.First())!;
        // bbr:ready says what the work took: at least one attempt a puzzle.
        attempts.Should().BeGreaterThanOrEqualTo(first["pow"]!["puzzles"]!.GetValue<int>());

        JsonNode.Parse(asked.First())!["algorithms"]!.AsArray().Select(a => a!.GetValue<string>()).First().Should().Be(expected);
        first["pow"]!["algorithm"]!.GetValue<string>().Should().Be(expected);
        answer["success"]!.GetValue<bool>().Should().BeTrue(answer.ToJsonString());
    }

    [Fact(Timeout = Sites.TestTimeout)]
    public async Task AResponseFieldAskedByThePage_CarriesTheTokenToo()
    {
        await using var host = await Sites.PassEverythingAsync();
        await using var procedure = await ProcedurePage.OpenAsync(host, Sites.Form.Replace("class=\"bbr-widget\"", "class=\"bbr-widget\" data-response-field=\"g-recaptcha-response\"", StringComparison.Ordinal));
        await procedure.WaitForEventAsync("ready");

        await procedure.Page.ClickAsync("button[type=submit]");
        var posted = await procedure.WaitForPostAsync();

        posted["bbr-response"].Should().NotBeEmpty();
        posted["g-recaptcha-response"].Should().Be(posted["bbr-response"], "a backend written for reCAPTCHA reads its own field");
    }

    [Fact(Timeout = Sites.TestTimeout)]
    public async Task SubmitBeforeTheProofOfWorkIsReady_IsHeld_ThenSentWithAToken()
    {
        // The challenge's answer is held back until the form has been sent: the proof of work
        // cannot be ready at submit time, whatever the machine's speed.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await Sites.PassEverythingAsync();
        await using var procedure = await ProcedurePage.OpenAsync(host, Sites.Form, beforeLoad: page => page.RouteAsync("**/v1/challenge", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        }));
        await procedure.Page.WaitForSelectorAsync("input[name=bbr-response]", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });

        await procedure.Page.ClickAsync("button[type=submit]");
        await Task.Delay(300);
        var heldEvents = await procedure.Page.EvaluateAsync<string>("JSON.stringify(window.__bbr)");
        var heldToken = await procedure.Page.InputValueAsync("input[name=bbr-response]");
        var nothingPostedWhileHeld = procedure.NothingPosted;
        release.SetResult();
        var posted = await procedure.WaitForPostAsync();

        heldEvents.Should().Be("[]", "no challenge yet, so no proof of work ready");
        heldToken.Should().BeEmpty();
        nothingPostedWhileHeld.Should().BeTrue("the widget holds the submission until it has a token");
        posted["bbr-response"].Should().StartWith("v2.");
        posted.Should().HaveCount(2, "the form's own field and the token, nothing else");
    }

    [Fact(Timeout = Sites.TestTimeout)]
    public async Task StepUp_ShowsAnAccessibleProgressState_ThenSubmits()
    {
        await using var host = await Sites.StepUpEverythingAsync();
        await using var procedure = await ProcedurePage.OpenAsync(host, Sites.Form);
        await procedure.WaitForEventAsync("ready");

        await procedure.Page.ClickAsync("button[type=submit]");
        await procedure.WaitForEventAsync("step-up");
        var status = await procedure.Page.Locator(".bbr-status[role=status]").TextContentAsync();
        var progressVisible = await procedure.Page.Locator("progress.bbr-progress").IsVisibleAsync();
        var label = await procedure.Page.Locator("progress.bbr-progress").GetAttributeAsync("aria-label");
        var posted = await procedure.WaitForPostAsync();
        var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, posted["bbr-response"]);

        status.Should().Be("Vérification supplémentaire en cours, merci de patienter quelques secondes…");
        progressVisible.Should().BeTrue();
        label.Should().Be("Progression de la vérification");
        answer["success"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact(Timeout = Sites.TestTimeout)]
    public async Task Fail_ShowsAMessageAndARetry_WhichSubmitsOnceTheServiceLetsItPass()
    {
        using var settings = new SettingsFile("{}");
        var file = settings.Path;
        await File.WriteAllTextAsync(file, """{"ByeByeRobots":{"Sites":{"site-a":{"PassScore":1,"StepUpScore":1}}}}""");
        try
        {
            await using var host = await Sites.FailEverythingAsync(file);
            await using var procedure = await ProcedurePage.OpenAsync(host, Sites.Form);
            await procedure.WaitForEventAsync("ready");

            await procedure.Page.ClickAsync("button[type=submit]");
            await procedure.WaitForEventAsync("error");
            var message = await procedure.Page.Locator(".bbr-status[role=status]").TextContentAsync();
            var retry = procedure.Page.Locator("button.bbr-retry");
            var retryFocused = await retry.EvaluateAsync<bool>("b => b === document.activeElement");

            message.Should().Be("Nous n’avons pas pu vérifier votre envoi. Veuillez réessayer.");
            (await retry.IsVisibleAsync()).Should().BeTrue();
            retryFocused.Should().BeTrue("keyboard users land on the retry button");
            procedure.NothingPosted.Should().BeTrue("a failed check holds the submission");

            await File.WriteAllTextAsync(file, """{"ByeByeRobots":{"Sites":{"site-a":{"PassScore":0,"StepUpScore":0,"OnAutomation":"step-up"}}}}""");
            await EventuallyPassesAsync(host, procedure.Origin);
            await procedure.Page.Keyboard.PressAsync("Enter");
            var posted = await procedure.WaitForPostAsync();

            posted["bbr-response"].Should().StartWith("v2.");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact(Timeout = Sites.TestTimeout)]
    public async Task TokenAboutToExpire_IsRefreshed_WithoutAnyoneSubmitting()
    {
        await using var host = await Sites.PassEverythingAsync(s => s["ByeByeRobots:Token:Lifetime"] = "00:00:10");
        await using var procedure = await ProcedurePage.OpenAsync(host, Sites.Form);
        await procedure.WaitForEventAsync("ready");

        var first = await procedure.Page.EvaluateAsync<string>("byebyerobots.execute('0')");
        await procedure.WaitForEventAsync("expired");
        await procedure.WaitForEventAsync("pass", 2);
        var second = await procedure.Page.EvaluateAsync<string>("byebyerobots.getResponse('0')");
        var inForm = await procedure.Page.InputValueAsync("input[name=bbr-response]");
        var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, second);

        first.Should().StartWith("v2.");
        second.Should().NotBe(first).And.Be(inForm);
        answer["success"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact(Timeout = Sites.TestTimeout)]
    public async Task TwoWidgetsOnOnePage_EachFormGetsItsOwnToken()
    {
        await using var host = await Sites.PassEverythingAsync();
        await using var procedure = await ProcedurePage.OpenAsync(host, Sites.Form.Replace("Schmit", "A", StringComparison.Ordinal) + Sites.Form.Replace("Schmit", "B", StringComparison.Ordinal).Replace("id=\"nom\"", "id=\"nom2\"", StringComparison.Ordinal).Replace("for=\"nom\"", "for=\"nom2\"", StringComparison.Ordinal));
        await procedure.WaitForEventAsync("ready", 2);

        var tokens = await procedure.Page.EvaluateAsync<string[]>("Promise.all([byebyerobots.execute('0'), byebyerobots.execute('1')])");
        await procedure.Page.Locator("button[type=submit]").Nth(1).ClickAsync();
        var posted = await procedure.WaitForPostAsync();

        tokens.Should().OnlyHaveUniqueItems().And.AllSatisfy(t => t.Should().StartWith("v2."));
        posted["nom"].Should().Be("B");
        posted["bbr-response"].Should().Be(tokens[1]);
    }

    [Fact(Timeout = Sites.TestTimeout)]
    public async Task FormAddedLater_IsRenderedByItself_AndRenderAndRemoveWork()
    {
        await using var host = await Sites.PassEverythingAsync();
        await using var procedure = await ProcedurePage.OpenAsync(host, "<div id=app></div><div id=manual></div>");
        var page = procedure.Page;
        for (var i = 0; i < 100 && !await page.EvaluateAsync<bool>("window.byebyerobots !== undefined"); i++)
        {
            await Task.Delay(100);
        }

        await page.EvaluateAsync("document.getElementById('app').innerHTML = `" + Sites.Form + "`");
        await procedure.WaitForEventAsync("ready");
        var autoInput = await page.Locator("#app input[name=bbr-response]").CountAsync();

        var id = await page.EvaluateAsync<string>("byebyerobots.render(document.getElementById('manual'), { sitekey: 'site-a', action: 'signup', callback: t => window.__gotToken = t })");
        var token = await page.EvaluateAsync<string>($"byebyerobots.execute('{id}')");
        var callbackToken = await page.EvaluateAsync<string>("window.__gotToken");
        await page.EvaluateAsync($"byebyerobots.remove('{id}')");
        var leftovers = await page.Locator("#manual *").CountAsync();
        var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, token);

        autoInput.Should().Be(1);
        callbackToken.Should().Be(token);
        leftovers.Should().Be(0, "remove takes away the widget's markup and hidden input");
        answer["action"]!.GetValue<string>().Should().Be("signup");
    }

    [Fact(Timeout = Sites.TestTimeout)]
    public async Task AutomatedBrowser_IsRefusedAtDefaultThresholds()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var procedure = await ProcedurePage.OpenAsync(host, Sites.Form);
        await procedure.WaitForEventAsync("ready");

        await procedure.Page.ClickAsync("button[type=submit]");
        await procedure.WaitForEventAsync("error");

        procedure.NothingPosted.Should().BeTrue("Playwright's Chromium declares navigator.webdriver, and the scorer believes it");
    }

    private static async Task EventuallyPassesAsync(ServiceHost host, string origin)
    {
        var widget = host.Widget(origin);
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var verdict = await widget.VerifyAsync(await widget.ChallengeAsync(), Sessions.Brief);
            if (verdict["verdict"]!.GetValue<string>() == "pass")
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The settings file change was never picked up.");
    }
}
