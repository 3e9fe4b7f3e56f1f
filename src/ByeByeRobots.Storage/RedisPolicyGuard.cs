using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace ByeByeRobots.Storage;

/// <summary>
/// Checks that Redis never evicts a key: with <c>maxmemory</c> and any eviction policy, a flood
/// of challenges pushes out the records of used tokens, and used tokens are good again. Every
/// key of ours has a TTL, so the <c>volatile-*</c> policies evict them as readily as the
/// <c>allkeys-*</c> ones: only <c>noeviction</c> is safe (a full Redis then refuses writes, which
/// the service answers as 503, failing closed). Read with <c>INFO memory</c>, which managed
/// Redis services allow where they rename <c>CONFIG</c>; checked at start and on every reconnect.
/// </summary>
internal sealed partial class RedisPolicyGuard(IConnectionMultiplexer connection, ILogger<RedisPolicyGuard> logger)
{
    public const string SafePolicy = "noeviction";

    /// <summary>What is wrong with the policy, from the last check; null when every primary is safe (or none was reachable).</summary>
    public string? Problem { get; private set; }

    /// <summary>True in Production: an unsafe policy stops the start and makes the service not ready.</summary>
    public bool Refuses { get; set; }

    public async Task<string?> CheckAsync()
    {
        var unsafePolicies = new List<string>();
        foreach (var server in connection.GetServers())
        {
            if (!server.IsConnected || server.IsReplica)
            {
                continue;
            }

            try
            {
                var info = await server.InfoAsync("memory");
                var policy = info.SelectMany(group => group).FirstOrDefault(pair => pair.Key == "maxmemory_policy").Value;
                if (policy is not null && policy != SafePolicy)
                {
                    unsafePolicies.Add($"{server.EndPoint} has maxmemory-policy {policy}");
                }
            }
            catch (Exception exception) when (exception is RedisException or RedisCommandException or TimeoutException)
            {
                LogCheckFailed(logger, server.EndPoint.ToString() ?? "?", exception.Message);
            }
        }

        Problem = unsafePolicies.Count == 0
            ? null
            : $"Redis may evict keys ({string.Join("; ", unsafePolicies)}): evicted records of used tokens make them good again. Set maxmemory-policy {SafePolicy} (deploy/README.md).";
        if (Problem is not null)
        {
            if (Refuses)
            {
                LogUnsafeRefused(logger, Problem);
            }
            else
            {
                LogUnsafe(logger, Problem);
            }
        }

        return Problem;
    }

    [LoggerMessage(EventId = 2003, Level = LogLevel.Critical, Message = "{Problem} The service is not ready until it is fixed.")]
    private static partial void LogUnsafeRefused(ILogger logger, string problem);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "UNSAFE REDIS SETTING, tolerated outside Production: {Problem}")]
    private static partial void LogUnsafe(ILogger logger, string problem);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Could not read maxmemory-policy from {Server}: {Error}")]
    private static partial void LogCheckFailed(ILogger logger, string server, string error);
}
