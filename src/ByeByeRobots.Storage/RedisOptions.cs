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

    /// <summary>Most entries the in-memory store holds; past it, writes answer 503 rather than exhaust memory.</summary>
    [Range(1_000, 100_000_000)]
    public int InMemoryCapacity { get; set; } = 200_000;

    public bool UsesRedis => !string.IsNullOrWhiteSpace(Configuration);
}
