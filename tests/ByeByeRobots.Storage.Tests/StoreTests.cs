using ByeByeRobots.Core.Challenges;
using ByeByeRobots.Core.Storage;
using ByeByeRobots.Core.Verification;
using ByeByeRobots.Testing;
using StackExchange.Redis;

namespace ByeByeRobots.Storage.Tests;

public class StoreTests
{
    private static uint _epoch;

    private static async Task<(ChallengeStore Challenges, TokenRedemptionStore Redemptions)> RedisStoresAsync()
    {
        var redis = await RedisServer.Shared;
        // A generous operation timeout: these tests are about behaviour, not timing (a CI run's
        // first command on a cold two-core machine once took longer than the default second).
        var options = new RedisOptions { Configuration = redis.Configuration, KeyPrefix = $"test-{Guid.NewGuid():N}:", OperationTimeout = TimeSpan.FromSeconds(10) };
        var backend = new RedisBackend(await ConnectionMultiplexer.ConnectAsync(RedisBackend.CreateConfiguration(options)), options);
        var epoch = StoreEpoch.InRedis(backend, options);
        _epoch = await epoch.LoadAsync(default);
        return (new ChallengeStore(backend, options, TimeProvider.System), new TokenRedemptionStore(backend, options, epoch));
    }

    [Fact]
    public async Task Challenge_SavedThenTaken_RoundTripsOnce()
    {
        var (store, _) = await RedisStoresAsync();
        var challenge = new Challenge("AAAAAAAAAAAAAAAAAAAAAA", "site", "login", "guichet.example.lu", [1, 2, 3], PowAlgorithm.Pbkdf2Sha256Lzb, 10, 200, 8, 10, DateTimeOffset.UtcNow.AddMinutes(2), 0.3, default(ReasonSet).With(ReasonCode.NoInteraction), StepUps: 1);

        await store.SaveAsync(challenge, default);

        var taken = await store.TakeAsync(challenge.Id, default);
        taken.Should().BeEquivalentTo(challenge);
        taken!.IsStepUp.Should().BeTrue();
        (await store.TakeAsync(challenge.Id, default)).Should().BeNull();
    }

    [Fact]
    public async Task Redemption_SecondCall_IsADuplicate()
    {
        var (_, store) = await RedisStoresAsync();

        (await store.RedeemAsync("t1", _epoch, null, "first", TimeSpan.FromMinutes(1), default)).Should().Be(new Redemption(true, null));
        (await store.RedeemAsync("t1", _epoch, null, "second", TimeSpan.FromMinutes(1), default)).Should().Be(new Redemption(false, null));
    }

    [Fact]
    public async Task Redemption_RetryWithTheSameIdempotencyKey_ReplaysTheFirstAnswer()
    {
        var (_, store) = await RedisStoresAsync();
        await store.RedeemAsync("t1", _epoch, "key-1", "first answer", TimeSpan.FromMinutes(1), default);

        (await store.RedeemAsync("t1", _epoch, "key-1", "other", TimeSpan.FromMinutes(1), default)).Should().Be(new Redemption(false, "first answer"));
        (await store.RedeemAsync("t1", _epoch, "key-2", "other", TimeSpan.FromMinutes(1), default)).Should().Be(new Redemption(false, null));
        (await store.RedeemAsync("t1", _epoch, null, "other", TimeSpan.FromMinutes(1), default)).Should().Be(new Redemption(false, null));
    }

    [Fact]
    public async Task RedisStopped_OperationsFailFastAsStoreUnavailable_ThenRecover()
    {
        await using var redis = await RedisServer.StartAsync();
        var options = new RedisOptions { Configuration = redis.Configuration, OperationTimeout = TimeSpan.FromMilliseconds(500) };
        using var connection = await ConnectionMultiplexer.ConnectAsync(RedisBackend.CreateConfiguration(options));
        var backend = new RedisBackend(connection, options);
        await backend.PingAsync(default);

        await redis.StopAsync();
        var started = DateTime.UtcNow;
        var calls = Enumerable.Range(0, 20).Select(_ => backend.SetAsync("k", [1], TimeSpan.FromMinutes(1), default)).ToArray();
        foreach (var call in calls)
        {
            await call.Invoking(c => c).Should().ThrowAsync<StoreUnavailableException>();
        }

        (DateTime.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(10), "no call waits longer than the operation timeout, give or take a busy machine");

        await redis.RestartAsync();
        var recovered = false;
        for (var attempt = 0; attempt < 100 && !recovered; attempt++)
        {
            try
            {
                await backend.PingAsync(default);
                recovered = true;
            }
            catch (StoreUnavailableException)
            {
                await Task.Delay(200);
            }
        }

        recovered.Should().BeTrue("the multiplexer reconnects by itself");
    }
}
