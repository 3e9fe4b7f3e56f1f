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
    /// Call <see cref="StartByeByeRobotsStore"/> before the service listens.
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
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<RedisOptions>();
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            var logger = loggers.CreateLogger("ByeByeRobots.Storage");
            if (options.UsesRedis)
            {
                LogUsingRedis(logger, options.KeyPrefix);
                var connection = sp.GetRequiredService<IConnectionMultiplexer>();
                var guard = new RedisPolicyGuard(connection, loggers.CreateLogger<RedisPolicyGuard>());
                return StoreBackends.OnRedis(new RedisBackend(connection, options, guard), options, guard);
            }

            LogUsingMemory(logger);
            return StoreBackends.InMemory(sp.GetRequiredService<TimeProvider>(), options);
        });
        services.AddSingleton<IStoreOccupancy>(sp => sp.GetRequiredService<StoreBackends>());
        services.AddSingleton<IStoreEpoch>(sp => sp.GetRequiredService<StoreBackends>().Epoch);
        services.AddSingleton<IChallengeStore>(sp => new ChallengeStore(sp.GetRequiredService<StoreBackends>().Challenges, sp.GetRequiredService<RedisOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITokenRedemptionStore>(sp =>
        {
            var backends = sp.GetRequiredService<StoreBackends>();
            return new TokenRedemptionStore(backends.Tokens, sp.GetRequiredService<RedisOptions>(), backends.Epoch);
        });
        services.AddSingleton<IVerdictCountStore>(sp => new VerdictCountStore(sp.GetRequiredService<StoreBackends>().Challenges, sp.GetRequiredService<RedisOptions>()));
        services.AddSingleton<ITrajectoryStore>(sp => new TrajectoryStore(sp.GetRequiredService<StoreBackends>().Trajectories, sp.GetRequiredService<RedisOptions>()));
        services.AddSingleton<StoreMetrics>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", HealthStatus.Unhealthy, ["ready"]);
        return services;
    }

    /// <summary>
    /// Connects to Redis (bounded by <c>ConnectTimeout</c>) before the service listens, reads the
    /// store's epoch and checks that Redis cannot evict our keys. With <paramref name="refuseUnsafeRedis"/>
    /// (Production) an eviction policy stops the start; elsewhere it is a loud warning. Both checks run
    /// again whenever the connection comes back.
    /// </summary>
    public static void StartByeByeRobotsStore(this IServiceProvider services, bool refuseUnsafeRedis)
    {
        var backends = services.GetRequiredService<StoreBackends>();
        _ = services.GetRequiredService<StoreMetrics>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("ByeByeRobots.Storage");
        if (backends.Guard is not { } guard)
        {
            return;
        }

        guard.Refuses = refuseUnsafeRedis;
        var connection = services.GetRequiredService<IConnectionMultiplexer>();
        if (!connection.IsConnected)
        {
            LogNotConnected(logger);
        }
        else
        {
            if (guard.CheckAsync().GetAwaiter().GetResult() is { } problem && refuseUnsafeRedis)
            {
                throw new InvalidOperationException(problem);
            }

            TryLoadEpoch(backends.Epoch, logger).GetAwaiter().GetResult();
        }

        // A connection lost may be a Redis restart or failover: the epoch is checked again, from the
        // moment of the loss, before anything is redeemed or issued on the connection that follows.
        connection.ConnectionFailed += (_, failure) =>
        {
            // On a cluster the epoch's key is on one master: another master lost, the epoch is replaced.
            if (connection.GetServers().Any(server => server.ServerType == ServerType.Cluster) && failure.ConnectionType == ConnectionType.Interactive && failure.EndPoint is { } endpoint && !IsReplica(connection, endpoint))
            {
                backends.Epoch.Distrust();
            }
            else
            {
                backends.Epoch.Unverify();
            }
        };
        connection.ConnectionRestored += (_, _) => _ = Task.Run(async () =>
        {
            // Redis may have restarted or failed over: nothing is redeemed or issued before the epoch's server is checked.
            backends.Epoch.Unverify();
            await guard.CheckAsync();
            await TryLoadEpoch(backends.Epoch, logger);
        });
    }

    private static bool IsReplica(IConnectionMultiplexer connection, System.Net.EndPoint endpoint)
    {
        try
        {
            return connection.GetServer(endpoint).IsReplica;
        }
        catch (ArgumentException)
        {
            // Not a server of this multiplexer's: treated as a master, the safe side.
            return false;
        }
    }

    private static async Task TryLoadEpoch(StoreEpoch epoch, ILogger logger)
    {
        try
        {
            var loaded = await epoch.LoadAsync(CancellationToken.None);
            LogEpoch(logger, loaded);
        }
        catch (StoreUnavailableException exception)
        {
            LogEpochUnread(logger, exception.Message);
        }
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

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Redis is not reachable at start: the service starts, answers 503 store-unavailable and /readyz 503 until it connects.")]
    private static partial void LogNotConnected(ILogger logger);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Store epoch {Epoch}: tokens of another epoch are refused.")]
    private static partial void LogEpoch(ILogger logger, uint epoch);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Could not read the store epoch: {Error}")]
    private static partial void LogEpochUnread(ILogger logger, string error);
}
