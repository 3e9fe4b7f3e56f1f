using ByeByeRobots.Testing;

namespace ByeByeRobots.Samples.Tests;

/// <summary>
/// The static-html sample: the plain page and its PHP backend under <c>php -S</c> (as its README
/// runs it), the curl check, and the Java check, against the real service.
/// </summary>
public sealed class StaticHtmlSampleTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "bbr-static-" + Guid.NewGuid().ToString("N"));

    private static string SampleDirectory => Path.Combine(Samples.Directory, "static-html");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>A copy of the sample pointed at the test's service, as a developer would edit it.</summary>
    private void CopyFor(ServiceHost service)
    {
        Directory.CreateDirectory(_root);
        foreach (var file in Directory.GetFiles(SampleDirectory))
        {
            var text = File.ReadAllText(file)
                .Replace("http://localhost:5180", service.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal)
                .Replace("demo-site-key", ServiceHost.SiteKey, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(_root, Path.GetFileName(file)), text);
        }
    }

    private static Dictionary<string, string> Environment(ServiceHost service) => new()
    {
        ["BBR_SERVICE_URL"] = service.BaseAddress.ToString(),
        ["BBR_SECRET"] = ServiceHost.Secret,
    };

    [Fact(Timeout = Samples.TestTimeout)]
    public async Task ThePageAndItsPhpBackend_AcceptTheWidgetsToken_AndRefuseAForgedOne()
    {
        await using var service = await Samples.ServiceAsync();
        CopyFor(service);
        await using var php = await PhpServer.StartAsync(_root, Environment(service));
        var page = await Browser.NewPageAsync();
        await using var closing = Browser.Closing(page);

        await page.GotoAsync($"http://localhost:{php.Port}/index.html");
        await page.FillAsync("#nom", "Anne Schmit");
        await page.FillAsync("#jour", "2026-12-01");
        await Browser.WaitForEventAsync(page, "ready");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#result");
        var accepted = await page.TextContentAsync("#result");

        await page.GotoAsync($"http://localhost:{php.Port}/index.html");
        await page.FillAsync("#nom", "Robot");
        await page.FillAsync("#jour", "2026-12-01");
        await page.EvaluateAsync("() => window.byebyerobots.execute('0')");
        await page.EvaluateAsync("() => document.querySelector('input[name=bbr-response]').value = 'forged-token'");
        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"), r => r.Request.Method == "POST" && r.Url.EndsWith("/submit.php", StringComparison.Ordinal));

        accepted.Should().Be("Demande reçue", await Browser.EventsAsync(page));
        refused.Status.Should().Be(403);
        (await refused.TextAsync()).Should().Contain("Demande refusée");
    }

    [Fact]
    public async Task TheCurlCheck_AcceptsAGoodTokenOnce()
    {
        await using var service = await Samples.ServiceAsync();
        var token = await service.Widget().PassAsync(action: "rendez-vous");

        var first = await ExternalProcess.RunAsync("bash", $"verify.sh {token} 192.0.2.7", SampleDirectory, Environment(service));
        var second = await ExternalProcess.RunAsync("bash", $"verify.sh {token}", SampleDirectory, Environment(service));
        var forged = await ExternalProcess.RunAsync("bash", "verify.sh forged-token", SampleDirectory, Environment(service));

        first.ExitCode.Should().Be(0, first.Output);
        first.Output.Should().Contain("\"success\":true").And.Contain("\"action\":\"rendez-vous\"");
        second.ExitCode.Should().Be(1);
        second.Output.Should().Contain("timeout-or-duplicate");
        forged.ExitCode.Should().Be(1);
        forged.Output.Should().Contain("invalid-input-response");
    }

    [Fact]
    public async Task TheJavaCheck_AcceptsAGoodTokenForItsAction_Once()
    {
        await using var service = await Samples.ServiceAsync();
        var token = await service.Widget().PassAsync(action: "rendez-vous");
        var other = await service.Widget().PassAsync(action: "newsletter");
        var backends = Path.Combine(SampleDirectory, "backends");

        var accepted = await ExternalProcess.RunAsync("java", $"Verify.java {token} rendez-vous", backends, Environment(service));
        var reused = await ExternalProcess.RunAsync("java", $"Verify.java {token} rendez-vous", backends, Environment(service));
        var wrongAction = await ExternalProcess.RunAsync("java", $"Verify.java {other} rendez-vous", backends, Environment(service));

        (accepted.ExitCode, accepted.Output.Trim()).Should().Be((0, "accepted"));
        (reused.ExitCode, reused.Output.Trim()).Should().Be((1, "refused"));
        (wrongAction.ExitCode, wrongAction.Output.Trim()).Should().Be((1, "refused"));
    }
}
