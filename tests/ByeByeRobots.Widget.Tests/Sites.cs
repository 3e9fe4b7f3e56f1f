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

    /// <summary>Every solved challenge passes: the widget's mechanics alone.</summary>
    public static Task<ServiceHost> PassEverythingAsync(Action<Dictionary<string, string?>>? more = null) => ServiceHost.StartAsync(s =>
    {
        s[Key("PassScore")] = "0";
        s[Key("StepUpScore")] = "0";
        more?.Invoke(s);
    });

    /// <summary>
    /// Every first verify steps up, and every step-up passes. The step-up's difficulty makes
    /// its progress state last long enough to be looked at (about a second at 18 bits).
    /// </summary>
    public static Task<ServiceHost> StepUpEverythingAsync(int stepUpDifficulty = 18) => ServiceHost.StartAsync(s =>
    {
        s[Key("PassScore")] = "1";
        s[Key("StepUpScore")] = "0";
        s[Key("Pow:StepUpDifficulty")] = stepUpDifficulty.ToString(System.Globalization.CultureInfo.InvariantCulture);
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
