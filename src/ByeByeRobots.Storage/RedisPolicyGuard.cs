using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace ByeByeRobots.Storage;

/// <summary>
/// Checks that Redis never evicts a key: with <c>maxmemory</c> and any eviction policy, a flood
/// of challenges pushes out the records of used tokens, and used tokens are good again. Every
/// key of ours has a TTL, so the <c>volatile-*</c> policies evict them as readily as the
/// <c>allkeys-*</c> ones: only <c>noeviction</c> is safe (a full Redis then refuses writes, which
/// the service answers as 503, failing closed). Read with <c>INFO memory</c>, which managed
/// Redis services allow where they rename <c>CONFIG</c>; checked at start, on every reconnect,
/// and again at most every 30 s from <c>/readyz</c> (a <c>CONFIG SET</c> needs no reconnect).
/// Where it <see cref="Refuses"/> (Production), a policy that is unsafe or cannot be read, or not
/// read yet, blocks every store operation (503): the service fails closed until it is fixed.
/// </summary>
internal sealed partial class RedisPolicyGuard(IConnectionMultiplexer connection, ILogger<RedisPolicyGuard> logger)
{
    public const string SafePolicy = "noeviction";
    private static readonly TimeSpan RecheckEvery = TimeSpan.FromSeconds(30);
    private int _checking;
    private long _lastCheckTicks;
    private bool _checked;

    /// <summary>What is wrong with the policy, from the last check; null when every primary is safe.</summary>
    public string? Problem { get; private set; }

    /// <summary>True in Production: an unsafe policy stops the start, makes the service not ready and blocks the store.</summary>
    public bool Refuses { get; set; }

    /// <summary>True while store operations must be refused: in Production, until a check found every primary safe.</summary>
    public bool Blocks => Refuses && (!_checked || Problem is not null);

    /// <summary>Checks again when the last check is older than 30 s (or, while blocking, 1 s), without waiting for it.</summary>
    public void CheckIfDue()
    {
        var age = TimeSpan.FromTicks(Environment.TickCount64 * TimeSpan.TicksPerMillisecond - Interlocked.Read(ref _lastCheckTicks));
        if (age >= (Blocks ? TimeSpan.FromSeconds(1) : RecheckEvery))
        {
            _ = CheckAsync();
        }
    }

    public async Task<string?> CheckAsync()
    {
        if (Interlocked.CompareExchange(ref _checking, 1, 0) != 0)
        {
            return Problem;
        }

        try
        {
            Interlocked.Exchange(ref _lastCheckTicks, Environment.TickCount64 * TimeSpan.TicksPerMillisecond);
            var problems = new List<string>();
            var read = 0;
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
                    read++;
                    if (policy is not null && policy != SafePolicy)
                    {
                        problems.Add($"{server.EndPoint} has maxmemory-policy {policy}");
                    }
                }
                catch (Exception exception) when (exception is RedisException or RedisCommandException or TimeoutException)
                {
                    LogCheckFailed(logger, server.EndPoint.ToString() ?? "?", exception.Message);
                    problems.Add($"{server.EndPoint}'s maxmemory-policy could not be read ({exception.Message})");
                }
            }

            if (read == 0 && problems.Count == 0)
            {
                // Nothing connected: the last answer stands (and nothing is served meanwhile anyway).
                return Problem;
            }

            Problem = problems.Count == 0
                ? null
                : $"Redis may evict keys ({string.Join("; ", problems)}): evicted records of used tokens make them good again. Set maxmemory-policy {SafePolicy} (deploy/README.md).";
            _checked = true;
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
        finally
        {
            Interlocked.Exchange(ref _checking, 0);
        }
    }

    [LoggerMessage(EventId = 2003, Level = LogLevel.Critical, Message = "{Problem} Every request is refused (503) and the service is not ready until it is fixed.")]
    private static partial void LogUnsafeRefused(ILogger logger, string problem);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "UNSAFE REDIS SETTING, tolerated outside Production: {Problem}")]
    private static partial void LogUnsafe(ILogger logger, string problem);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Could not read maxmemory-policy from {Server}: {Error}")]
    private static partial void LogCheckFailed(ILogger logger, string server, string error);
}
