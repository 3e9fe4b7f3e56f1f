using ByeByeRobots.Core.Storage;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using StackExchange.Redis;

namespace ByeByeRobots.Storage;

/// <summary>
/// Redis through one shared multiplexer. Commands fail fast while the connection is down
/// (no backlog, so no request piles up behind a dead server), every call is bounded by the
/// operation timeout, and only idempotent reads are retried. The multiplexer reconnects by
/// itself when Redis comes back.
/// </summary>
internal sealed class RedisBackend : IKeyValueBackend
{
    private readonly IConnectionMultiplexer _connection;
    private readonly ResiliencePipeline _writes;
    private readonly ResiliencePipeline _reads;
    private readonly RedisPolicyGuard? _guard;

    private const string ReplaceIfEqualScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 end return 0";

    public RedisBackend(IConnectionMultiplexer connection, RedisOptions options, RedisPolicyGuard? guard = null)
    {
        _connection = connection;
        _guard = guard;
        _writes = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(Breaker())
            .AddTimeout(options.OperationTimeout)
            .Build();
        _reads = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(Breaker())
            .AddTimeout(options.OperationTimeout)
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(25),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<RedisConnectionException>().Handle<RedisTimeoutException>(),
            })
            .Build();
    }

    /// <summary>
    /// A Redis that stops answering without closing its connections (frozen, a network partition)
    /// makes every command wait the whole operation timeout: after half the commands of two
    /// seconds (ten at least) failed so, the next half second fails at once, then one command
    /// tries again. A dead Redis already fails fast; this spares a frozen one a pile of waits.
    /// </summary>
    private static CircuitBreakerStrategyOptions Breaker() => new()
    {
        FailureRatio = 0.5,
        MinimumThroughput = 10,
        SamplingDuration = TimeSpan.FromSeconds(2),
        BreakDuration = TimeSpan.FromMilliseconds(500),
        ShouldHandle = new PredicateBuilder().Handle<RedisConnectionException>().Handle<RedisTimeoutException>().Handle<TimeoutRejectedException>(),
    };

    public static ConfigurationOptions CreateConfiguration(RedisOptions options)
    {
        var configuration = ConfigurationOptions.Parse(options.Configuration);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.AsyncTimeout = (int)options.OperationTimeout.TotalMilliseconds;
        configuration.SyncTimeout = (int)options.OperationTimeout.TotalMilliseconds;
        configuration.ReconnectRetryPolicy = new ExponentialRetry(250, 5_000);

        // The first connection is made before the service listens; a Redis that is up answers in
        // milliseconds, and one that is not must not hold the start (readiness says so instead).
        configuration.ConnectTimeout = (int)options.ConnectTimeout.TotalMilliseconds;
        configuration.ConnectRetry = 1;
        configuration.ClientName ??= "byebyerobots";

        // For INFO only (RedisPolicyGuard reads maxmemory-policy); the service sends no other admin command.
        configuration.AllowAdmin = true;
        return configuration;
    }

    public Task SetAsync(string key, byte[] value, TimeSpan ttl, CancellationToken cancellationToken) =>
        Run(_writes, db => db.StringSetAsync(key, value, ttl), cancellationToken);

    public Task<byte[]?> GetDeleteAsync(string key, CancellationToken cancellationToken) =>
        Run(_writes, async db => (byte[]?)await db.StringGetDeleteAsync(key), cancellationToken);

    public Task<bool> SetIfAbsentAsync(string key, byte[] value, TimeSpan? ttl, CancellationToken cancellationToken) =>
        Run(_writes, db => db.StringSetAsync(key, value, ttl, When.NotExists), cancellationToken);

    public Task<bool> ReplaceIfEqualAsync(string key, byte[] expected, byte[] value, CancellationToken cancellationToken) =>
        Run(_writes, async db => (int)await db.ScriptEvaluateAsync(ReplaceIfEqualScript, [key], [expected, value]) == 1, cancellationToken);

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
        Run(_reads, async db => (byte[]?)await db.StringGetAsync(key), cancellationToken);

    public Task IncrementAsync(string key, TimeSpan ttl, CancellationToken cancellationToken) =>
        Run(_writes, async db =>
        {
            // Two commands, not a transaction: a counter that missed its TTL once gets it on the next count.
            var increment = db.StringIncrementAsync(key);
            var expire = db.KeyExpireAsync(key, ttl);
            await Task.WhenAll(increment, expire);
            return true;
        }, cancellationToken);

    public Task<long[]> GetCountersAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        Run(_reads, async db =>
        {
            var reads = new Task<RedisValue>[keys.Count];
            for (var i = 0; i < reads.Length; i++)
            {
                reads[i] = db.StringGetAsync(keys[i]);
            }

            var values = await Task.WhenAll(reads);
            return Array.ConvertAll(values, v => v.TryParse(out long count) ? count : 0);
        }, cancellationToken);

    /// <summary>The <c>run_id</c> of the server that holds <paramref name="key"/> (another after a restart or a failover), or null when unreadable.</summary>
    public async Task<string?> ServerIdAsync(string key)
    {
        try
        {
            var endpoint = await _connection.GetDatabase().IdentifyEndpointAsync(key);
            var server = endpoint is null ? null : _connection.GetServer(endpoint);
            if (server is null || !server.IsConnected)
            {
                return null;
            }

            var info = await server.InfoAsync("server").WaitAsync(TimeSpan.FromSeconds(2));
            return info.SelectMany(group => group).FirstOrDefault(pair => pair.Key == "run_id").Value;
        }
        catch (Exception exception) when (exception is RedisException or RedisCommandException or TimeoutException)
        {
            return null;
        }
    }

    public Task PingAsync(CancellationToken cancellationToken) =>
        Run(_reads, db => db.PingAsync(), cancellationToken);

    private async Task<T> Run<T>(ResiliencePipeline pipeline, Func<IDatabase, Task<T>> command, CancellationToken cancellationToken)
    {
        if (_guard is { Blocks: true })
        {
            // Production, and Redis may evict keys (or it was not checked yet): fail closed.
            _guard.CheckIfDue();
            throw new StoreUnavailableException(_guard.Problem ?? "Redis's maxmemory-policy has not been checked yet.");
        }

        try
        {
            return await pipeline.ExecuteAsync(
                static async (state, token) => await state.command(state.db).WaitAsync(token),
                (command, db: _connection.GetDatabase()),
                cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutRejectedException or TimeoutException or BrokenCircuitException)
        {
            throw new StoreUnavailableException("Redis did not answer in time.", exception);
        }
    }
}
