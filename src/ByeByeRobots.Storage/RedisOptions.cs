using System.ComponentModel.DataAnnotations;

namespace ByeByeRobots.Storage;

/// <summary>Bound from <c>ByeByeRobots:Redis</c>.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "ByeByeRobots:Redis";

    /// <summary>A StackExchange.Redis configuration string; empty: the embedded in-memory store (one instance only).</summary>
    public string Configuration { get; set; } = "";

    /// <summary>Prefix of every key, so several deployments can share one Redis.</summary>
    [RegularExpression("^[A-Za-z0-9_:.-]{0,64}$")]
    public string KeyPrefix { get; set; } = "bbr:";

    /// <summary>Longest a request waits for the store before answering 503 store-unavailable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the first connection attempt waits before the service starts without Redis (and
    /// <c>/readyz</c> says 503 until the connection comes up).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Most challenges the embedded store holds; past it, new challenges answer 503 rather than exhaust memory.</summary>
    [Range(1_000, 100_000_000)]
    public int InMemoryCapacity { get; set; } = 200_000;

    /// <summary>
    /// Most used-token records the embedded store holds, apart from challenges, which can never
    /// evict them; past it, no new token is issued or redeemed (503 and <c>internal-error</c>)
    /// rather than one being forgotten.
    /// </summary>
    [Range(1_000, 100_000_000)]
    public int InMemoryTokenCapacity { get; set; } = 200_000;

    public bool UsesRedis => !string.IsNullOrWhiteSpace(Configuration);
}
