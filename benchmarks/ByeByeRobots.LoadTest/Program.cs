// Load run: drives a running ByeByeRobots service through the whole protocol and reports
// latency percentiles per endpoint. Proofs of work are solved between the phases, outside
// the timed window, so the figures are the service's and not the client's hashing.
//
//   dotnet run -c Release --project benchmarks/ByeByeRobots.LoadTest -- \
//       --url http://127.0.0.1:5180 --sitekey walkthrough-site-key \
//       --secret walkthrough-secret-for-development-only-0123 --origin http://localhost \
//       --sessions 2000 --concurrency 16 --mouse 500
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
var signals = Signals(options.MouseEvents);
Console.WriteLine($"Load run: {options.Sessions} sessions, concurrency {options.Concurrency}, {options.MouseEvents} mouse events per verify ({Encoding.UTF8.GetByteCount(signals) / 1024.0:F1} KiB of signals) against {instances.Length} instance(s): {options.Url}");

// Warm-up of every endpoint (JIT tiering, connection pool, Redis connection): 500 whole
// sessions, not measured.
await RunPhaseAsync("warm-up", 500, options.Concurrency, async i =>
{
    var challenge = JsonDocument.Parse(await PostAsync(Instance(i, 0), "/v1/challenge", $$"""{"sitekey":"{{options.SiteKey}}"}""", options.Origin)).RootElement;
    var pow = challenge.GetProperty("pow");
    var solution = Solve(pow);
    var verdict = JsonDocument.Parse(await PostAsync(Instance(i, 1), "/v1/verify", $$"""{"id":"{{challenge.GetProperty("id").GetString()}}","pow":[{{string.Join(",", solution)}}],"signals":{{signals}}}""", options.Origin)).RootElement;
    using var response = await Instance(i, 2).PostAsync("/v1/siteverify", new FormUrlEncodedContent([new("secret", options.Secret), new("response", verdict.GetProperty("token").GetString()!)]));
});

var challenges = new JsonElement[options.Sessions];
var challengeTimes = await RunPhaseAsync("challenge", options.Sessions, options.Concurrency, async i =>
{
    var body = await PostAsync(Instance(i, 0), "/v1/challenge", $$"""{"sitekey":"{{options.SiteKey}}","action":"load"}""", options.Origin);
    challenges[i] = JsonDocument.Parse(body).RootElement.Clone();
});

var solved = challenges.AsParallel().AsOrdered().Select(c =>
{
    var pow = c.GetProperty("pow");
    var solution = Solve(pow);
    return $$"""{"id":"{{c.GetProperty("id").GetString()}}","pow":[{{string.Join(",", solution)}}],"signals":{{signals}}}""";
}).ToArray();

var tokens = new ConcurrentBag<(int Session, string Token)>();
var verifyTimes = await RunPhaseAsync("verify", solved.Length, options.Concurrency, async i =>
{
    var body = await PostAsync(Instance(i, 1), "/v1/verify", solved[i], options.Origin);
    var verdict = JsonDocument.Parse(body).RootElement;
    if (verdict.TryGetProperty("token", out var token))
    {
        tokens.Add((i, token.GetString()!));
    }
});

var tokenArray = tokens.ToArray();
var siteverifyTimes = await RunPhaseAsync("siteverify", tokenArray.Length, options.Concurrency, async i =>
{
    using var response = await Instance(tokenArray[i].Session, 2).PostAsync("/v1/siteverify", new FormUrlEncodedContent([new("secret", options.Secret), new("response", tokenArray[i].Token)]));
    var body = await response.Content.ReadAsStringAsync();
    if (!body.Contains("\"success\":true", StringComparison.Ordinal))
    {
        throw new InvalidOperationException("siteverify failed: " + body);
    }
});

Console.WriteLine();
Console.WriteLine("| endpoint | requests | p50 ms | p90 ms | p99 ms | max ms | throughput req/s |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var (name, times) in new[] { ("POST /v1/challenge", challengeTimes), ($"POST /v1/verify ({options.MouseEvents} mouse events)", verifyTimes), ("POST /v1/siteverify", siteverifyTimes) })
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {times.Latencies.Length} | {Percentile(times.Latencies, 50):F2} | {Percentile(times.Latencies, 90):F2} | {Percentile(times.Latencies, 99):F2} | {times.Latencies.Max():F2} | {times.Latencies.Length / times.Elapsed.TotalSeconds:F0} |"));
}

return 0;

static async Task<(double[] Latencies, TimeSpan Elapsed)> RunPhaseAsync(string name, int count, int concurrency, Func<int, Task> call)
{
    var latencies = new double[count];
    var next = -1;
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
    Console.WriteLine($"  {name}: {count} requests in {clock.Elapsed.TotalSeconds:F1} s");
    return (latencies, clock.Elapsed);
}

static async Task<string> PostAsync(HttpClient http, string path, string json, string origin)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    request.Headers.TryAddWithoutValidation("Origin", origin);
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

internal sealed record Arguments(string Url, string SiteKey, string Secret, string Origin, int Sessions, int Concurrency, int MouseEvents)
{
    public static Arguments Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        return new Arguments(
            Get("url", "http://127.0.0.1:5180"),
            Get("sitekey", "walkthrough-site-key"),
            Get("secret", "walkthrough-secret-for-development-only-0123"),
            Get("origin", "http://localhost"),
            int.Parse(Get("sessions", "2000"), CultureInfo.InvariantCulture),
            int.Parse(Get("concurrency", "16"), CultureInfo.InvariantCulture),
            int.Parse(Get("mouse", "500"), CultureInfo.InvariantCulture));
    }
}
