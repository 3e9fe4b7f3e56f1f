// Calibration of the proof of work (protocol sections 1 and 2), Release build:
//   dotnet run -c Release --project benchmarks/ByeByeRobots.PowCalibration -- [runs]
// 1. native: .NET's PBKDF2 (OpenSSL) and SHA-256 on one core, per attempt, and whole default
//    challenges solved as a client without a browser solves them (tools/solve-pow.cs's loop);
// 2. the service: CPU of one verify of a right answer and of a wrong one, per algorithm;
// 3. the browser: the real widget in headless Debian Chromium solving challenges of 12, 14 and
//    16 bits (the defaults: first challenge, StepUpDifficulty, MaxStepUpDifficulty), wall time and
//    the CPU time of every Chromium process, unthrottled and under CDP CPU throttling 4x and 6x
//    (the stand-in for a low-end phone), on a cross-origin page (deriveBits from the page) and on
//    the same-origin demo (in the Web Worker);
// 4. the person: on the demo at the calibrated defaults, the delay between pressing submit and the
//    token when the form took 5 s or 20 s to fill, and the wait of a step-up at 14 and 16 bits.
// Results are in benchmarks/results/pow-calibration.md.
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using ByeByeRobots.Core.Challenges;
using ByeByeRobots.Core.Sites;
using ByeByeRobots.Testing;
using Microsoft.Playwright;

Repository.UseServiceContentRoot();
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var c = CultureInfo.InvariantCulture;
const int Iterations = PowDefaults.Pbkdf2Iterations;
const int Puzzles = PowDefaults.Puzzles;

// "step-ups" as the second argument runs only the last table.
if (args.Length < 2 || args[1] != "step-ups")
{
    // 1. Native, one core.
    var salt = RandomNumberGenerator.GetBytes(16);
    var pbkdf2Attempt = CpuPerCall(() => ProofOfWork.Verify(PowAlgorithm.Pbkdf2Sha256Lzb, salt, 0, Iterations, [0], 1), 20_000);
    var shaAttempt = CpuPerCall(() => ProofOfWork.Verify(PowAlgorithm.Sha256Lzb, salt, 0, 0, [0], 1), 2_000_000);
    Console.WriteLine("## Native code, one core (.NET 10, OpenSSL)");
    Console.WriteLine();
    Console.WriteLine(string.Create(c, $"- one pbkdf2-sha256-lzb attempt ({Iterations} iterations): {pbkdf2Attempt * 1e6:F1} µs of CPU ({pbkdf2Attempt * 1e9 / Iterations:F0} ns an iteration)"));
    Console.WriteLine(string.Create(c, $"- one sha256-lzb attempt: {shaAttempt * 1e9:F0} ns of CPU"));
    var solves = new List<double>();
    for (var run = 0; run < runs; run++)
    {
        var challengeSalt = RandomNumberGenerator.GetBytes(16);
        solves.Add(Cpu(() => ProofOfWork.Solve(PowAlgorithm.Pbkdf2Sha256Lzb, challengeSalt, PowDefaults.Pbkdf2Difficulty, Iterations, Puzzles)));
    }

    Console.WriteLine(string.Create(c, $"- a whole default challenge (12 bits x {Puzzles} puzzles), solved {runs} times: CPU {Summary(solves, "s")}"));
    Console.WriteLine();
    Console.WriteLine("| difficulty | expected attempts | native CPU, pbkdf2-sha256-lzb | sha256-lzb fallback (+9 bits) | native CPU, fallback |");
    Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
    foreach (var bits in new[] { 12, 14, 16 })
    {
        var attempts = ProofOfWork.ExpectedAttempts(bits, Puzzles);
        Console.WriteLine(string.Create(c, $"| {bits} | {attempts:N0} | {attempts * pbkdf2Attempt:F2} s | {bits + 9} | {ProofOfWork.ExpectedAttempts(bits + 9, Puzzles) * shaAttempt:F2} s |"));
    }

    // 2. The service's cost of checking an answer.
    var right = ProofOfWork.Solve(PowAlgorithm.Pbkdf2Sha256Lzb, salt, 4, Iterations, Puzzles);
    var wrong = right.Select(n => n + 1).ToArray();
    var rightSha = ProofOfWork.Solve(PowAlgorithm.Sha256Lzb, salt, 4, 0, Puzzles);
    Console.WriteLine();
    Console.WriteLine("## The service: CPU of one verify (one core)");
    Console.WriteLine();
    Console.WriteLine(string.Create(c, $"- pbkdf2-sha256-lzb, right answer ({Puzzles} x {Iterations} iterations): {CpuPerCall(() => ProofOfWork.Verify(PowAlgorithm.Pbkdf2Sha256Lzb, salt, 4, Iterations, right, Puzzles), 2_000) * 1e6:F0} µs"));
    Console.WriteLine(string.Create(c, $"- pbkdf2-sha256-lzb, wrong answer (stops at the first puzzle): {CpuPerCall(() => ProofOfWork.Verify(PowAlgorithm.Pbkdf2Sha256Lzb, salt, 32, Iterations, wrong, Puzzles), 2_000) * 1e6:F0} µs"));
    Console.WriteLine(string.Create(c, $"- sha256-lzb, right answer: {CpuPerCall(() => ProofOfWork.Verify(PowAlgorithm.Sha256Lzb, salt, 4, 0, rightSha, Puzzles), 200_000) * 1e6:F1} µs"));

    // 3. The browser.
    await using var host = await ServiceHost.StartAsync(s =>
    {
        foreach (var key in s.Keys.Where(k => k.Contains(":Pow:", StringComparison.Ordinal)).ToList())
        {
            s.Remove(key);
        }

        s["ByeByeRobots:Demo:Enabled"] = "true";
        s["ByeByeRobots:Demo:SiteKey"] = ServiceHost.SiteKey;
        s["ByeByeRobots:Demo:Secret"] = ServiceHost.Secret;
        s["ByeByeRobots:AdaptiveCost:Enabled"] = "false";
        s["Logging:LogLevel:Default"] = "Warning";
        foreach (var bits in (int[])[12, 14, 16])
        {
            var site = $"ByeByeRobots:Sites:cal-{bits}";
            s[$"{site}:Secret"] = ServiceHost.Secret;
            s[$"{site}:Hostnames:0"] = "localhost";
            s[$"{site}:Pow:Difficulty"] = bits.ToString(c);
        }
    });

    Console.WriteLine();
    Console.WriteLine(string.Create(c, $"## Headless Chromium ({Chromium()}), the real widget, page load to a solved challenge"));
    Console.WriteLine();
    Console.WriteLine("The luck of a run (how many attempts it took) spreads wall and CPU times widely over 10 runs; the");
    Console.WriteLine("per-iteration figures do not depend on it, and the expected columns are those figures times the");
    Console.WriteLine("expected attempts of the difficulty (what the work costs on average).");
    Console.WriteLine();
    Console.WriteLine("| difficulty | CPU throttling | page | runs | wall | CPU of all Chromium processes | wall, CPU per iteration (median) | expected wall, CPU |");
    Console.WriteLine("| ---: | ---: | --- | ---: | --- | --- | --- | --- |");
    foreach (var (bits, throttle, count) in new[] { (12, 1, runs), (12, 4, runs), (12, 6, runs), (14, 1, Math.Max(2, runs / 2)), (14, 4, Math.Max(2, runs / 3)), (16, 1, Math.Max(2, runs / 3)) })
    {
        var measures = new List<(double Wall, double Cpu, double Attempts)>();
        for (var run = 0; run < count; run++)
        {
            var cpuFrom = BrowserCpu();
            await using var procedure = await ProcedurePage.OpenAsync(host, $"""<form method="post" action="/submit"><label for="n">Nom</label> <input id="n" name="n"><div class="bbr-widget" data-sitekey="cal-{bits}"></div><button>Envoyer</button></form>""", beforeLoad: page => ThrottleAsync(page, throttle));
            measures.Add(await ReadyFromAsync(procedure.Page, cpuFrom));
        }

        Console.WriteLine(BrowserRow(bits, throttle, "cross-origin (page)", measures));
    }

    foreach (var throttle in new[] { 1, 4 })
    {
        var measures = new List<(double Wall, double Cpu, double Attempts)>();
        for (var run = 0; run < runs; run++)
        {
            var page = await Browser.NewPageAsync();
            await ThrottleAsync(page, throttle);
            var started = BrowserCpu();
            await page.GotoAsync(host.BaseAddress + "demo");
            measures.Add(await ReadyFromAsync(page, started));
            await Browser.CloseAsync(page.Context);
        }

        Console.WriteLine(BrowserRow(12, throttle, "same-origin demo (Web Worker)", measures));
    }

    // 4. The person on the demo, calibrated defaults (the demo's site has no Pow settings).
    Console.WriteLine();
    Console.WriteLine("## What a person waits for on the demo (calibrated defaults)");
    Console.WriteLine();
    Console.WriteLine("| case | runs | from pressing submit to the token |");
    Console.WriteLine("| --- | ---: | --- |");
    foreach (var (label, fill, throttle) in new[] { ("form filled in 5 s", 5.0, 1), ("form filled in 20 s", 20.0, 1), ("form filled in 5 s, CPU throttled 4x", 5.0, 4) })
    {
        var delays = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var page = await Browser.NewPageAsync(asPerson: true);
            await ThrottleAsync(page, throttle);
            await page.GotoAsync(host.BaseAddress + "demo");
            await FillAsync(page, new Person(page, run));
            await page.WaitForTimeoutAsync((float)Math.Max(0, fill * 1000 - await page.EvaluateAsync<double>("performance.now()")));
            delays.Add(await SubmitDelayAsync(page));
            await Browser.CloseAsync(page.Context);
        }

        Console.WriteLine(string.Create(c, $"| {label} | {runs} | {Summary(delays, "s")} |"));
    }
}

else
{
    Console.WriteLine("| case | runs | from pressing submit to the token |");
    Console.WriteLine("| --- | ---: | --- |");
}

// Step-ups: the demo's site asks every session for one (PassScore 1). A person typing scores
// high, so pays StepUpDifficulty (14); a session without interaction pays MaxStepUpDifficulty (16).
await using var stepUps = await ServiceHost.StartAsync(s =>
{
    foreach (var key in s.Keys.Where(k => k.Contains(":Pow:", StringComparison.Ordinal)).ToList())
    {
        s.Remove(key);
    }

    s["ByeByeRobots:Scoring:Scorer"] = "model";
    s["ByeByeRobots:Demo:Enabled"] = "true";
    s["ByeByeRobots:Demo:SiteKey"] = ServiceHost.SiteKey;
    s["ByeByeRobots:Demo:Secret"] = ServiceHost.Secret;
    s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:PassScore"] = "1";
    s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:StepUpScore"] = "0";
    s["ByeByeRobots:AdaptiveCost:Enabled"] = "false";
    s["Logging:LogLevel:Default"] = "Warning";
});
foreach (var (label, typing) in new[] { ("step-up of a person who typed (14 bits expected)", true), ("step-up without interaction (16 bits)", false) })
{
    var waits = new List<double>();
    var difficulties = new List<double>();
    for (var run = 0; run < runs; run++)
    {
        var page = await Browser.NewPageAsync(asPerson: true);
        await page.GotoAsync(stepUps.BaseAddress + "demo");
        var stepUpDifficulty = new TaskCompletionSource<int>();
        page.Response += async (_, response) =>
        {
            try
            {
                if (response.Url.EndsWith("/v1/verify", StringComparison.Ordinal) && System.Text.Json.Nodes.JsonNode.Parse(await response.TextAsync())?["challenge"]?["pow"]?["difficulty"] is { } d)
                {
                    stepUpDifficulty.TrySetResult(d.GetValue<int>());
                }
            }
            catch (PlaywrightException)
            {
                // the last verify's body, gone with the navigation it caused (a pass: no difficulty)
            }
        };
        await Browser.WaitForEventAsync(page, "ready");
        if (typing)
        {
            await FillAsync(page, new Person(page, run));
        }

        waits.Add(await SubmitDelayAsync(page, viaKeyboard: typing));
        difficulties.Add(await stepUpDifficulty.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        await Browser.CloseAsync(page.Context);
    }

    Console.WriteLine(string.Create(c, $"| {label}; asked {string.Join("/", difficulties.Distinct().Order())} bits | {runs} | {Summary(waits, "s")} |"));
}

return 0;

static async Task FillAsync(IPage page, Person person)
{
    // The demo's required fields, as the browser's autofill would leave them; then a person types
    // the first name at the keyboard (the input the check sees).
    await page.FillAsync("#nom", "Schmit");
    await page.FillAsync("#naissance", "03/12/1985");
    await page.FillAsync("#courriel", "anna@example.lu");
    await page.SelectOptionAsync("#commune", new SelectOptionValue { Index = 1 });
    await page.FocusAsync("#nom");
    await person.PressAsync("Tab");
    await person.TypeAsync("Anna");
}

// Submit, then the time from the submit event to the token (the widget's pass event).
static async Task<double> SubmitDelayAsync(IPage page, bool viaKeyboard = true)
{
    await page.EvaluateAsync("document.addEventListener('bbr:pass', () => sessionStorage.setItem('delay', String(performance.now() - window.__bbrSubmitAt)), true)");
    if (viaKeyboard)
    {
        await page.EvaluateAsync("document.querySelector('form button[type=submit]').focus()");
        await page.Keyboard.PressAsync("Enter");
    }
    else
    {
        await page.EvaluateAsync("document.querySelector('form').requestSubmit()");
    }

    await Browser.WaitForUrlAsync(page, "**/demo/submit");
    return await page.EvaluateAsync<double>("Number(sessionStorage.getItem('delay'))") / 1000;
}

static async Task ThrottleAsync(IPage page, int rate)
{
    if (rate > 1)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = rate });
    }
}

// Wall: the widget's own figure (from asking for the challenge to its solution); CPU: every
// Chromium process from before the page opened to then.
static async Task<(double Wall, double Cpu, double Attempts)> ReadyFromAsync(IPage page, Dictionary<int, long> cpuFrom)
{
    for (var i = 0; i < 1200; i++)
    {
        var ready = await page.EvaluateAsync<double[]>("(window.__bbr || []).filter(e => e.name === 'ready').map(e => [e.detail.ms, e.detail.attempts])[0] || [-1, 0]");
        if (ready[0] >= 0)
        {
            return (ready[0] / 1000, BrowserCpuSince(cpuFrom), ready[1]);
        }

        await Task.Delay(100);
    }

    throw new TimeoutException("The widget never got ready in 120 s.");
}

// User and system CPU ticks of every live Chromium process, by process id (the only browser this
// program runs). A process that ends between two readings (the renderer of the page before, closed
// in the background) must not be subtracted, so CPU is counted per process, not as one total.
static Dictionary<int, long> BrowserCpu()
{
    var ticks = new Dictionary<int, long>();
    foreach (var directory in Directory.EnumerateDirectories("/proc"))
    {
        try
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid)
                || !File.ReadAllText(Path.Combine(directory, "comm")).StartsWith("chrom", StringComparison.Ordinal))
            {
                continue;
            }

            var stat = File.ReadAllText(Path.Combine(directory, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            ticks[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            // a process that ended while being read
        }
    }

    return ticks;
}

// CPU seconds the Chromium processes alive now spent since the snapshot (new ones: all of theirs).
static double BrowserCpuSince(Dictionary<int, long> snapshot)
    => BrowserCpu().Sum(process => process.Value - snapshot.GetValueOrDefault(process.Key)) / 100.0;

static string Chromium()
{
    using var process = Process.Start(new ProcessStartInfo("/usr/bin/chromium", "--version") { RedirectStandardOutput = true })!;
    return process.StandardOutput.ReadToEnd().Trim();
}

static double Cpu(Action action)
{
    var before = Process.GetCurrentProcess().TotalProcessorTime;
    action();
    return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds;
}

static double CpuPerCall(Func<bool> call, int count)
{
    for (var i = 0; i < Math.Min(count, 1000); i++)
    {
        call();
    }

    var seconds = Cpu(() =>
    {
        for (var i = 0; i < count; i++)
        {
            call();
        }
    });
    return seconds / count;
}

// A row of the browser table: the measures as they came, per iteration, and times the expected attempts.
static string BrowserRow(int bits, int throttle, string page, List<(double Wall, double Cpu, double Attempts)> measures)
{
    var wallPerIteration = Median(measures.Select(m => m.Wall / (m.Attempts * Iterations)));
    var cpuPerIteration = Median(measures.Select(m => m.Cpu / (m.Attempts * Iterations)));
    var expected = ProofOfWork.ExpectedAttempts(bits, Puzzles) * Iterations;
    return string.Create(CultureInfo.InvariantCulture, $"| {bits} | {throttle}x | {page} | {measures.Count} | {Summary(measures.Select(m => m.Wall).ToList(), "s")} | {Summary(measures.Select(m => m.Cpu).ToList(), "s")} | {wallPerIteration * 1e9:F0} ns, {cpuPerIteration * 1e9:F0} ns | {expected * wallPerIteration:F2} s, {expected * cpuPerIteration:F2} s |");
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static string Summary(List<double> values, string unit)
{
    var sorted = values.Order().ToList();
    var median = Median(sorted);
    var p90 = sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(0.9 * sorted.Count) - 1)];
    return string.Create(CultureInfo.InvariantCulture, $"median {median:F2} {unit}, p90 {p90:F2} {unit}, max {sorted[^1]:F2} {unit}");
}
