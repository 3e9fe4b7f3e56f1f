using Microsoft.Playwright;

namespace ByeByeRobots.Testing;

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
        var problems = new System.Collections.Concurrent.ConcurrentQueue<string>();
        Problems.AddOrUpdate(page, problems);
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Enqueue($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Enqueue($"page error: {error}");
        page.RequestFailed += (_, request) => problems.Enqueue($"request failed: {request.Method} {request.Url} {request.Failure}");

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

    /// <summary>
    /// Closes the page's context when disposed, within 10 s. Debian's Chromium, now and then,
    /// never acknowledges a context's close after a form navigation; the test has its answer by
    /// then, so a close that hangs is abandoned rather than allowed to hold the run.
    /// </summary>
    public static IAsyncDisposable Closing(IPage page) => new ContextCloser(page.Context);

    public static async Task CloseAsync(IBrowserContext context)
    {
        try
        {
            await context.CloseAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine("A browser context did not close within 10 s; abandoned.");
        }
    }

    private sealed class ContextCloser(IBrowserContext context) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await CloseAsync(context);
    }

    /// <summary>The widget events the page saw, as JSON: the first thing to read when a test fails.</summary>
    public static async Task<string> EventsAsync(IPage page)
    {
        var events = await page.EvaluateAsync<string>("JSON.stringify(window.__bbr)").WaitAsync(TimeSpan.FromSeconds(10));
        var problems = Problems.TryGetValue(page, out var queue) && !queue.IsEmpty ? "; page problems: " + string.Join(" | ", queue) : "";
        return $"{events} at {page.Url}{problems}";
    }

    /// <summary>Console errors, page errors and failed requests of each page, for failure messages.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, System.Collections.Concurrent.ConcurrentQueue<string>> Problems = [];

    /// <summary>
    /// Waits for the page to reach <paramref name="urlGlob"/>; on time-out, says what the widget did.
    /// Waits for the navigation to commit, not for the new page's load event: on a loaded machine
    /// Debian's headless Chromium now and then reports the load late or never after a form
    /// submission (a clean-clone run once failed here with the result page's URL reached), and
    /// the locators that read the new page wait for what they need themselves.
    /// </summary>
    public static async Task WaitForUrlAsync(IPage page, string urlGlob)
    {
        try
        {
            await page.WaitForURLAsync(urlGlob, new() { Timeout = 60_000, WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException exception)
        {
            // Chromium now and then never reports a form navigation that did happen: the URL says.
            if (urlGlob.StartsWith("**", StringComparison.Ordinal) && new Uri(page.Url).AbsolutePath.EndsWith(urlGlob[2..], StringComparison.Ordinal))
            {
                return;
            }

            throw new TimeoutException($"Never reached {urlGlob}; widget events: {await EventsAsync(page)}", exception);
        }
    }

    /// <summary>
    /// Waits for the widget event <paramref name="name"/> to have happened <paramref name="count"/>
    /// times. Polls through evaluation rather than WaitForFunction, whose string predicate a
    /// strict CSP (rightly) refuses to evaluate.
    /// </summary>
    public static async Task WaitForEventAsync(IPage page, string name, int count = 1)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                // An evaluation caught by a navigation can throw, or (rarely) never answer.
                var seen = await page.EvaluateAsync<int>($"(window.__bbr || []).filter(e => e.name === '{name}').length").WaitAsync(TimeSpan.FromSeconds(10));
                if (seen >= count)
                {
                    return;
                }
            }
            catch (PlaywrightException)
            {
                // The page navigated while being asked: ask the next one.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No '{name}' event (x{count}) in 30 s; widget events: {await EventsAsync(page)}");
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
