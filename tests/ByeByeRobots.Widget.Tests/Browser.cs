using Microsoft.Playwright;

namespace ByeByeRobots.Widget.Tests;

/// <summary>
/// One headless Debian Chromium for the test run (never a downloaded browser); each test gets
/// its own context, so no cookie, cache or worker is shared between tests.
/// </summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly Lazy<Task<IBrowser>> Shared = new(LaunchAsync);

    /// <summary>
    /// A new page in a new context. <paramref name="asPerson"/> hides <c>navigator.webdriver</c>,
    /// which Playwright's Chromium sets: tests that play a person at the default thresholds
    /// need it, since the scorer rightly refuses a browser that declares automation.
    /// </summary>
    public static async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null, bool asPerson = false)
    {
        var browser = await Shared.Value;
        var context = await browser.NewContextAsync(options ?? new BrowserNewContextOptions());
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);

        // Records the widget's events from the first moment, before any page script runs.
        await page.AddInitScriptAsync("""
            window.__bbr = [];
            for (const name of ['ready', 'pass', 'step-up', 'error', 'expired'])
              document.addEventListener('bbr:' + name, e => window.__bbr.push({ name, detail: e.detail, at: performance.now() }), true);
            document.addEventListener('submit', () => window.__bbrSubmitAt = window.__bbrSubmitAt || performance.now(), true);
            """);
        if (asPerson)
        {
            await page.AddInitScriptAsync("Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false });");
        }

        return page;
    }

    /// <summary>The widget events the page saw, as JSON: the first thing to read when a test fails.</summary>
    public static Task<string> EventsAsync(IPage page) => page.EvaluateAsync<string>("JSON.stringify(window.__bbr)");

    /// <summary>Waits for the page to reach <paramref name="urlGlob"/>; on time-out, says what the widget did.</summary>
    public static async Task WaitForUrlAsync(IPage page, string urlGlob)
    {
        try
        {
            await page.WaitForURLAsync(urlGlob);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"Never reached {urlGlob}; widget events: {await EventsAsync(page)}", exception);
        }
    }

    private static async Task<IBrowser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (the README's test command does).");
        }

        var playwright = await Playwright.CreateAsync();
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }
}
