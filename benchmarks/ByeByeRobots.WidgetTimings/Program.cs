// Widget timings in headless Debian Chromium against the real service (Release build
// recommended):
//   dotnet run -c Release --project benchmarks/ByeByeRobots.WidgetTimings -- [runs]
// 1. page load → proof of work ready, at the calibrated default (pbkdf2-sha256-lzb, 12 bits × 6 puzzles), on the
//    same-origin demo (Web Worker) and on a cross-origin page under a strict CSP (main-thread
//    slices), each in a fresh browser context (cold cache);
// 2. the delay the widget adds to a submission once the proof of work is ready (submit →
//    verdict, i.e. the verify round trip), on the demo;
// 3. the longest main-thread task seen while the widget loads and solves;
// with --attribute, the longest task of a page with the script but no widget against one with it.
using System.Globalization;
using ByeByeRobots.Testing;
using Microsoft.Playwright;

Repository.UseServiceContentRoot();
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
await using var host = await ServiceHost.StartAsync(s =>
{
    s["ByeByeRobots:Demo:Enabled"] = "true";
    s["ByeByeRobots:Demo:SiteKey"] = ServiceHost.SiteKey;
    s["ByeByeRobots:Demo:Secret"] = ServiceHost.Secret;
    foreach (var key in s.Keys.Where(k => k.Contains(":Pow:", StringComparison.Ordinal)).ToList())
    {
        s.Remove(key); // the calibrated defaults
    }

    s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:PassScore"] = "0";
    s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:StepUpScore"] = "0";
    s["Logging:LogLevel:Default"] = "Warning";
});

// Warm the service up (JIT) so the figures are the browser's, not a cold server's.
var warm = host.Widget();
for (var i = 0; i < 50; i++)
{
    await warm.PassAsync();
}

var workerReady = new List<double>();
var slicedReady = new List<double>();
var submitDelays = new List<double>();
var longestTask = 0.0;
var longestWidgetTask = 0.0;
var longestDemoTask = 0.0;
var longestCrossOriginTask = 0.0;
const string LongTasks = "window.__long = []; new PerformanceObserver(l => l.getEntries().forEach(e => window.__long.push([e.startTime, e.duration]))).observe({ type: 'longtask', buffered: true });";
// Long tasks from the moment the widget's script has arrived (the page's own parsing and layout excluded).
const string LongestWidgetTask = "(() => { const s = performance.getEntriesByType('resource').find(e => e.name.includes('/v1/widget')); const from = s ? s.responseEnd : 0; return Math.max(0, ...window.__long.filter(t => t[0] + t[1] >= from).map(t => t[1])); })()";
const string LongestTask = "Math.max(0, ...window.__long.map(t => t[1]))";
// The demo navigates once the verdict is in: the delay is kept in sessionStorage (same origin).
const string SubmitDelay = "document.addEventListener('bbr:pass', () => sessionStorage.setItem('submitDelay', String(performance.now() - window.__bbrSubmitAt)), true);";

for (var run = 0; run < runs; run++)
{
    var page = await Browser.NewPageAsync();
    await page.AddInitScriptAsync(LongTasks);
    await page.AddInitScriptAsync(SubmitDelay);
    await page.GotoAsync(host.BaseAddress + "demo");
    await Browser.WaitForEventAsync(page, "ready");
    workerReady.Add(await page.EvaluateAsync<double>("window.__bbr.find(e => e.name === 'ready').at"));
    longestTask = Math.Max(longestTask, await page.EvaluateAsync<double>(LongestTask));
    longestWidgetTask = Math.Max(longestWidgetTask, await page.EvaluateAsync<double>(LongestWidgetTask));
    longestDemoTask = Math.Max(longestDemoTask, await page.EvaluateAsync<double>(LongestWidgetTask));
    if (Environment.GetEnvironmentVariable("BBR_TIMINGS_DEBUG") is not null)
    {
        Console.WriteLine(await page.EvaluateAsync<string>("JSON.stringify({ long: window.__long, res: performance.getEntriesByType('resource').map(e => [e.name.slice(-30), e.startTime, e.responseEnd]), ready: window.__bbr })"));
    }
    await page.ClickAsync("button[type=submit]");
    await Browser.WaitForUrlAsync(page, "**/demo/submit");
    submitDelays.Add(await page.EvaluateAsync<double>("Number(sessionStorage.getItem('submitDelay'))"));
    await Browser.CloseAsync(page.Context);

    await using var procedure = await ProcedurePage.OpenAsync(host, """
        <form method="post" action="/submit"><label for="n">Nom</label> <input id="n" name="n">
        <div class="bbr-widget" data-sitekey="site-a"></div><button>Envoyer</button></form>
        """);
    await procedure.Page.EvaluateAsync(LongTasks);
    await procedure.WaitForEventAsync("ready");
    slicedReady.Add(await procedure.Page.EvaluateAsync<double>("window.__bbr.find(e => e.name === 'ready').at"));
    longestTask = Math.Max(longestTask, await procedure.Page.EvaluateAsync<double>(LongestTask));
    longestWidgetTask = Math.Max(longestWidgetTask, await procedure.Page.EvaluateAsync<double>(LongestWidgetTask));
    longestCrossOriginTask = Math.Max(longestCrossOriginTask, await procedure.Page.EvaluateAsync<double>(LongestWidgetTask));
}

// Attribution: the same cross-origin page with the script but no widget container, against
// the page with the widget (long tasks over the whole load, 10 runs each).
if (args.Contains("--attribute"))
{
    foreach (var (label, body) in new[]
    {
        ("page with the script, no widget", "<form method=\"post\" action=\"/submit\"><label for=\"n\">Nom</label> <input id=\"n\" name=\"n\"><button>Envoyer</button></form>"),
        ("page with the widget", "<form method=\"post\" action=\"/submit\"><label for=\"n\">Nom</label> <input id=\"n\" name=\"n\"><div class=\"bbr-widget\" data-sitekey=\"site-a\"></div><button>Envoyer</button></form>"),
    })
    {
        var longest = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            await using var page = await ProcedurePage.OpenAsync(host, body);
            await page.Page.EvaluateAsync(LongTasks);
            await Task.Delay(1500);
            longest.Add(await page.Page.EvaluateAsync<double>(LongestTask));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label}: longest task per load | {Figures(longest)}; loads with a task over 50 ms: {longest.Count(l => l > 50)} of {longest.Count} |"));
    }
}

// Diagnosis: a DevTools timeline trace of the cross-origin page with the widget; for every
// main-thread task over 50 ms, the longest events inside it.
if (args.Contains("--trace"))
{
    var widgetTasks = new Dictionary<(int Run, double Ts), (double Wall, double Cpu)>();
    for (var run = 0; run < runs; run++)
    {
        var events = new System.Collections.Concurrent.ConcurrentBag<System.Text.Json.JsonElement>();
        var complete = new TaskCompletionSource();
        ICDPSession? cdp = null;
        await using var traced = await ProcedurePage.OpenAsync(host, """
            <form method="post" action="/submit"><label for="n">Nom</label> <input id="n" name="n">
            <div class="bbr-widget" data-sitekey="site-a"></div><button>Envoyer</button></form>
            """, beforeLoad: async page =>
        {
            cdp = await page.Context.NewCDPSessionAsync(page);
            cdp.Event("Tracing.dataCollected").OnEvent += (_, e) =>
            {
                foreach (var item in e!.Value.GetProperty("value").EnumerateArray())
                {
                    events.Add(item.Clone());
                }
            };
            cdp.Event("Tracing.tracingComplete").OnEvent += (_, _) => complete.TrySetResult();
            await cdp.SendAsync("Tracing.start", new() { ["categories"] = "devtools.timeline,v8,disabled-by-default-devtools.timeline", ["transferMode"] = "ReportEvents" });
        });
        await Task.Delay(1500);
        await cdp!.SendAsync("Tracing.end");
        await complete.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var all = events.Where(e => e.TryGetProperty("dur", out _) && e.TryGetProperty("ts", out _)).ToList();
        foreach (var task in all.Where(e => e.GetProperty("name").GetString() == "RunTask" && e.GetProperty("dur").GetDouble() > 50_000))
        {
            var (ts, dur, tid) = (task.GetProperty("ts").GetDouble(), task.GetProperty("dur").GetDouble(), task.GetProperty("tid").GetInt64());
            var inside = all.Where(e => e.GetProperty("tid").GetInt64() == tid && e.GetProperty("ts").GetDouble() >= ts && e.GetProperty("ts").GetDouble() < ts + dur && e.GetProperty("name").GetString() != "RunTask")
                .OrderByDescending(e => e.GetProperty("dur").GetDouble()).Take(6)
                .Select(e => $"{e.GetProperty("name").GetString()} {e.GetProperty("dur").GetDouble() / 1000:F0} ms {(e.TryGetProperty("args", out var a) && a.TryGetProperty("data", out var d) ? d.ToString()[..Math.Min(120, d.ToString().Length)] : "")}");
            var cpu = task.TryGetProperty("tdur", out var tdur) ? $"{tdur.GetDouble() / 1000:F0} ms" : "?";
            Console.WriteLine($"run {run}: task {dur / 1000:F0} ms (thread CPU {cpu}): " + string.Join(" | ", inside));
        }

        // The tasks that ran the widget's code: those enclosing an event that names its script.
        var tasks = all.Where(e => e.GetProperty("name").GetString() == "RunTask").ToList();
        foreach (var mark in all.Where(e => e.TryGetProperty("args", out var a) && a.TryGetProperty("data", out var d)
            && d.ValueKind == System.Text.Json.JsonValueKind.Object && d.TryGetProperty("url", out var u) && u.GetString()?.Contains("/v1/widget.", StringComparison.Ordinal) == true
            && e.GetProperty("name").GetString() is "FunctionCall" or "EvaluateScript" or "v8.compile" or "v8.run"))
        {
            var (ts, tid) = (mark.GetProperty("ts").GetDouble(), mark.GetProperty("tid").GetInt64());
            var task = tasks.FirstOrDefault(t => t.GetProperty("tid").GetInt64() == tid && t.GetProperty("ts").GetDouble() <= ts && ts < t.GetProperty("ts").GetDouble() + t.GetProperty("dur").GetDouble());
            if (task.ValueKind != System.Text.Json.JsonValueKind.Undefined)
            {
                widgetTasks[(run, task.GetProperty("ts").GetDouble())] = (task.GetProperty("dur").GetDouble() / 1000, task.TryGetProperty("tdur", out var t2) ? t2.GetDouble() / 1000 : double.NaN);
            }
        }
    }

    var walls = widgetTasks.Values.Select(v => v.Wall).ToList();
    var cpus = widgetTasks.Values.Select(v => v.Cpu).Where(c => !double.IsNaN(c)).ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| tasks running widget code, cross-origin page, {runs} loads | {walls.Count} tasks; over 50 ms: {walls.Count(w => w > 50)} by wall clock, {cpus.Count(c => c > 50)} by thread CPU time; longest {walls.Max():F0} ms wall, {cpus.DefaultIfEmpty().Max():F0} ms CPU; median {Median(walls):F1} ms |"));
}

static string Figures(List<double> values) =>
    string.Create(CultureInfo.InvariantCulture, $"median {Median(values):F0} ms, min {values.Min():F0} ms, max {values.Max():F0} ms");

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

Console.WriteLine($"Widget timings, {runs} runs each, headless Chromium, default difficulty (10 bits x 8 puzzles):");
Console.WriteLine($"| page load -> proof of work ready, same-origin demo (Web Worker) | {Figures(workerReady)} |");
Console.WriteLine($"| page load -> proof of work ready, cross-origin page, strict CSP (main-thread slices) | {Figures(slicedReady)} |");
Console.WriteLine($"| delay added on submit once ready (submit -> verdict) | {Figures(submitDelays)} |");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| longest main-thread task from the widget script's arrival to ready (0: none over 50 ms) | {longestWidgetTask:F0} ms |"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| of which on the demo (worker) | {longestDemoTask:F0} ms |"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| of which on the cross-origin page (slices) | {longestCrossOriginTask:F0} ms |"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| longest main-thread task of the whole page load (page parsing and layout included) | {longestTask:F0} ms |"));
