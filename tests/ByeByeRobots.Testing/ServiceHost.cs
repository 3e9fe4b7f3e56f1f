using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ByeByeRobots.Testing;

/// <summary>
/// The real service on Kestrel, on a free loopback port, against the shared real Redis with
/// a key prefix of its own. One per test. Sites and settings are the test's.
/// </summary>
public sealed class ServiceHost : WebApplicationFactory<Program>
{
    public const string Origin = "https://guichet.example.lu";
    public const string SiteKey = "site-a";
    public const string Secret = "site-a-secret-0123456789abcdef-0123456789";
    public const string OtherSiteKey = "site-b";
    public const string OtherSecret = "site-b-secret-0123456789abcdef-0123456789";

    private readonly Dictionary<string, string?> _settings;
    private readonly string? _jsonFile;
    private readonly string _environment;
    private readonly Lazy<HttpClient> _client;

    private ServiceHost(Dictionary<string, string?> settings, string? jsonFile, FakeTimeProvider? time, string environment)
    {
        _settings = settings;
        _jsonFile = jsonFile;
        _environment = environment;
        Time = time;
        _client = new Lazy<HttpClient>(() => CreateClient());

        // The address comes from the host settings, not UseKestrel(port): that overload rewrites
        // the server addresses after the deferred host is built, racing the app's own Run().
        UseKestrel();
    }

    public FakeTimeProvider? Time { get; }

    /// <summary>One client for the whole test, for floods and loads (its connections are reused).</summary>
    public HttpClient HttpClient => _client.Value;

    /// <summary>Where the service listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>
    /// The settings every test starts from: two sites, a token key, Redis, low proof-of-work cost,
    /// and the transparent rule-based scorer, whose scores the protocol tests know in advance
    /// (0.75, 0.3, 0); the model's serving is tested with <c>ByeByeRobots:Scoring:Scorer</c> = <c>model</c>.
    /// </summary>
    public static Dictionary<string, string?> DefaultSettings(string redisConfiguration) => new()
    {
        [ByeByeRobots.Scoring.ScoringServiceCollectionExtensions.ScorerKey] = "rules",
        ["ByeByeRobots:Redis:Configuration"] = redisConfiguration,
        ["ByeByeRobots:Redis:KeyPrefix"] = $"test-{Guid.NewGuid():N}:",
        ["ByeByeRobots:Token:SigningKeys:k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["ByeByeRobots:Token:ActiveKeyId"] = "k1",
        ["ByeByeRobots:RateLimiting:PermitsPerMinute"] = "0",
        [$"ByeByeRobots:Sites:{SiteKey}:Secret"] = Secret,
        [$"ByeByeRobots:Sites:{SiteKey}:Hostnames:0"] = "guichet.example.lu",
        [$"ByeByeRobots:Sites:{SiteKey}:Hostnames:1"] = "*.myguichet.lu",
        [$"ByeByeRobots:Sites:{SiteKey}:Hostnames:2"] = "127.0.0.1",
        [$"ByeByeRobots:Sites:{SiteKey}:Hostnames:3"] = "localhost",
        [$"ByeByeRobots:Sites:{SiteKey}:Pow:Difficulty"] = "4",
        [$"ByeByeRobots:Sites:{SiteKey}:Pow:StepUpDifficulty"] = "6",
        [$"ByeByeRobots:Sites:{SiteKey}:Pow:Puzzles"] = "4",
        [$"ByeByeRobots:Sites:{OtherSiteKey}:Secret"] = OtherSecret,
        [$"ByeByeRobots:Sites:{OtherSiteKey}:Hostnames:0"] = "other.example.lu",
        [$"ByeByeRobots:Sites:{OtherSiteKey}:Pow:Difficulty"] = "4",
        [$"ByeByeRobots:Sites:{OtherSiteKey}:Pow:Puzzles"] = "2",
    };

    /// <summary>
    /// Starts a service; <paramref name="configure"/> edits the default settings first. Like an
    /// orchestrator, waits for <c>/readyz</c> before the test sends anything (up to 30 s: on a loaded
    /// machine the first Redis connection can outlast its start), unless <paramref name="waitReady"/>
    /// is false (a test of what happens before).
    /// </summary>
    public static async Task<ServiceHost> StartAsync(
        Action<Dictionary<string, string?>>? configure = null,
        bool fakeTime = false,
        string? jsonFile = null,
        string? redisConfiguration = null,
        string environment = "Testing",
        bool waitReady = true)
    {
        var settings = DefaultSettings(redisConfiguration ?? (await RedisServer.Shared).Configuration);
        configure?.Invoke(settings);
        var host = new ServiceHost(settings, jsonFile, fakeTime ? new FakeTimeProvider(DateTimeOffset.UtcNow) : null, environment);
        host.StartServer();
        if (waitReady)
        {
            await host.WaitReadyAsync(TimeSpan.FromSeconds(30));
        }

        return host;
    }

    /// <summary>Polls <c>/readyz</c> until 200; the time it took, or a TimeoutException.</summary>
    public async Task<TimeSpan> WaitReadyAsync(TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using (var ready = await HttpClient.GetAsync("/readyz"))
            {
                if (ready.StatusCode == System.Net.HttpStatusCode.OK)
                {
                    return clock.Elapsed;
                }
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"The service was not ready within {limit.TotalSeconds} s.");
            }

            await Task.Delay(50);
        }
    }

    public WidgetClient Widget(string origin = Origin) => new(CreateClient(), origin);

    public BackendClient Backend() => new(CreateClient());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);

        // A browser keeps connections alive; a test's host must not wait 30 s for them to drain.
        builder.UseShutdownTimeout(TimeSpan.FromSeconds(1));
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");

        // Settings read while the service is being built (ByeByeRobots:Telemetry, ByeByeRobots:SettingsFile)
        // arrive too late here: tests of them start a ServiceProcess, as a deployment does.
        builder.ConfigureAppConfiguration((_, configuration) =>
        {
            configuration.AddInMemoryCollection(_settings);
            if (_jsonFile is not null)
            {
                configuration.AddJsonFile(_jsonFile, optional: false, reloadOnChange: true);
            }
        });
        if (Time is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Time));
        }
    }
}
