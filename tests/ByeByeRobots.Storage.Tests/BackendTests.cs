using ByeByeRobots.Core.Challenges;
using ByeByeRobots.Core.Storage;
using ByeByeRobots.Testing;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace ByeByeRobots.Storage.Tests;

/// <summary>The Redis and in-memory backends behave the same: each test runs on both.</summary>
public class BackendTests
{
    public static TheoryData<string> Backends => new() { "memory", "redis" };

    private static async Task<(IKeyValueBackend Backend, RedisOptions Options, FakeTimeProvider Time)> CreateAsync(string kind)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // A generous operation timeout: these tests are about behaviour, and a test run starts
        // several assemblies at once on two cores (a 1 s timeout once expired on a cold start).
        var options = new RedisOptions { KeyPrefix = $"test-{Guid.NewGuid():N}:", OperationTimeout = TimeSpan.FromSeconds(10) };
        if (kind == "memory")
        {
            return (new InMemoryBackend(time, 10_000), options, time);
        }

        var redis = await RedisServer.Shared;
        options.Configuration = redis.Configuration;
        var connection = await ConnectionMultiplexer.ConnectAsync(RedisBackend.CreateConfiguration(options));
        return (new RedisBackend(connection, options), options, time);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task GetDelete_ReturnsTheValueOnce(string kind)
    {
        var (backend, options, _) = await CreateAsync(kind);
        var key = options.KeyPrefix + "k";
        await backend.SetAsync(key, [1, 2, 3], TimeSpan.FromMinutes(1), default);

        (await backend.GetDeleteAsync(key, default)).Should().Equal(1, 2, 3);
        (await backend.GetDeleteAsync(key, default)).Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task GetDelete_FiftyConcurrentTakes_ExactlyOneGetsTheValue(string kind)
    {
        var (backend, options, _) = await CreateAsync(kind);
        var key = options.KeyPrefix + "k";
        await backend.SetAsync(key, [42], TimeSpan.FromMinutes(1), default);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => backend.GetDeleteAsync(key, default))));

        results.Count(r => r is not null).Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task SetIfAbsent_FiftyConcurrentCalls_ExactlyOneWins(string kind)
    {
        var (backend, options, _) = await CreateAsync(kind);
        var key = options.KeyPrefix + "k";

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => backend.SetIfAbsentAsync(key, [(byte)i], TimeSpan.FromMinutes(1), default))));

        results.Count(r => r).Should().Be(1);
        (await backend.GetAsync(key, default)).Should().ContainSingle();
    }

    [Fact]
    public async Task InMemory_ExpiredEntries_AreGoneAndCanBeSetAgain()
    {
        var (backend, options, time) = await CreateAsync("memory");
        var key = options.KeyPrefix + "k";
        await backend.SetIfAbsentAsync(key, [1], TimeSpan.FromSeconds(10), default);
        time.Advance(TimeSpan.FromSeconds(11));

        (await backend.GetAsync(key, default)).Should().BeNull();
        (await backend.SetIfAbsentAsync(key, [2], TimeSpan.FromSeconds(10), default)).Should().BeTrue();
    }

    [Fact]
    public async Task Redis_EveryKeyHasATtl()
    {
        var (backend, options, _) = await CreateAsync("redis");
        await backend.SetAsync(options.KeyPrefix + "a", [1], TimeSpan.FromSeconds(30), default);
        await backend.SetIfAbsentAsync(options.KeyPrefix + "b", [1], TimeSpan.FromSeconds(30), default);
        var redis = await RedisServer.Shared;
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);

        foreach (var key in new[] { "a", "b" })
        {
            var ttl = await connection.GetDatabase().KeyTimeToLiveAsync(options.KeyPrefix + key);
            ttl.Should().NotBeNull().And.BeGreaterThan(TimeSpan.FromSeconds(20));
        }
    }

    [Fact]
    public async Task InMemory_Full_AnswersStoreUnavailableInsteadOfGrowing()
    {
        var backend = new InMemoryBackend(TimeProvider.System, capacity: 10);
        for (var i = 0; i < 9; i++)
        {
            await backend.SetAsync($"k{i}", [1], TimeSpan.FromMinutes(1), default);
        }

        await backend.SetAsync("k9", [1], TimeSpan.FromMinutes(1), default);
        var overflow = () => backend.SetAsync("k10", [1], TimeSpan.FromMinutes(1), default);

        await overflow.Should().ThrowAsync<StoreUnavailableException>();
    }

    [Fact]
    public async Task InMemory_TokenPoolFull_RefusesNewTokens_AndNeverForgetsAUsedOne()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new RedisOptions { InMemoryCapacity = 1000, InMemoryTokenCapacity = 1000 };
        var backends = StoreBackends.InMemory(time, options);
        var tokens = new TokenRedemptionStore(backends.Tokens, options, backends.Epoch);
        var challenges = new ChallengeStore(backends.Challenges, options, time);
        var epoch = await backends.Epoch.CurrentAsync(default);
        for (var i = 0; i < 1000; i++)
        {
            (await tokens.RedeemAsync($"t{i}", epoch, null, "ok", TimeSpan.FromMinutes(5), default)).IsFirst.Should().BeTrue();
        }

        // Challenges fill their own pool: they push no token record out.
        for (var i = 0; i < 1000; i++)
        {
            await challenges.SaveAsync(new Challenge($"c{i:D20}", "site", "login", "guichet.example.lu", [1], PowAlgorithm.Sha256Lzb, 1, 0, 1, 1, time.GetUtcNow().AddMinutes(2), 1, default), default);
        }

        backends.CanIssueTokens.Should().BeFalse("no room to record the next token's use");
        var another = () => tokens.RedeemAsync("t-new", epoch, null, "ok", TimeSpan.FromMinutes(5), default);
        await another.Should().ThrowAsync<StoreUnavailableException>();
        (await tokens.RedeemAsync("t0", epoch, null, "again", TimeSpan.FromMinutes(5), default)).IsFirst.Should().BeFalse("a used token stays used");
        backends.Pools.Should().Equal(("challenges", 1000, 1000), ("tokens", 1000, 1000), ("trajectories", 0, 1000));

        time.Advance(TimeSpan.FromMinutes(7));
        backends.CanIssueTokens.Should().BeTrue("records go when their token could no longer be used anyway");
    }

    /// <summary>A Redis backend of its own key prefix on the shared server: two epochs on it are two instances.</summary>
    private static async Task<(ConnectionMultiplexer Connection, RedisBackend Backend, RedisOptions Options)> RedisAsync()
    {
        var redis = await RedisServer.Shared;
        var options = new RedisOptions { Configuration = redis.Configuration, KeyPrefix = $"test-{Guid.NewGuid():N}:", OperationTimeout = TimeSpan.FromSeconds(10) };
        var connection = await ConnectionMultiplexer.ConnectAsync(RedisBackend.CreateConfiguration(options));
        return (connection, new RedisBackend(connection, options), options);
    }

    [Fact]
    public async Task StoreEpoch_IsWrittenOnce_AndANewOneAfterTheStoreLosesIt()
    {
        var (connection, backend, options) = await RedisAsync();
        using var _ = connection;
        var first = StoreEpoch.InRedis(backend, options);
        var second = StoreEpoch.InRedis(backend, options);

        var epoch = await first.LoadAsync(default);
        (await second.LoadAsync(default)).Should().Be(epoch, "every instance reads the one epoch");
        (await connection.GetDatabase().KeyTimeToLiveAsync(options.KeyPrefix + "epoch")).Should().BeNull("the epoch never expires");

        await connection.GetDatabase().KeyDeleteAsync(options.KeyPrefix + "epoch");
        var tokens = new TokenRedemptionStore(backend, options, first);
        (await tokens.RedeemAsync("t1", epoch, null, "ok", TimeSpan.FromMinutes(1), default)).Should().Be(new Redemption(false, null, OtherEpoch: true));
        (await first.CurrentAsync(default)).Should().NotBe(epoch);
        (await second.LoadAsync(default)).Should().Be(await first.CurrentAsync(default));
    }

    [Fact]
    public async Task StoreEpoch_Distrusted_IsReplacedOnce_AndEveryInstanceTakesTheNewOne()
    {
        var (connection, backend, options) = await RedisAsync();
        using var _ = connection;
        var first = StoreEpoch.InRedis(backend, options);
        var second = StoreEpoch.InRedis(backend, options);
        var epoch = await first.LoadAsync(default);
        await second.LoadAsync(default);

        // Both lost a master of the cluster; the first to load renews, the second takes its epoch.
        first.Distrust();
        second.Distrust();
        var renewed = await first.CurrentAsync(default);
        var seen = await second.CurrentAsync(default);

        renewed.Should().NotBe(epoch, "a token issued before the loss may have lost its record");
        seen.Should().Be(renewed, "one renewal for all instances, not one each");
        (await first.CurrentAsync(default)).Should().Be(renewed, "renewed once per loss, not at every call");
        var tokens = new TokenRedemptionStore(backend, options, first);
        (await tokens.RedeemAsync("t1", epoch, null, "ok", TimeSpan.FromMinutes(1), default)).Should().Be(new Redemption(false, null, OtherEpoch: true));
        (await tokens.RedeemAsync("t2", renewed, null, "ok", TimeSpan.FromMinutes(1), default)).IsFirst.Should().BeTrue();
    }

    /// <summary>A session's path as the widget records it: a random walk with momentum at 60 Hz.</summary>
    private static Core.Signals.PointerSample[] Path(int seed, int noise = 0)
    {
        var random = new Random(seed);
        var jitter = new Random(seed + 1000);
        double x = 400, y = 300, vx = 0, vy = 0;
        return [.. Enumerable.Range(0, 200).Select(i =>
        {
            (vx, vy) = ((0.9 * vx) + ((random.NextDouble() - 0.5) * 8), (0.9 * vy) + ((random.NextDouble() - 0.5) * 8));
            (x, y) = (x + vx, y + vy);
            return new Core.Signals.PointerSample(i * 16.7, (int)x + jitter.Next(-noise, noise + 1), (int)y + jitter.Next(-noise, noise + 1), 0);
        })];
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Trajectories_AReplayIsSeen_AnotherPathIsNot_AndEveryKeyExpiresWithTheWindow(string kind)
    {
        var (backend, options, time) = await CreateAsync(kind);
        var store = new TrajectoryStore(backend, options);
        var window = TimeSpan.FromMinutes(10);
        var sketch = Core.Verification.TrajectorySketch.Of(Path(1))!;

        (await store.SeenBeforeAsync("site-a", sketch, window, default)).Should().BeFalse();
        (await store.SeenBeforeAsync("site-a", Core.Verification.TrajectorySketch.Of(Path(1, noise: 1))!, window, default)).Should().BeTrue("the same path with a pixel of noise");
        (await store.SeenBeforeAsync("site-a", Core.Verification.TrajectorySketch.Of(Path(2))!, window, default)).Should().BeFalse("another path");
        (await store.SeenBeforeAsync("site-b", Core.Verification.TrajectorySketch.Of(Path(1))!, window, default)).Should().BeFalse("another site's sessions are its own");

        if (kind == "redis")
        {
            var server = (await ConnectionMultiplexer.ConnectAsync((await RedisServer.Shared).Configuration)).GetServers()[0];
            var keys = server.Keys(pattern: options.KeyPrefix + "tj:*").ToArray();
            keys.Length.Should().BeInRange(3 * Core.Verification.TrajectorySketch.Bands, 4 * Core.Verification.TrajectorySketch.Bands, "a key per band and path (a replay lands on some of its original's)");
            foreach (var key in keys)
            {
                var ttl = await server.Multiplexer.GetDatabase().KeyTimeToLiveAsync(key);
                ttl.Should().NotBeNull().And.BeGreaterThan(TimeSpan.FromMinutes(9)).And.BeLessThanOrEqualTo(window);
            }
        }
        else
        {
            time.Advance(window + TimeSpan.FromSeconds(1));
            (await store.SeenBeforeAsync("site-a", Core.Verification.TrajectorySketch.Of(Path(1, noise: 1))!, window, default)).Should().BeFalse("the window has passed");
        }
    }
}
