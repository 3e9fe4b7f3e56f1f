using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ByeByeRobots.Testing;

namespace ByeByeRobots.Api.Tests.Widget;

public class WidgetAssetTests
{
    private static HttpClient RawClient(ServiceHost host) =>
        new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = host.BaseAddress };

    [Fact]
    public async Task EverythingAPageDownloads_IsAtMost10KBGzipped()
    {
        await using var host = await ServiceHost.StartAsync();
        using var http = RawClient(host);
        using var script = await GetAsync(http, "/v1/widget.js", "gzip");
        var text = await DecompressAsync(script);
        var names = System.Text.RegularExpressions.Regex.Matches(text, @"/v1/widget(-worker)?\.[0-9a-f]{12}\.(js|css)").Select(m => m.Value).Distinct().ToArray();
        var sizes = new List<long> { script.Content.Headers.ContentLength!.Value };
        foreach (var name in names)
        {
            using var asset = await GetAsync(http, name, "gzip");
            asset.StatusCode.Should().Be(HttpStatusCode.OK, name);
            sizes.Add(asset.Content.Headers.ContentLength!.Value);
        }

        names.Should().HaveCount(2, "the script names its worker and stylesheet");
        sizes.Sum().Should().BeLessThanOrEqualTo(10 * 1024, $"script + worker + stylesheet gzipped: {string.Join(" + ", sizes)} bytes");
    }

    /// <summary>
    /// The service serves the committed dist/; it must be what esbuild builds from Scripts/ and
    /// widget.css, so that an edit of a source without a rebuild fails here, not in a browser.
    /// </summary>
    [Fact]
    public void TheServedBundle_IsWhatEsbuildBuildsFromTheSources()
    {
        var widget = Path.Combine(Repository.Root, "src", "ByeByeRobots.Widget");
        var install = ProgramRun.Run("npm", ["ci", "--no-audit", "--no-fund", "--silent"], TimeSpan.FromMinutes(3), widget);
        install.Code.Should().Be(0, install.Output);

        var check = ProgramRun.Run("node", ["build.mjs", "--check"], TimeSpan.FromMinutes(1), widget);

        check.Code.Should().Be(0, check.Output);
    }

    [Fact]
    public async Task HashedAssets_AreImmutable_StableScriptRevalidates_WithETag()
    {
        await using var host = await ServiceHost.StartAsync();
        using var http = RawClient(host);
        var manifest = JsonNode.Parse(await http.GetStringAsync("/v1/widget.json"))!;
        var pinned = new Uri(manifest["pinnedScript"]!.GetValue<string>()).AbsolutePath;

        using var stable = await GetAsync(http, "/v1/widget.js", "br");
        using var immutable = await GetAsync(http, pinned, "br");
        using var revalidation = new HttpRequestMessage(HttpMethod.Get, "/v1/widget.js");
        revalidation.Headers.IfNoneMatch.Add(stable.Headers.ETag!);
        using var notModified = await http.SendAsync(revalidation);

        stable.Headers.CacheControl!.MaxAge.Should().Be(TimeSpan.FromMinutes(5));
        immutable.Headers.CacheControl!.MaxAge.Should().Be(TimeSpan.FromDays(365));
        immutable.Headers.CacheControl.ToString().Should().Contain("immutable");
        stable.Content.Headers.ContentEncoding.Should().Equal("br");
        stable.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("*");
        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task PublishedIntegrity_MatchesTheBytesServed()
    {
        await using var host = await ServiceHost.StartAsync();
        using var http = RawClient(host);
        var manifest = JsonNode.Parse(await http.GetStringAsync("/v1/widget.json"))!;

        using var script = await GetAsync(http, new Uri(manifest["pinnedScript"]!.GetValue<string>()).AbsolutePath, "identity");
        var bytes = await script.Content.ReadAsByteArrayAsync();

        manifest["integrity"]!.GetValue<string>().Should().Be("sha384-" + Convert.ToBase64String(SHA384.HashData(bytes)));
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.ParseAdd(encoding);
        return await http.SendAsync(request);
    }

    private static async Task<string> DecompressAsync(HttpResponseMessage response)
    {
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return await reader.ReadToEndAsync();
    }
}
