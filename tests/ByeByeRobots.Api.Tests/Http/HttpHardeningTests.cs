using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ByeByeRobots.Testing;

namespace ByeByeRobots.Api.Tests.Http;

/// <summary>The attacks of the hardening review on HTTP: forged hosts, headers, names that are not text, hosts too long in bytes.</summary>
public class HttpHardeningTests
{
    [Fact]
    public async Task DemoSubmit_WithAForgedHost_NeverSendsTheSecretThere()
    {
        using var attacker = new TcpListener(IPAddress.Loopback, 0);
        attacker.Start();
        var attackerPort = ((IPEndPoint)attacker.LocalEndpoint).Port;
        await using var host = await ServiceHost.StartAsync(s =>
        {
            s["ByeByeRobots:Demo:Enabled"] = "true";
            s["ByeByeRobots:Demo:SiteKey"] = ServiceHost.SiteKey;
            s["ByeByeRobots:Demo:Secret"] = ServiceHost.Secret;
        });
        var token = await host.Widget().PassAsync();

        var forged = await SubmitAsync(host, $"127.0.0.1:{attackerPort}", "v2.k1.forged");
        var genuine = await SubmitAsync(host, $"127.0.0.1:{attackerPort}", token);
        using var otherHost = await SendAsync(host, HttpMethod.Get, "/demo", "evil.example");

        attacker.Pending().Should().BeFalse("the demo backend calls the service it runs in, whatever the request's Host");
        forged.Should().Contain("Vérification refusée").And.Contain("invalid-input-response");
        genuine.Should().Contain("Demande reçue");
        otherHost.StatusCode.Should().Be(HttpStatusCode.BadRequest, "AllowedHosts names the hosts the service answers to");
    }

    [Fact]
    public async Task WidgetManifest_UsesTheConfiguredPublicUrl_AndIsCachedOnlyThen()
    {
        await using var configured = await ServiceHost.StartAsync(s => s["ByeByeRobots:PublicUrl"] = "https://robots.guichet.lu/");
        await using var unconfigured = await ServiceHost.StartAsync();

        using var fromForgedHost = await SendAsync(configured, HttpMethod.Get, "/v1/widget.json", "localhost:1");
        using var fromRequest = await unconfigured.CreateClient().GetAsync("/v1/widget.json");
        var manifest = JsonNode.Parse(await fromForgedHost.Content.ReadAsStringAsync())!;

        manifest["script"]!.GetValue<string>().Should().Be("https://robots.guichet.lu/v1/widget.js");
        manifest["pinnedScript"]!.GetValue<string>().Should().StartWith("https://robots.guichet.lu/v1/");
        fromForgedHost.Headers.CacheControl!.Public.Should().BeTrue();
        fromRequest.Headers.CacheControl!.NoStore.Should().BeTrue("a URL built from the request's Host must not be kept by a cache");
    }

    [Fact]
    public async Task EveryAnswer_CarriesNosniffAndReferrerPolicy_AndNoServerHeader_HeadIsAnswered()
    {
        await using var host = await ServiceHost.StartAsync();
        var http = host.CreateClient();

        using var health = await http.GetAsync("/healthz");
        using var script = await http.GetAsync("/v1/widget.js");
        using var notFound = await http.GetAsync("/nowhere");
        using var problem = await host.Widget().PostAsync("/v1/challenge", "{");
        using var siteverify = await http.PostAsync("/v1/siteverify", new StringContent("secret=x"));
        foreach (var response in new[] { health, script, notFound, problem, siteverify })
        {
            response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
            response.Headers.GetValues("Referrer-Policy").Should().Equal("no-referrer");
            response.Headers.Contains("Server").Should().BeFalse();
        }

        foreach (var path in new[] { "/healthz", "/readyz", "/v1/widget.js", "/v1/widget.json" })
        {
            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            head.StatusCode.Should().Be(HttpStatusCode.OK, path);
            (await head.Content.ReadAsByteArrayAsync()).Should().BeEmpty(path);
        }
    }

    [Fact]
    public async Task AProxyAddressThatIsNotOne_StopsTheStart_NamingTheKey()
    {
        var start = () => ServiceHost.StartAsync(s =>
        {
            s["ByeByeRobots:Proxy:KnownProxies:0"] = "10.0.0.0/8";
            s["ByeByeRobots:Proxy:KnownProxies:1"] = "10.0.0.300";
        });

        (await start.Should().ThrowAsync<Exception>()).Which.ToString().Should().Contain("ByeByeRobots:Proxy:KnownProxies:1 ('10.0.0.300')");
    }

    [Fact]
    public async Task ANetworkOfProxies_IsBelieved()
    {
        await using var host = await ServiceHost.StartAsync(s =>
        {
            s["ByeByeRobots:Proxy:KnownProxies:0"] = "127.0.0.0/8";
            s["ByeByeRobots:Challenge:MaxPerClient"] = "1";
        });

        using var first = await ChallengeFromAsync(host, "192.0.2.1");
        using var sameClient = await ChallengeFromAsync(host, "192.0.2.1");
        using var otherClient = await ChallengeFromAsync(host, "192.0.2.2");

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        sameClient.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        otherClient.StatusCode.Should().Be(HttpStatusCode.OK, "the forwarded address is the client");
    }

    [Fact]
    public async Task APropertyNameThatIsNotText_IsRequestInvalid_NeverA500()
    {
        await using var host = await ServiceHost.StartAsync();
        var widget = host.Widget();

        using var challenge = await widget.PostAsync("/v1/challenge", """{"sitekey":"site-a","\ud800a":0}""");
        using var verify = await widget.PostAsync("/v1/verify", """{"id":"AAAAAAAAAAAAAAAAAAAAAA","pow":[1],"signals":{"\udfff":1}}""");
        using var siteverify = await host.CreateClient().PostAsync("/v1/siteverify", new StringContent($$"""{"secret":"{{ServiceHost.Secret}}","\ud800a":0}""", Encoding.UTF8, "application/json"));

        await challenge.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "request-invalid");
        await verify.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "request-invalid");
        siteverify.StatusCode.Should().Be(HttpStatusCode.OK);
        BackendClient.ErrorCodes(JsonNode.Parse(await siteverify.Content.ReadAsStringAsync())!.AsObject()).Should().Equal("bad-request");
    }

    [Theory]
    [InlineData("raw UTF-8")]
    [InlineData("percent-encoded")]
    public async Task ALongUnicodeHostUnderAWildcard_IsRefusedBeforeAnythingIsStored_NeverA500(string spelling)
    {
        await using var host = await ServiceHost.StartAsync();
        var label = new string('é', 20);
        var longHost = string.Join('.', Enumerable.Repeat(label, 10)) + ".myguichet.lu";
        longHost.Length.Should().BeLessThanOrEqualTo(253);
        Encoding.UTF8.GetByteCount(longHost).Should().BeGreaterThan(255);
        var origin = "https://" + (spelling == "raw UTF-8" ? longHost : Uri.EscapeDataString(longHost).Replace("%2E", ".", StringComparison.Ordinal));

        var (status, body) = await RawPostAsync(host.BaseAddress, "/v1/challenge", origin, """{"sitekey":"site-a"}""");

        status.Should().BeOneOf([400, 403], body);
        if (status == 403)
        {
            body.Should().Contain("origin-not-allowed");
        }
    }

    [Fact]
    public async Task AnIdnHost_WorksInItsAsciiForm_AsBrowsersSendIt()
    {
        await using var host = await ServiceHost.StartAsync();
        var idn = host.Widget("https://xn--tape-bpa.myguichet.lu");

        var token = await idn.PassAsync();
        var (_, answer) = await host.Backend().SiteVerifyFormAsync(ServiceHost.Secret, token);
        var (unicodeStatus, unicodeBody) = await RawPostAsync(host.BaseAddress, "/v1/challenge", "https://étape.myguichet.lu", """{"sitekey":"site-a"}""");

        answer["hostname"]!.GetValue<string>().Should().Be("xn--tape-bpa.myguichet.lu", "étape.myguichet.lu, as browsers send it");
        unicodeStatus.Should().Be(403, "a browser sends the ASCII form; anything else is not a browser's origin: " + unicodeBody);
    }

    /// <summary>A request written byte by byte, as a script would: HttpClient refuses a header that is not ASCII.</summary>
    private static async Task<(int Status, string Body)> RawPostAsync(Uri service, string path, string origin, string body)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(service.Host, service.Port);
        var stream = client.GetStream();
        var content = Encoding.UTF8.GetBytes(body);
        var head = Encoding.UTF8.GetBytes($"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: {origin}\r\nContent-Type: application/json\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(head);
        await stream.WriteAsync(content);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync();
        var status = int.Parse(answer.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        return (status, answer);
    }

    private static async Task<string> SubmitAsync(ServiceHost host, string hostHeader, string token)
    {
        using var response = await SendAsync(host, HttpMethod.Post, "/demo/submit", hostHeader, new FormUrlEncodedContent([new("bbr-response", token)]));
        return await response.Content.ReadAsStringAsync();
    }

    private static Task<HttpResponseMessage> SendAsync(ServiceHost host, HttpMethod method, string path, string hostHeader, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Host = hostHeader;
        return host.CreateClient().SendAsync(request);
    }

    private static Task<HttpResponseMessage> ChallengeFromAsync(ServiceHost host, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/challenge") { Content = new StringContent("""{"sitekey":"site-a"}""", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Origin", ServiceHost.Origin);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        return host.CreateClient().SendAsync(request);
    }
}
