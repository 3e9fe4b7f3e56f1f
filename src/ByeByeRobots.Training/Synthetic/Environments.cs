using ByeByeRobots.Core.Signals;

namespace ByeByeRobots.Training.Synthetic;

/// <summary>Plausible browser environments (and, for spoofing bots, impossible ones).</summary>
internal static class Environments
{
    private static readonly (int W, int H, double Ratio)[] DesktopScreens =
        [(1920, 1080, 1), (1366, 768, 1), (1536, 864, 1.25), (2560, 1440, 1), (1440, 900, 2), (1280, 1024, 1), (3840, 2160, 1.5), (1680, 1050, 1)];

    private static readonly (int W, int H, double Ratio)[] PhoneScreens =
        [(390, 844, 3), (412, 915, 2.625), (360, 800, 3), (393, 873, 2.75), (375, 667, 2), (430, 932, 3)];

    private static readonly string[] DesktopAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 Edg/142.0.0.0",
    ];

    private static readonly string[] PhoneAgents =
    [
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Mobile Safari/537.36",
    ];

    private static readonly string[][] Languages = [["fr-LU", "fr"], ["de-LU", "de"], ["lb"], ["en-GB", "en"], ["pt-PT", "pt"], ["fr-FR", "fr", "en"]];

    public static BrowserEnvironment Desktop(Random random)
    {
        var (w, h, ratio) = DesktopScreens[random.Next(DesktopScreens.Length)];
        return new BrowserEnvironment(
            false, Languages[random.Next(Languages.Length)], "Europe/Luxembourg", w, h, ratio,
            w - random.Next(0, 20), h - random.Next(70, 200), random.NextDouble() < 0.1 ? 10 : 0,
            DesktopAgents[random.Next(DesktopAgents.Length)]);
    }

    public static BrowserEnvironment Phone(Random random)
    {
        var (w, h, ratio) = PhoneScreens[random.Next(PhoneScreens.Length)];
        return new BrowserEnvironment(
            false, Languages[random.Next(Languages.Length)], "Europe/Luxembourg", w, h, ratio,
            w, h - random.Next(60, 160), 5, PhoneAgents[random.Next(PhoneAgents.Length)]);
    }

    /// <summary>What automation frameworks leave behind when they pretend to be a browser.</summary>
    public static BrowserEnvironment Spoofed(Random random, bool touch)
    {
        var env = touch ? Phone(random) : Desktop(random);
        return random.Next(6) switch
        {
            0 => env with { UserAgent = env.UserAgent.Replace("Chrome/", "HeadlessChrome/", StringComparison.Ordinal) },
            1 => env with { TouchPoints = 0, UserAgent = PhoneAgents[0] },
            2 => env with { ViewportWidth = env.ScreenWidth * 2, ViewportHeight = env.ScreenHeight * 2 },
            3 => env with { Languages = [] },
            4 => env with { ScreenWidth = 0, ScreenHeight = 0 },
            _ => env with { UserAgent = "python-requests/2.32" },
        };
    }
}
