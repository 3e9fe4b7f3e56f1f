using ByeByeRobots.Testing;

namespace ByeByeRobots.Widget.Tests;

/// <summary>Service configurations for the widget tests.</summary>
public static class Sites
{
    /// <summary>
    /// Longest a browser test may run: a stuck test fails by name instead of holding the run
    /// (xunit enforces it because the assembly runs its tests one at a time).
    /// </summary>
    public const int TestTimeout = 120_000;

    private static string Key(string name) => $"ByeByeRobots:Sites:{ServiceHost.SiteKey}:{name}";

    /// <summary>
    /// Every session passes, at most after one step-up: the widget's mechanics alone. Playwright's
    /// Chromium declares <c>navigator.webdriver</c> (automation evidence, protocol section 3) and a
    /// page nobody touches has no interaction: both are a step-up at the test site's cheap
    /// <c>MaxStepUpDifficulty</c> (8 bits), which passes once solved.
    /// </summary>
    public static Task<ServiceHost> PassEverythingAsync(Action<Dictionary<string, string?>>? more = null) => ServiceHost.StartAsync(s =>
    {
        s[Key("PassScore")] = "0";
        s[Key("StepUpScore")] = "0";
        s[Key("OnAutomation")] = "step-up";
        more?.Invoke(s);
    });

    /// <summary>
    /// The default thresholds, with the automation evidence a test harness's own browser shows
    /// switched off (DisabledEvidence): headless Playwright is found by the probes
    /// (AutomationProbeTests), and tests of the widget's other work play a person in it.
    /// </summary>
    public static Task<ServiceHost> ProbesOffAsync(Action<Dictionary<string, string?>>? more = null) => ServiceHost.StartAsync(s =>
    {
        HarnessEvidenceOff(s);
        more?.Invoke(s);
    });

    /// <summary>Switches off, for the test site, the probes' evidence that headless Playwright shows.</summary>
    public static void HarnessEvidenceOff(Dictionary<string, string?> settings)
    {
        string[] off = ["automation-headless", "automation-patched-api", "automation-synthetic-input", "automation-inconsistent-environment"];
        for (var i = 0; i < off.Length; i++)
        {
            settings[Key($"DisabledEvidence:{i}")] = off[i];
        }
    }

    /// <summary>
    /// Every first verify steps up, and every step-up passes. Every step-up costs
    /// <paramref name="stepUpDifficulty"/> bits of pbkdf2-sha256-lzb (4 puzzles of 160 iterations):
    /// 13 bits is about a second in headless Chromium here, long enough to look at the progress state.
    /// </summary>
    public static Task<ServiceHost> StepUpEverythingAsync(int stepUpDifficulty = 13) => ServiceHost.StartAsync(s =>
    {
        var bits = stepUpDifficulty.ToString(System.Globalization.CultureInfo.InvariantCulture);
        s[Key("PassScore")] = "1";
        s[Key("StepUpScore")] = "0";
        s[Key("OnAutomation")] = "step-up";
        s[Key("Pow:StepUpDifficulty")] = bits;
        s[Key("Pow:MaxStepUpDifficulty")] = bits;
    });

    /// <summary>Every verify fails, until the settings file says otherwise.</summary>
    public static Task<ServiceHost> FailEverythingAsync(string? jsonFile = null, Action<Dictionary<string, string?>>? more = null) => ServiceHost.StartAsync(
        s =>
        {
            s[Key("PassScore")] = "1";
            s[Key("StepUpScore")] = "1";
            more?.Invoke(s);
        },
        jsonFile: jsonFile);

    public const string Form = """
        <form method="post" action="/submit">
          <label for="nom">Nom</label> <input id="nom" name="nom" value="Schmit">
          <div class="bbr-widget" data-sitekey="site-a" data-action="login"></div>
          <button type="submit">Envoyer</button>
        </form>
        """;
}
