using ByeByeRobots.Testing;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ByeByeRobots.Widget.Tests;

/// <summary>axe-core, WCAG 2.0-2.2 A and AA rules, in a real Chromium: zero violations.</summary>
public class AccessibilityTests
{
    private static readonly AxeRunOptions Wcag22AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    };

    public static TheoryData<string, string> LanguagesAndThemes
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var language in new[] { "fr", "de", "lb", "en", "pt" })
            {
                foreach (var theme in new[] { "light", "dark" })
                {
                    data.Add(language, theme);
                }
            }

            return data;
        }
    }

    [Theory(Timeout = Sites.TestTimeout)]
    [MemberData(nameof(LanguagesAndThemes))]
    public async Task Demo_HasNoViolations_InEachLanguageAndTheme_IdleAndFailed(string language, string theme)
    {
        await using var host = await ServiceHost.StartAsync(s =>
        {
            s["ByeByeRobots:Demo:Enabled"] = "true";
            s["ByeByeRobots:Demo:SiteKey"] = ServiceHost.SiteKey;
            s["ByeByeRobots:Demo:Secret"] = ServiceHost.Secret;
            s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:PassScore"] = "1";
            s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:StepUpScore"] = "1";
        });
        var page = await Browser.NewPageAsync(new BrowserNewContextOptions { ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light });
        await using var closing = Browser.Closing(page);
        await page.GotoAsync($"{host.BaseAddress}demo?lang={language}&theme={theme}");
        await Browser.WaitForEventAsync(page, "ready");

        var idle = await page.RunAxe(Wcag22AA);
        await page.ClickAsync("button[type=submit]");
        await Browser.WaitForEventAsync(page, "error");
        var failed = await page.RunAxe(Wcag22AA);

        Describe(idle).Should().BeEmpty();
        Describe(failed).Should().BeEmpty("the visible failure message and retry button are checked too");
    }

    [Fact(Timeout = Sites.TestTimeout)]
    public async Task StepUpState_HasNoViolations()
    {
        await using var host = await Sites.StepUpEverythingAsync(stepUpDifficulty: 16);
        await using var procedure = await ProcedurePage.OpenAsync(host, Sites.Form);
        await procedure.WaitForEventAsync("ready");

        await procedure.Page.ClickAsync("button[type=submit]");
        await procedure.WaitForEventAsync("step-up");
        var results = await procedure.Page.RunAxe(Wcag22AA);

        Describe(results).Should().BeEmpty();
    }

    private static string[] Describe(AxeResult results) =>
        results.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))})").ToArray();
}
