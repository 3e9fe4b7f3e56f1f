using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ByeByeRobots.Testing;
using Xunit.Abstractions;

namespace ByeByeRobots.Api.Tests.Http;

/// <summary>
/// Seeded mutations of valid requests to the three endpoints: whatever a client sends, the
/// answer is a 4xx with a code (and siteverify's always a 200), never a 5xx. The seed is fixed,
/// so a failure replays; the failing body is printed.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261203;
    private const int CasesPerEndpoint = 7_000;

    private static readonly string[] Fragments =
    [
        "\\ud800", "\\udc00", "\\udfff\\ud800", "\\u0000", "\\u00e9", "\\", "\"", "null", "true", "false", "-1", "0", "-0", "1e309", "-1e309", "1.5",
        "18446744073709551616", "9007199254740993", "[]", "{}", "\"\"", "[[[[[[[[[[[[[[[[[[[[", "]]]]]]]]]", "{\"\\ud800a\":0}", ",", ":", "é", "\u0000", "\t",
        new string('a', 300), new string('9', 40), "\"" + new string('é', 200) + "\"", "NaN", "Infinity", "\"mouse\":[[0,0,0,0]]", "\"keys\":[[1,1]]",
    ];

    [Fact]
    public async Task MutatedRequests_NeverGetA5xx()
    {
        await using var host = await ServiceHost.StartAsync(s =>
        {
            s["ByeByeRobots:Challenge:MaxPerClient"] = "0";
            s["ByeByeRobots:Challenge:MaxPerSite"] = "0";

            // A proof of work anyone solves at once, so mutations of the signals reach the signals.
            s["ByeByeRobots:Sites:fuzz-site:Secret"] = "fuzz-secret-0123456789abcdef-0123456789";
            s["ByeByeRobots:Sites:fuzz-site:Hostnames:0"] = "guichet.example.lu";
            s["ByeByeRobots:Sites:fuzz-site:Hostnames:1"] = "*.myguichet.lu";
            s["ByeByeRobots:Sites:fuzz-site:Pow:Algorithm"] = "sha256-lzb";
            s["ByeByeRobots:Sites:fuzz-site:Pow:Difficulty"] = "0";
            s["ByeByeRobots:Sites:fuzz-site:Pow:Puzzles"] = "1";
        });
        var widget = host.Widget();
        var tokens = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            tokens.Add(await widget.PassAsync("fuzz-site"));
        }

        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var counts = new int[3];
        await Parallel.ForAsync(0, CasesPerEndpoint, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var random = new Random(Seed + i);
            await ChallengeCaseAsync(host, random, failures);
            await VerifyCaseAsync(host, widget, random, failures);
            await SiteVerifyCaseAsync(host, random, tokens[random.Next(tokens.Count)], failures);
            Interlocked.Add(ref counts[0], 3);
        });

        output.WriteLine($"{counts[0]} cases (seed {Seed}), {failures.Count} answered 5xx");
        foreach (var failure in failures.Take(5))
        {
            output.WriteLine(failure);
        }

        counts[0].Should().BeGreaterThanOrEqualTo(20_000);
        failures.Should().BeEmpty();
    }

    private static async Task ChallengeCaseAsync(ServiceHost host, Random random, System.Collections.Concurrent.ConcurrentQueue<string> failures)
    {
        var body = Mutate(random, """{"sitekey":"fuzz-site","action":"login","algorithms":["pbkdf2-sha256-lzb","sha256-lzb"]}""");
        var origin = random.Next(10) == 0 ? MutateOrigin(random) : ServiceHost.Origin;
        using var response = await PostAsync(host, "/v1/challenge", body, ContentType(random), origin);
        Check(response, "challenge", body, origin, failures);
    }

    private static async Task VerifyCaseAsync(ServiceHost host, WidgetClient widget, Random random, System.Collections.Concurrent.ConcurrentQueue<string> failures)
    {
        // Most cases start from a real challenge and its solution, so the mutation meets the signals.
        var id = "AAAAAAAAAAAAAAAAAAAAAA";
        var pow = "[0]";
        if (random.Next(4) != 0)
        {
            var challenge = await widget.ChallengeAsync("fuzz-site");
            id = challenge["id"]!.GetValue<string>();
            pow = "[" + string.Join(",", WidgetClient.Solve(challenge)) + "]";
        }

        var signals = random.Next(3) switch
        {
            0 => Sessions.Human,
            1 => Sessions.Brief,
            _ => Sessions.Idle,
        };
        var body = Mutate(random, $$"""{"id":"{{id}}","pow":{{pow}},"signals":{{signals}}}""");
        var origin = random.Next(10) == 0 ? MutateOrigin(random) : ServiceHost.Origin;
        using var response = await PostAsync(host, "/v1/verify", body, ContentType(random), origin);
        Check(response, "verify", body, origin, failures);
    }

    private static async Task SiteVerifyCaseAsync(ServiceHost host, Random random, string token, System.Collections.Concurrent.ConcurrentQueue<string> failures)
    {
        var secret = "fuzz-secret-0123456789abcdef-0123456789";
        var asJson = random.Next(2) == 0;
        var body = asJson
            ? Mutate(random, $$"""{"secret":"{{secret}}","response":"{{token}}","idempotency_key":"k{{random.Next(1000)}}","remoteip":"192.0.2.1"}""")
            : Mutate(random, $"secret={secret}&response={Uri.EscapeDataString(token)}&idempotency_key=k{random.Next(1000)}");
        var contentType = asJson ? "application/json" : random.Next(4) == 0 ? "multipart/form-data; boundary=x" : "application/x-www-form-urlencoded";
        var query = random.Next(8) == 0 ? "?" + Mutate(random, "secret=x&response=y") : "";
        using var response = await PostAsync(host, "/v1/siteverify" + query, body, contentType, null);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            failures.Enqueue($"siteverify answered {(int)response.StatusCode} to {contentType} {query} {body}");
        }
        else if (JsonNode.Parse(await response.Content.ReadAsStringAsync()) is not JsonObject answer || answer["success"] is null)
        {
            failures.Enqueue($"siteverify answered something else than its shape to {body}");
        }
    }

    private static void Check(HttpResponseMessage response, string endpoint, string body, string origin, System.Collections.Concurrent.ConcurrentQueue<string> failures)
    {
        if ((int)response.StatusCode >= 500)
        {
            failures.Enqueue($"{endpoint} answered {(int)response.StatusCode} to Origin {origin}: {body}");
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(ServiceHost host, string path, string body, string? contentType, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        return await host.HttpClient.SendAsync(request);
    }

    private static string? ContentType(Random random) => random.Next(6) switch
    {
        0 => null,
        1 => "text/plain",
        2 => "application/x-www-form-urlencoded",
        _ => "application/json",
    };

    private static string MutateOrigin(Random random) => random.Next(6) switch
    {
        0 => "null",
        1 => "https://" + string.Join('.', Enumerable.Repeat("xn--" + new string('a', random.Next(1, 70)), random.Next(1, 6))) + ".myguichet.lu",
        2 => "https://guichet.example.lu:" + random.Next(-5, 70_000),
        3 => "https://%c3%a9" + new string('a', random.Next(300)) + ".myguichet.lu",
        4 => "javascript:alert(1)",
        _ => "https://" + new string('a', random.Next(250, 300)) + ".myguichet.lu",
    };

    /// <summary>One to three edits: a fragment inserted, a span deleted, repeated or replaced, the text cut, or a JSON value swapped.</summary>
    private static string Mutate(Random random, string text)
    {
        var builder = new StringBuilder(text);
        var edits = 1 + random.Next(3);
        for (var e = 0; e < edits && builder.Length > 0; e++)
        {
            var at = random.Next(builder.Length);
            var span = Math.Min(builder.Length - at, 1 + random.Next(12));
            switch (random.Next(7))
            {
                case 0:
                    builder.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 1:
                    builder.Remove(at, span);
                    break;
                case 2:
                    builder.Insert(at, builder.ToString(at, span));
                    break;
                case 3:
                    builder[at] = (char)random.Next(0x20, 0x7f);
                    break;
                case 4:
                    builder.Length = at;
                    break;
                case 5:
                    builder.Remove(at, span).Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                default:
                    return SwapValue(random, builder.ToString());
            }
        }

        return builder.ToString();
    }

    /// <summary>Replaces one value of the JSON with a fragment of another kind (the text as it is when it is not JSON).</summary>
    private static string SwapValue(Random random, string text)
    {
        try
        {
            return SwapValueOrThrow(random, text);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
        {
            // A mutation System.Text.Json.Nodes cannot hold (a repeated name, a lone surrogate): kept as it is.
            return text;
        }
    }

    private static string SwapValueOrThrow(Random random, string text)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return text;
        }

        var nodes = new List<JsonNode>();
        void Walk(JsonNode? node)
        {
            if (node is null)
            {
                return;
            }

            nodes.Add(node);
            if (node is JsonObject obj)
            {
                foreach (var (_, child) in obj.ToList())
                {
                    Walk(child);
                }
            }
            else if (node is JsonArray array)
            {
                foreach (var child in array.ToList())
                {
                    Walk(child);
                }
            }
        }

        Walk(root);
        var target = nodes[random.Next(nodes.Count)];
        if (target.Parent is null)
        {
            return text;
        }

        var marker = "\"__fuzz__\"";
        target.ReplaceWith(JsonValue.Create("__fuzz__"));
        return root!.ToJsonString().Replace(marker, Fragments[random.Next(Fragments.Length)], StringComparison.Ordinal);
    }
}
