using System.Globalization;
using ByeByeRobots.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ByeByeRobots.Client.Tests;

/// <summary>Clients built the way a backend builds them: from configuration, through dependency injection.</summary>
public static class Clients
{
    /// <summary>Settings as a backend's appsettings.json holds them, with quick test back-offs.</summary>
    public static Dictionary<string, string?> Settings(Uri serviceUrl, string secret = ServiceHost.Secret) => new()
    {
        ["ByeByeRobots:ServiceUrl"] = serviceUrl.ToString(),
        ["ByeByeRobots:Secret"] = secret,
        ["ByeByeRobots:Resilience:RetryDelay"] = "00:00:00.050",
        ["ByeByeRobots:Resilience:AttemptTimeout"] = "00:00:05",
        ["ByeByeRobots:Resilience:TotalTimeout"] = "00:00:20",
    };

    public static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddByeByeRobotsClient(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static IByeByeRobotsClient Create(Uri serviceUrl, Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = Settings(serviceUrl);
        configure?.Invoke(settings);
        return Build(settings).GetRequiredService<IByeByeRobotsClient>();
    }

    public static string Seconds(double seconds) => TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture);
}
