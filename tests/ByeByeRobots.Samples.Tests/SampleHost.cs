using ByeByeRobots.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ByeByeRobots.Samples.Tests;

/// <summary>
/// A sample application, unchanged, on Kestrel on a free loopback port, configured (as its
/// README says) with the service's address, a site key and its secret.
/// </summary>
public sealed class SampleHost<TSample> : WebApplicationFactory<TSample>
    where TSample : class
{
    private readonly ServiceHost _service;

    public SampleHost(ServiceHost service)
    {
        _service = service;
        UseKestrel();
        StartServer();
    }

    /// <summary>The sample's address as the browser opens it: <c>http://localhost:port</c>, another origin than the service's.</summary>
    public string Origin => $"http://localhost:{new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseShutdownTimeout(TimeSpan.FromSeconds(1));
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        builder.UseSetting("ByeByeRobots:ServiceUrl", _service.BaseAddress.ToString());
        builder.UseSetting("ByeByeRobots:SiteKey", ServiceHost.SiteKey);
        builder.UseSetting("ByeByeRobots:Secret", ServiceHost.Secret);
    }
}

public static class Samples
{
    public const int TestTimeout = 120_000;

    /// <summary>The service, with a site whose every solved challenge passes (headless Chromium declares automation).</summary>
    public static Task<ServiceHost> ServiceAsync(Action<Dictionary<string, string?>>? more = null) => ServiceHost.StartAsync(s =>
    {
        s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:PassScore"] = "0";
        s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:StepUpScore"] = "0";
        // Playwright's Chromium declares navigator.webdriver: a cheap step-up at the test site's cost, then a pass.
        s[$"ByeByeRobots:Sites:{ServiceHost.SiteKey}:OnAutomation"] = "step-up";
        more?.Invoke(s);
    });

    /// <summary>The repository's <c>samples</c> directory.</summary>
    public static string Directory => Path.Combine(Repository.Root, "samples");
}
