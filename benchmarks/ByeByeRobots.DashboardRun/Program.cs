// A run that feeds the security team's dashboard: recorded sessions (protocol-shaped signals, one
// JSON object per line with "label", "family" and "signals") are replayed through the whole
// protocol (challenge, proof of work, verify, step-up when asked, siteverify) against a running
// service that Prometheus scrapes. Phase 1 sends people only; phase 2 adds a bot run at twice
// their rate. Then the dashboard's own queries are put to Prometheus and their answers drawn:
// the verdict mix over time and the score distribution of each phase.
//
// benchmarks/ByeByeRobots.DashboardRun/run.sh starts the service and Prometheus and runs this.
// The pictures illustrate how the panels are read; they are not a figure of the model (the
// recorded sessions are the ones it may have trained on: see docs/model-evaluation for those).
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ByeByeRobots.Core.Challenges;
using ScottPlot;

var options = Arguments.Parse(args);
var sessions = File.ReadLines(options.Sessions)
    .Select(line => JsonDocument.Parse(line).RootElement.Clone())
    .Select(s => new Session(s.GetProperty("label").GetString() == "human", s.GetProperty("family").GetString()!, s.GetProperty("signals").GetRawText()))
    .ToArray();
var people = sessions.Where(s => s.Human).ToArray();
var bots = sessions.Where(s => !s.Human).ToArray();
using var service = new HttpClient { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromSeconds(30) };
using var prometheus = new HttpClient { BaseAddress = new Uri(options.Prometheus), Timeout = TimeSpan.FromSeconds(30) };
var outcomes = new ConcurrentDictionary<(bool Human, string Verdict), int>();
var refusals = new ConcurrentDictionary<string, int>();
var random = new Random(options.Seed);

Console.WriteLine($"Dashboard run: {people.Length} people's and {bots.Length} bots' recorded sessions from {options.Sessions}; {options.PhaseSeconds} s per phase, {options.Rate} people per second");
var start = DateTimeOffset.UtcNow;
await RunPhaseAsync(TimeSpan.FromSeconds(options.PhaseSeconds), botsPerPerson: 0);
var botRun = DateTimeOffset.UtcNow;
await RunPhaseAsync(TimeSpan.FromSeconds(options.PhaseSeconds), botsPerPerson: 2);
var end = DateTimeOffset.UtcNow;

// Two scrapes after the last verify, so that Prometheus holds the run's end.
await Task.Delay(TimeSpan.FromSeconds(options.ScrapeSeconds * 2 + 1));

Console.WriteLine();
Console.WriteLine("What the run sent (the labels are the run's; the service and the dashboard do not see them):");
Console.WriteLine();
Console.WriteLine("| sent | first verdict pass | step-up | fail |");
Console.WriteLine("| --- | ---: | ---: | ---: |");
foreach (var human in new[] { true, false })
{
    int Count(string verdict) => outcomes.GetValueOrDefault((human, verdict));
    Console.WriteLine($"| {(human ? "people" : "bots")} | {Count("pass")} | {Count("step-up")} | {Count("fail")} |");
}

foreach (var (refusal, count) in refusals.OrderBy(r => r.Key, StringComparer.Ordinal))
{
    Console.WriteLine();
    Console.WriteLine($"Refused requests (the session stopped there): {refusal}: {count}");
}

var site = $"site=\"{options.SiteKey}\",step_up=\"false\"";
var mix = await QueryRangeAsync($"sum by (verdict) (rate(byebyerobots_verify_verdicts_total{{{site}}}[30s]))", start, end.AddSeconds(options.ScrapeSeconds * 2));
var stepUpShare = await QueryRangeAsync($"sum(rate(byebyerobots_verify_verdicts_total{{{site},verdict=\"step-up\"}}[30s])) / sum(rate(byebyerobots_verify_verdicts_total{{{site}}}[30s]))", start, end.AddSeconds(options.ScrapeSeconds * 2));
var window = $"{options.PhaseSeconds}s";
var distributions = new[]
{
    ("phase 1: people", await QueryBucketsAsync($"sum by (le) (increase(byebyerobots_verify_score_bucket{{{site}}}[{window}]))", botRun)),
    ("phase 2: people and a bot run", await QueryBucketsAsync($"sum by (le) (increase(byebyerobots_verify_score_bucket{{{site}}}[{window}]))", end)),
};

Console.WriteLine();
Console.WriteLine("Score distribution of first verifies, as Prometheus answers the dashboard's query (share of the phase's verifies per bucket):");
Console.WriteLine();
Console.WriteLine("| bucket | " + string.Join(" | ", distributions.Select(d => d.Item1)) + " |");
Console.WriteLine("| --- | " + string.Join(" | ", distributions.Select(_ => "---:")) + " |");
var buckets = distributions[0].Item2;
for (var i = 0; i < buckets.Length; i++)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {buckets[i].Label} | ") + string.Join(" | ", distributions.Select(d => Percent(d.Item2[i].Count, d.Item2.Sum(b => b.Count)))) + " |");
}

Console.WriteLine();
foreach (var cut in new[] { 0.2, 0.4, 0.5, 0.55, 0.6 })
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- scores below {cut}: ") + string.Join("; ", distributions.Select(d => $"{d.Item1} {Percent(d.Item2.Where(b => b.Upper <= cut + 1e-9).Sum(b => b.Count), d.Item2.Sum(b => b.Count))}")));
}

Directory.CreateDirectory(options.Out);
DrawMix(mix, stepUpShare, start, botRun, Path.Combine(options.Out, "dashboard-verdict-mix.png"));
DrawDistributions(distributions, options.PassScore, options.StepUpScore, Path.Combine(options.Out, "dashboard-score-distribution.png"));
Console.WriteLine();
Console.WriteLine($"Pictures written to {options.Out}: dashboard-verdict-mix.png, dashboard-score-distribution.png");
return 0;

async Task RunPhaseAsync(TimeSpan length, int botsPerPerson)
{
    var running = new List<Task>();
    var phaseEnd = DateTimeOffset.UtcNow + length;
    var interval = TimeSpan.FromSeconds(1.0 / options.Rate);
    while (DateTimeOffset.UtcNow < phaseEnd)
    {
        running.Add(PlayAsync(people[random.Next(people.Length)]));
        for (var i = 0; i < botsPerPerson; i++)
        {
            running.Add(PlayAsync(bots[random.Next(bots.Length)]));
        }

        await Task.Delay(interval);
    }

    await Task.WhenAll(running);
}

async Task PlayAsync(Session session)
{
    try
    {
        await PlaySessionAsync(session);
    }
    catch (RefusedException refused)
    {
        // A 4xx (a step-up's work solved after its challenge expired, on a machine that also runs
        // the service) is counted and the run goes on; the report says how many.
        refusals.AddOrUpdate(refused.Message, 1, (_, n) => n + 1);
    }
}

async Task PlaySessionAsync(Session session)
{
    var challenge = await PostAsync("/v1/challenge", $$"""{"sitekey":"{{options.SiteKey}}"}""");
    for (var attempt = 0; attempt < 4; attempt++)
    {
        var pow = challenge.GetProperty("pow");
        var solution = Solve(pow);
        var verdict = await PostAsync("/v1/verify", $$"""{"id":"{{challenge.GetProperty("id").GetString()}}","pow":[{{string.Join(",", solution)}}],"signals":{{session.Signals}}}""");
        var name = verdict.GetProperty("verdict").GetString()!;
        if (attempt == 0)
        {
            outcomes.AddOrUpdate((session.Human, name), 1, (_, n) => n + 1);
        }

        if (name == "step-up")
        {
            challenge = verdict.GetProperty("challenge");
            continue;
        }

        if (name == "pass")
        {
            using var response = await service.PostAsync("/v1/siteverify", new FormUrlEncodedContent([new("secret", options.Secret), new("response", verdict.GetProperty("token").GetString()!)]));
            response.EnsureSuccessStatusCode();
        }

        return;
    }
}

async Task<JsonElement> PostAsync(string path, string json)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    request.Headers.TryAddWithoutValidation("Origin", options.Origin);

    // The browser's own headers beside the session's env (the service compares them): its user agent and first language.
    if (System.Text.RegularExpressions.Regex.Match(json, "\"ua\":\"([^\"]*)\"") is { Success: true } ua)
    {
        request.Headers.TryAddWithoutValidation("User-Agent", System.Text.RegularExpressions.Regex.Unescape(ua.Groups[1].Value));
    }

    if (System.Text.RegularExpressions.Regex.Match(json, "\"languages\":\\[\"([^\"]*)\"") is { Success: true } language)
    {
        request.Headers.TryAddWithoutValidation("Accept-Language", language.Groups[1].Value);
    }

    using var response = await service.SendAsync(request);
    var body = await response.Content.ReadAsStringAsync();
    return response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.Clone() : (int)response.StatusCode is >= 400 and < 500
        ? throw new RefusedException($"{path} {(int)response.StatusCode} {ErrorCode(body)}")
        : throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {body}");
}

async Task<Dictionary<string, (double[] Seconds, double[] Values)>> QueryRangeAsync(string query, DateTimeOffset from, DateTimeOffset to)
{
    var data = await PrometheusAsync(string.Create(CultureInfo.InvariantCulture,
        $"/api/v1/query_range?query={Uri.EscapeDataString(query)}&start={from.ToUnixTimeMilliseconds() / 1000.0:F3}&end={to.ToUnixTimeMilliseconds() / 1000.0:F3}&step={options.ScrapeSeconds}"));
    var series = new Dictionary<string, (double[], double[])>();
    foreach (var result in data.GetProperty("result").EnumerateArray())
    {
        var metric = result.GetProperty("metric");
        var name = metric.TryGetProperty("verdict", out var verdict) ? verdict.GetString()! : "value";
        var values = result.GetProperty("values").EnumerateArray()
            .Select(v => (Time: v[0].GetDouble() - from.ToUnixTimeMilliseconds() / 1000.0, Value: double.Parse(v[1].GetString()!, CultureInfo.InvariantCulture)))
            .Where(v => double.IsFinite(v.Value))
            .ToArray();
        series[name] = (values.Select(v => v.Time).ToArray(), values.Select(v => v.Value).ToArray());
    }

    return series;
}

async Task<Bucket[]> QueryBucketsAsync(string query, DateTimeOffset at)
{
    var data = await PrometheusAsync(string.Create(CultureInfo.InvariantCulture, $"/api/v1/query?query={Uri.EscapeDataString(query)}&time={at.ToUnixTimeMilliseconds() / 1000.0:F3}"));
    var cumulative = data.GetProperty("result").EnumerateArray()
        .Select(r => (Le: r.GetProperty("metric").GetProperty("le").GetString()!, Count: double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))
        .Select(r => (Upper: r.Le == "+Inf" ? double.PositiveInfinity : double.Parse(r.Le, CultureInfo.InvariantCulture), r.Count))
        .OrderBy(r => r.Upper)
        .ToArray();
    var buckets = new List<Bucket>();
    for (var i = 0; i < cumulative.Length && cumulative[i].Upper <= 1; i++)
    {
        var lower = i == 0 ? 0 : cumulative[i - 1].Upper;
        var count = Math.Max(0, cumulative[i].Count - (i == 0 ? 0 : cumulative[i - 1].Count));
        buckets.Add(new Bucket(lower, cumulative[i].Upper, count, i == 0 ? $"= {cumulative[i].Upper:0.##}" : string.Create(CultureInfo.InvariantCulture, $"({lower:0.##}, {cumulative[i].Upper:0.##}]")));
    }

    return buckets.ToArray();
}

async Task<JsonElement> PrometheusAsync(string path)
{
    var answer = JsonDocument.Parse(await prometheus.GetStringAsync(path)).RootElement;
    return answer.GetProperty("status").GetString() == "success" ? answer.GetProperty("data").Clone() : throw new InvalidOperationException("Prometheus: " + answer);
}

static string ErrorCode(string body)
{
    try
    {
        return JsonDocument.Parse(body).RootElement.TryGetProperty("error", out var code) ? code.GetString() ?? body : body;
    }
    catch (JsonException)
    {
        return body;
    }
}

static string Percent(double part, double whole) => string.Create(CultureInfo.InvariantCulture, $"{100 * part / Math.Max(whole, 1e-9):F1} %");

static void DrawMix(Dictionary<string, (double[] Seconds, double[] Values)> mix, Dictionary<string, (double[] Seconds, double[] Values)> stepUpShare, DateTimeOffset start, DateTimeOffset botRun, string path)
{
    var plot = new Plot();
    var colors = new Dictionary<string, Color> { ["pass"] = Colors.SeaGreen, ["step-up"] = Colors.GoldenRod, ["fail"] = Colors.FireBrick };
    foreach (var (verdict, (seconds, values)) in mix.OrderBy(m => m.Key, StringComparer.Ordinal))
    {
        var line = plot.Add.Scatter(seconds, values);
        line.MarkerSize = 0;
        line.LineWidth = 2;
        line.Color = colors.GetValueOrDefault(verdict, Colors.Gray);
        line.LegendText = verdict + " /s";
    }

    if (stepUpShare.TryGetValue("value", out var share))
    {
        var line = plot.Add.Scatter(share.Seconds, share.Values.Select(v => v * 100).ToArray());
        line.MarkerSize = 0;
        line.LineWidth = 1.5f;
        line.LinePattern = LinePattern.Dashed;
        line.Color = Colors.DarkSlateBlue;
        line.LegendText = "step-up share (%, right axis)";
        line.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "step-up share of first verifies (%)";
        plot.Axes.Right.Min = 0;
        plot.Axes.Right.Max = 100;
    }

    var marker = plot.Add.VerticalLine((botRun - start).TotalSeconds);
    marker.LinePattern = LinePattern.Dotted;
    marker.LegendText = "bot run starts";
    plot.Title("Verdict mix (first verifies), as Prometheus answers the dashboard's query");
    plot.XLabel("seconds since the run began");
    plot.YLabel("verdicts per second (rate over 30 s)");
    plot.Axes.Left.Min = 0;
    plot.ShowLegend(Alignment.UpperLeft);
    plot.SavePng(path, 1000, 500);
}

static void DrawDistributions((string Name, Bucket[] Buckets)[] distributions, double passScore, double stepUpScore, string path)
{
    var plot = new Plot();
    var colors = new[] { Colors.SteelBlue.WithAlpha(0.7), Colors.OrangeRed.WithAlpha(0.6) };
    for (var d = 0; d < distributions.Length; d++)
    {
        var (name, buckets) = distributions[d];
        var total = Math.Max(buckets.Sum(b => b.Count), 1e-9);
        var shown = buckets.Where(b => b.Upper > b.Lower).ToArray();
        var bars = plot.Add.Bars(shown.Select(b => b.Lower + (b.Upper - b.Lower) * (d + 0.5) / distributions.Length).ToArray(), shown.Select(b => 100 * b.Count / total).ToArray());
        bars.LegendText = name;
        var i = 0;
        foreach (var bar in bars.Bars)
        {
            bar.Size = (shown[i].Upper - shown[i].Lower) / distributions.Length * 0.9;
            bar.FillColor = colors[d % colors.Length];
            bar.LineWidth = 0;
            i++;
        }
    }

    var pass = plot.Add.VerticalLine(passScore);
    pass.LegendText = "PassScore";
    var stepUp = plot.Add.VerticalLine(stepUpScore);
    stepUp.LinePattern = LinePattern.Dashed;
    stepUp.LegendText = "StepUpScore";
    plot.Title("Score distribution (first verifies): each phase's increase of the histogram's buckets");
    plot.XLabel("humanity score (bucket bounds as exported: finer between 0.4 and 0.6)");
    plot.YLabel("% of the phase's first verifies");
    plot.Axes.SetLimits(0, 1, 0, 5 * Math.Ceiling(distributions.Max(d => d.Buckets.Max(b => 100 * b.Count / Math.Max(d.Buckets.Sum(c => c.Count), 1e-9))) / 5 + 1));
    plot.ShowLegend(Alignment.UpperCenter);
    plot.SavePng(path, 1000, 500);
}

static ulong[] Solve(JsonElement pow)
{
    if (!PowAlgorithms.TryParse(pow.GetProperty("algorithm").GetString(), out var algorithm))
    {
        throw new InvalidOperationException("Unknown proof-of-work algorithm: " + pow);
    }

    return ProofOfWork.Solve(
        algorithm,
        Base64Url.DecodeFromChars(pow.GetProperty("salt").GetString()),
        pow.GetProperty("difficulty").GetInt32(),
        pow.TryGetProperty("iterations", out var iterations) ? iterations.GetInt32() : 0,
        pow.GetProperty("puzzles").GetInt32());
}

internal sealed class RefusedException(string message) : Exception(message);

internal sealed record Session(bool Human, string Family, string Signals);

internal sealed record Bucket(double Lower, double Upper, double Count, string Label);

internal sealed record Arguments(string Url, string Prometheus, string Sessions, string SiteKey, string Secret, string Origin, int PhaseSeconds, double Rate, int ScrapeSeconds, double PassScore, double StepUpScore, string Out, int Seed)
{
    public static Arguments Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        return new Arguments(
            Get("url", "http://127.0.0.1:5190"),
            Get("prometheus", "http://127.0.0.1:9490"),
            Get("sessions", "../shared/datasets/delbot-dev.jsonl"),
            Get("sitekey", "demo-site-key"),
            Get("secret", "demo-secret-for-development-only-0123456789"),
            Get("origin", "http://localhost"),
            int.Parse(Get("phase-seconds", "120"), CultureInfo.InvariantCulture),
            double.Parse(Get("rate", "3"), CultureInfo.InvariantCulture),
            int.Parse(Get("scrape-seconds", "5"), CultureInfo.InvariantCulture),
            double.Parse(Get("pass-score", "0.5"), CultureInfo.InvariantCulture),
            double.Parse(Get("step-up-score", "0.2"), CultureInfo.InvariantCulture),
            Get("out", "docs/images"),
            int.Parse(Get("seed", "1"), CultureInfo.InvariantCulture));
    }
}
