using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using ByeByeRobots.Core.Challenges;

namespace ByeByeRobots.Testing;

/// <summary>What the widget does over HTTP, written from protocol.md sections 2, 3 and 5.</summary>
public sealed class WidgetClient(HttpClient http, string origin)
{
    public HttpClient Http => http;

    public async Task<HttpResponseMessage> PostAsync(string path, string body, string? originHeader = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Origin", originHeader ?? origin);

        foreach (var (name, value) in BrowserHeaders(body))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await http.SendAsync(request);
    }

    /// <summary>
    /// What a browser writes itself on the widget's CORS fetch, beside the page's env: the page's
    /// user agent and first language, fetch metadata, and a Chromium's client hints (the service
    /// compares them, protocol section 3). Read from the body's signals when it has any.
    /// </summary>
    public static IEnumerable<(string Name, string Value)> BrowserHeaders(string body)
    {
        var (ua, language) = (Sessions.UserAgent, "fr-LU");
        try
        {
            if (JsonNode.Parse(body)?["signals"]?["env"] is JsonObject env)
            {
                ua = env["ua"]?.GetValue<string>() ?? ua;
                language = env["languages"]?.AsArray().FirstOrDefault()?.GetValue<string>() ?? language;
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            // A malformed body (the tests of refusals): the defaults.
        }

        yield return ("User-Agent", ua);
        yield return ("Accept-Language", language + ",en;q=0.5");
        yield return ("Sec-Fetch-Mode", "cors");
        yield return ("Sec-Fetch-Dest", "empty");
        yield return ("Sec-Fetch-Site", "cross-site");
        var chrome = System.Text.RegularExpressions.Regex.Match(ua, @"Chrome/(\d+)");
        if (chrome.Success && !ua.Contains("CriOS", StringComparison.Ordinal))
        {
            yield return ("Sec-CH-UA", $"\"Chromium\";v=\"{chrome.Groups[1].Value}\", \"Not-A.Brand\";v=\"24\"");
            yield return ("Sec-CH-UA-Mobile", ua.Contains("Mobile", StringComparison.Ordinal) ? "?1" : "?0");
        }
    }

    public async Task<JsonObject> ChallengeAsync(string siteKey = ServiceHost.SiteKey, string? action = "login")
    {
        var body = new JsonObject { ["sitekey"] = siteKey };
        if (action is not null)
        {
            body["action"] = action;
        }

        using var response = await PostAsync("/v1/challenge", body.ToJsonString());
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static ulong[] Solve(JsonObject challenge)
    {
        var pow = challenge["pow"]!;
        PowAlgorithms.TryParse(pow["algorithm"]!.GetValue<string>(), out var algorithm).Should().BeTrue(pow.ToJsonString());
        return ProofOfWork.Solve(
            algorithm,
            Base64Url.DecodeFromChars(pow["salt"]!.GetValue<string>()),
            pow["difficulty"]!.GetValue<int>(),
            pow["iterations"]?.GetValue<int>() ?? 0,
            pow["puzzles"]!.GetValue<int>());
    }

    public Task<HttpResponseMessage> VerifyRawAsync(string id, ulong[] pow, string signals, string? originHeader = null) =>
        PostAsync("/v1/verify", $$"""{"id":"{{id}}","pow":[{{string.Join(",", pow)}}],"signals":{{signals}}}""", originHeader);

    public async Task<JsonObject> VerifyAsync(JsonObject challenge, string signals)
    {
        using var response = await VerifyRawAsync(challenge["id"]!.GetValue<string>(), Solve(challenge), signals);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Challenge, proof of work and verify; the token of a pass.</summary>
    public async Task<string> PassAsync(string siteKey = ServiceHost.SiteKey, string action = "login", string? signals = null)
    {
        var verdict = await VerifyAsync(await ChallengeAsync(siteKey, action), signals ?? Sessions.Human);
        verdict["verdict"]!.GetValue<string>().Should().Be("pass", verdict.ToJsonString());
        return verdict["token"]!.GetValue<string>();
    }
}

/// <summary>What a procedure backend does: POST /v1/siteverify (protocol section 4).</summary>
public sealed class BackendClient(HttpClient http)
{
    public async Task<(HttpStatusCode Status, JsonObject Body)> SiteVerifyFormAsync(string? secret, string? response, string? idempotencyKey = null)
    {
        var fields = new List<KeyValuePair<string, string>>();
        if (secret is not null)
        {
            fields.Add(new("secret", secret));
        }

        if (response is not null)
        {
            fields.Add(new("response", response));
        }

        if (idempotencyKey is not null)
        {
            fields.Add(new("idempotency_key", idempotencyKey));
        }

        using var answer = await http.PostAsync("/v1/siteverify", new FormUrlEncodedContent(fields));
        return (answer.StatusCode, (await answer.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    public async Task<(HttpStatusCode Status, JsonObject Body)> SiteVerifyJsonAsync(object body)
    {
        using var answer = await http.PostAsync("/v1/siteverify", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        return (answer.StatusCode, (await answer.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    public static string[] ErrorCodes(JsonObject body) => body["error-codes"]!.AsArray().Select(e => e!.GetValue<string>()).ToArray();
}

/// <summary>Signals objects the way a browser sends them.</summary>
public static class Sessions
{
    /// <summary>The user agent of <see cref="Env"/>, which <see cref="WidgetClient"/> sends as its User-Agent, as a browser would.</summary>
    public const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64)";

    public const string Env = """{"webdriver":false,"languages":["fr-LU","fr"],"timezone":"Europe/Luxembourg","screen":[1920,1080,1],"viewport":[1280,720],"touchPoints":0,"ua":"Mozilla/5.0 (X11; Linux x86_64)"}""";

    /// <summary>
    /// A person moving along a curve at irregular intervals, then typing (rule score 0.75). A new
    /// session at each read: its path drifts its own way, as no person draws the same path twice
    /// (the same signals twice are a replay, automation evidence).
    /// </summary>
    public static string Human => Build(mouseEvents: 120, webdriver: false, seed: Interlocked.Increment(ref _seed));

    /// <summary>A browser that declares automation (rule score 0).</summary>
    public static string Webdriver { get; } = Build(mouseEvents: 120, webdriver: true);

    /// <summary>No interaction at all: its own evidence class, the costliest step-up (protocol section 3).</summary>
    public static string Idle { get; } = $$"""{"v":1,"t":3000,"env":{{Env}}}""";

    /// <summary>
    /// A little interaction within 800 ms: a behaviour-class session the rule scorer gives 0.375
    /// (0.75 halved for its brevity), a step-up between the two default thresholds.
    /// </summary>
    public static string Brief { get; } = $$"""{"v":1,"t":1500,"mouse":[[200,100,100,0],[216,104,103,0],[232,110,105,0]],"keys":[[900,1],[980,2]],"focus":[[150,1]],"untrusted":0,"env":{{Env}}}""";

    private static int _seed;

    public static string Build(int mouseEvents, bool webdriver, int seed = 0)
    {
        var random = new Random(mouseEvents);

        // Each seed drifts its own way (a random walk with momentum, up to tens of pixels): no two
        // of 600 sessions come within 0.060 of each other's shape, twice the replay margin (0.03).
        var drift = new Random(unchecked((int)((uint)seed * 2654435761u)));
        double dx = 0, dy = 0, vx = 0, vy = 0;
        var t = 200.0;
        var mouse = new StringBuilder();
        for (var i = 0; i < mouseEvents; i++)
        {
            t += 8 + random.NextDouble() * 20;
            if (seed != 0)
            {
                (vx, vy) = ((0.9 * vx) + ((drift.NextDouble() - 0.5) * 6), (0.9 * vy) + ((drift.NextDouble() - 0.5) * 6));
                (dx, dy) = (dx + vx, dy + vy);
            }

            mouse.Append(i == 0 ? "" : ",").Append(FormattableString.Invariant($"[{t:F1},{(int)(400 + 200 * Math.Cos(i / 20.0) + dx)},{(int)(300 + 150 * Math.Sin(i / 20.0) + dy)},0]"));
        }

        var keys = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            t += 120 + random.NextDouble() * 150;
            keys.Append(i == 0 ? "" : ",").Append(FormattableString.Invariant($"[{t:F1},1],[{t + 70:F1},2]"));
        }

        var env = webdriver ? Env.Replace("\"webdriver\":false", "\"webdriver\":true", StringComparison.Ordinal) : Env;
        return FormattableString.Invariant($$"""{"v":1,"t":{{t + 500:F1}},"mouse":[{{mouse}}],"keys":[{{keys}}],"focus":[[150,1]],"untrusted":0,"env":{{env}}}""");
    }
}

public static class ProblemAssertions
{
    /// <summary>Asserts an RFC 9457 problem with the given status and <c>error</c> code.</summary>
    public static async Task ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var problem = JsonNode.Parse(body)!;
        problem["error"]!.GetValue<string>().Should().Be(code, body);
        problem["status"]!.GetValue<int>().Should().Be((int)status);
    }
}
