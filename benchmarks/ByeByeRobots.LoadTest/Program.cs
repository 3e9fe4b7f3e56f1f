// Load run: drives a running ByeByeRobots service through the whole protocol and reports
// latency percentiles per endpoint. Proofs of work are solved between the phases, outside
// the timed window, so the figures are the service's and not the client's hashing.
//
//   dotnet run -c Release --project benchmarks/ByeByeRobots.LoadTest -- \
//       --url http://127.0.0.1:5180 --sitekey walkthrough-site-key \
//       --secret walkthrough-secret-for-development-only-0123 --origin http://localhost \
//       --sessions 2000 --concurrency 16 --mouse 500
//
// CPU run (run-cpu.sh): with --service-pid, each phase also reads the service's CPU time from
// /proc (all its threads, user + system) and reports requests per service CPU-second; with
// --hello URL --hello-pid PID an ASP.NET Core hello is measured the same way before every size
// and at the end, as the ceiling; --mouse takes a list (0,100,500,2000) and runs the three endpoints per size.
//
// Several instances: --url http://127.0.0.1:5181,http://127.0.0.1:5182,http://127.0.0.1:5183
// sends each session's challenge, verify and siteverify to three different instances in turn,
// as a load balancer without affinity would.
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ByeByeRobots.Core.Challenges;

var options = Arguments.Parse(args);
var instances = options.Url.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
    .Select(url => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = new Uri(url) })
    .ToArray();

// Session i asks its challenge of instance i, its verify of i + 1, its siteverify of i + 2.
HttpClient Instance(int session, int step) => instances[(session + step) % instances.Length];
var service = options.ServicePid > 0 ? new CpuMeter(options.ServicePid) : null;
var results = new List<PhaseResult>();
var hellos = new List<PhaseResult>();
var hello = options.Hello.Length > 0 ? new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency }) { BaseAddress = new Uri(options.Hello) } : null;
var helloMeter = options.HelloPid > 0 ? new CpuMeter(options.HelloPid) : null;
async Task HelloAsync(string name)
{
    if (hello is null)
    {
        return;
    }

    var warm = Stopwatch.StartNew();
    do
    {
        await RunPhaseAsync("hello warm-up", 20_000, options.Concurrency, null, async _ => await hello.GetStringAsync("/hello"));
    }
    while (hellos.Count == 0 && warm.Elapsed.TotalSeconds < options.WarmupSeconds);

    var measured = await RunPhaseAsync(name, options.HelloRequests, options.Concurrency, helloMeter, async _ => await hello.GetStringAsync("/hello"));
    hellos.Add(measured);
    results.Add(measured);
}

// The hello is measured before every size and once at the end; each endpoint's share is of the
// mean of the two hellos around it, so a machine whose speed drifts during the run (a shared VM)
// is compared with its ceiling of the moment.
var helloRounds = 0;
foreach (var mouseEvents in options.MouseEvents)
{
    await HelloAsync($"GET /hello (ASP.NET Core minimal API), round {++helloRounds}");
    var signals = Signals(mouseEvents);
    Console.WriteLine($"Load run: {options.Sessions} sessions, concurrency {options.Concurrency}, {mouseEvents} mouse events per verify ({Encoding.UTF8.GetByteCount(signals) / 1024.0:F1} KiB of signals) against {instances.Length} instance(s): {options.Url}");

    // Warm-up of every endpoint (JIT tiering, connection pool, Redis connection): whole
    // sessions, not measured. The first size also warms for --warmup-seconds: tiered
    // compilation with dynamic PGO takes tens of seconds of load to settle.
    var warmUntil = mouseEvents == options.MouseEvents[0] ? Stopwatch.StartNew() : null;
    do
    {
        await RunPhaseAsync("warm-up", options.Warmup, options.Concurrency, null, async i =>
        {
            var challenge = await PostAsync(Instance(i, 0), "/v1/challenge", $$"""{"sitekey":"{{options.SiteKey}}"}""", options.Origin);
            var verdict = JsonDocument.Parse(await PostAsync(Instance(i, 1), "/v1/verify", SolvedVerifyBody(challenge, signals), options.Origin)).RootElement;
            using var response = await Instance(i, 2).PostAsync("/v1/siteverify", new FormUrlEncodedContent([new("secret", options.Secret), new("response", verdict.GetProperty("token").GetString()!)]));
        });
    }
    while (warmUntil is not null && warmUntil.Elapsed.TotalSeconds < options.WarmupSeconds);

    var challenges = new string[options.Sessions];
    results.Add(await RunPhaseAsync("POST /v1/challenge", options.Sessions, options.Concurrency, service, async i =>
    {
        challenges[i] = await PostAsync(Instance(i, 0), "/v1/challenge", $$"""{"sitekey":"{{options.SiteKey}}","action":"load"}""", options.Origin);
    }) with { Events = mouseEvents, Round = helloRounds - 1 });

    var solved = challenges.AsParallel().AsOrdered().Select(body => SolvedVerifyBody(body, signals)).ToArray();
    challenges = [];

    var tokens = new ConcurrentBag<(int Session, string Token)>();
    results.Add(await RunPhaseAsync("POST /v1/verify", solved.Length, options.Concurrency, service, async i =>
    {
        var body = await PostAsync(Instance(i, 1), "/v1/verify", solved[i], options.Origin);
        var verdict = JsonDocument.Parse(body).RootElement;
        if (verdict.TryGetProperty("token", out var token))
        {
            tokens.Add((i, token.GetString()!));
        }
    }) with { Events = mouseEvents, Round = helloRounds - 1 });
    solved = [];

    var tokenArray = tokens.ToArray();
    results.Add(await RunPhaseAsync("POST /v1/siteverify", tokenArray.Length, options.Concurrency, service, async i =>
    {
        using var response = await Instance(tokenArray[i].Session, 2).PostAsync("/v1/siteverify", new FormUrlEncodedContent([new("secret", options.Secret), new("response", tokenArray[i].Token)]));
        var body = await response.Content.ReadAsStringAsync();
        if (!body.Contains("\"success\":true", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("siteverify failed: " + body);
        }
    }) with { Events = mouseEvents, Round = helloRounds - 1 });
}

await HelloAsync($"GET /hello (ASP.NET Core minimal API), round {++helloRounds}");

static double PerCpu(PhaseResult r) => r.CpuSeconds > 0 ? r.Requests / r.CpuSeconds : double.NaN;
var ceilings = hellos.Select(PerCpu).ToArray();
double CeilingOf(PhaseResult r) => r.Round < 0 || ceilings.Length == 0
    ? (ceilings.Length > 0 ? ceilings.Average() : 0)
    : (ceilings[Math.Min(r.Round, ceilings.Length - 1)] + ceilings[Math.Min(r.Round + 1, ceilings.Length - 1)]) / 2;
if (ceilings.Length > 0)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hello ceiling per server CPU-s: mean {ceilings.Average():F0}, lowest {ceilings.Min():F0}, highest {ceilings.Max():F0} over {ceilings.Length} rounds"));
}
Console.WriteLine();
Console.WriteLine("| endpoint | mouse events | requests | p50 ms | p99 ms | req/s | server CPU s | server core busy | req per server CPU-s | share of hello |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var r in results)
{
    var perCpu = PerCpu(r);
    var ceiling = CeilingOf(r);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Name} | {(r.Events < 0 ? "" : r.Events.ToString(CultureInfo.InvariantCulture))} | {r.Requests} | {Percentile(r.Latencies, 50):F2} | {Percentile(r.Latencies, 99):F2} | {r.Requests / r.Elapsed.TotalSeconds:F0} | {(r.CpuSeconds > 0 ? string.Create(CultureInfo.InvariantCulture, $"{r.CpuSeconds:F2} | {r.CpuSeconds / r.Elapsed.TotalSeconds:P0} | {perCpu:F0}") : " | | ")} | {(ceiling > 0 ? (perCpu / ceiling).ToString("P0", CultureInfo.InvariantCulture) : "")} |"));
}

return 0;

static async Task<PhaseResult> RunPhaseAsync(string name, int count, int concurrency, CpuMeter? meter, Func<int, Task> call)
{
    var latencies = new double[count];
    var next = -1;
    var cpuBefore = meter?.Seconds() ?? 0;
    var clock = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            var started = Stopwatch.GetTimestamp();
            await call(i);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    });
    await Task.WhenAll(workers);
    var elapsed = clock.Elapsed;
    var cpu = meter is null ? 0 : meter.Seconds() - cpuBefore;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {count} requests in {elapsed.TotalSeconds:F1} s{(meter is null ? "" : $", server CPU {cpu:F2} s")}"));
    return new PhaseResult(name, -1, count, latencies, elapsed, cpu);
}

/// <summary>The verify request for a challenge's answer: its id, its proof of work solved, and the signals.</summary>
static string SolvedVerifyBody(string challengeJson, string signals)
{
    var challenge = JsonDocument.Parse(challengeJson).RootElement;
    var solution = Solve(challenge.GetProperty("pow"));
    return $$"""{"id":"{{challenge.GetProperty("id").GetString()}}","pow":[{{string.Join(",", solution)}}],"signals":{{signals}}}""";
}

static async Task<string> PostAsync(HttpClient http, string path, string json, string origin)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    request.Headers.TryAddWithoutValidation("Origin", origin);

    // What a browser writes beside the page's env (Signals' Env): the service compares them.
    request.Headers.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) load-run");
    request.Headers.TryAddWithoutValidation("Accept-Language", "fr-LU,fr;q=0.9");
    using var response = await http.SendAsync(request);
    var body = await response.Content.ReadAsStringAsync();
    return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {body}");
}

static double Percentile(double[] values, double percentile)
{
    var sorted = values.Order().ToArray();
    var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
    return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
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

static string Signals(int mouseEvents)
{
    var random = new Random(1);
    var mouse = new StringBuilder();
    var t = 100.0;
    for (var i = 0; i < mouseEvents; i++)
    {
        t += 8 + random.NextDouble() * 12;
        mouse.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"[{t:F1},{(int)(640 + 300 * Math.Cos(i / 40.0))},{(int)(360 + 200 * Math.Sin(i / 30.0))},{(i % 97 == 0 ? 1 : i % 97 == 1 ? 2 : 0)}]");
    }

    const string Env = """{"webdriver":false,"languages":["fr-LU","fr"],"timezone":"Europe/Luxembourg","screen":[1920,1080,1],"viewport":[1280,720],"touchPoints":0,"ua":"Mozilla/5.0 (X11; Linux x86_64) load-run"}""";
    return string.Create(CultureInfo.InvariantCulture, $$"""{"v":1,"t":{{t + 400:F1}},"mouse":[{{mouse}}],"keys":[[900,1],[980,2],[1200,1],[1290,2]],"focus":[[850,1]],"untrusted":0,"env":""") + Env + "}";
}

internal sealed record PhaseResult(string Name, int Events, int Requests, double[] Latencies, TimeSpan Elapsed, double CpuSeconds)
{
    /// <summary>Which size's round the phase belongs to (-1: a hello); its ceiling is the hellos of rounds Round and Round + 1.</summary>
    public int Round { get; init; } = -1;
}

/// <summary>A process's CPU time, user + system, of all its threads (dead ones included): fields 14 and 15 of /proc/PID/stat.</summary>
internal sealed class CpuMeter(int pid)
{
    /// <summary>The kernel's clock ticks per second (USER_HZ), 100 on Linux.</summary>
    private const double TicksPerSecond = 100;

    public double Seconds()
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");

        // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}

internal sealed record Arguments(string Url, string SiteKey, string Secret, string Origin, int Sessions, int Concurrency, int[] MouseEvents, int ServicePid, string Hello, int HelloPid, int HelloRequests, int Warmup, int WarmupSeconds)
{
    public static Arguments Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var index = Array.LastIndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        return new Arguments(
            Get("url", "http://127.0.0.1:5180"),
            Get("sitekey", "walkthrough-site-key"),
            Get("secret", "walkthrough-secret-for-development-only-0123"),
            Get("origin", "http://localhost"),
            int.Parse(Get("sessions", "2000"), CultureInfo.InvariantCulture),
            int.Parse(Get("concurrency", "16"), CultureInfo.InvariantCulture),
            [.. Get("mouse", "500").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))],
            int.Parse(Get("service-pid", "0"), CultureInfo.InvariantCulture),
            Get("hello", ""),
            int.Parse(Get("hello-pid", "0"), CultureInfo.InvariantCulture),
            int.Parse(Get("hello-requests", "200000"), CultureInfo.InvariantCulture),
            int.Parse(Get("warmup", "500"), CultureInfo.InvariantCulture),
            int.Parse(Get("warmup-seconds", "0"), CultureInfo.InvariantCulture));
    }
}
