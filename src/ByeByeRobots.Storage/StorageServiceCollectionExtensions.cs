using ByeByeRobots.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ByeByeRobots.Storage;

public static partial class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the challenge and redemption stores on Redis when
    /// <c>ByeByeRobots:Redis:Configuration</c> is set, else on the embedded in-memory store.
    /// </summary>
    public static IServiceCollection AddByeByeRobotsStore(this IServiceCollection services)
    {
        services.AddOptions<RedisOptions>()
            .BindConfiguration(RedisOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RedisOptions>>().Value);
        services.TryAddTimeProvider();
        services.AddSingleton<IConnectionMultiplexer>(sp =>
            ConnectionMultiplexer.Connect(RedisBackend.CreateConfiguration(sp.GetRequiredService<RedisOptions>())));
        services.AddSingleton<IKeyValueBackend>(sp =>
        {
            var options = sp.GetRequiredService<RedisOptions>();
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("ByeByeRobots.Storage");
            if (options.UsesRedis)
            {
                LogUsingRedis(logger, options.KeyPrefix);
                return new RedisBackend(sp.GetRequiredService<IConnectionMultiplexer>(), options);
            }

            LogUsingMemory(logger);
            return new InMemoryBackend(sp.GetRequiredService<TimeProvider>(), options.InMemoryCapacity);
        });
        services.AddSingleton<IChallengeStore, ChallengeStore>();
        services.AddSingleton<ITokenRedemptionStore, TokenRedemptionStore>();
        services.AddSingleton<IVerdictCountStore, VerdictCountStore>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", HealthStatus.Unhealthy, ["ready"]);
        return services;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Store: Redis, key prefix '{KeyPrefix}'.")]
    private static partial void LogUsingRedis(ILogger logger, string keyPrefix);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Store: embedded in-memory store (ByeByeRobots:Redis:Configuration is empty). Use it for ONE instance only: challenges and used tokens are not shared between instances and are lost on restart.")]
    private static partial void LogUsingMemory(ILogger logger);
}
