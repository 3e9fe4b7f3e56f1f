using ByeByeRobots.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ByeByeRobots.Storage;

/// <summary>
/// Ready when the store answers a ping within the operation timeout, Redis cannot evict our
/// keys (in Production), and no pool of the embedded store is full; degraded from 90 %.
/// </summary>
internal sealed class StoreHealthCheck(StoreBackends backends) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await backends.Challenges.PingAsync(cancellationToken);
        }
        catch (StoreUnavailableException) when (backends.Guard is { Blocks: true } blocked)
        {
            blocked.CheckIfDue();
            return HealthCheckResult.Unhealthy(blocked.Problem ?? "Redis's maxmemory-policy has not been checked yet.");
        }
        catch (StoreUnavailableException exception)
        {
            return HealthCheckResult.Unhealthy("The store does not answer.", exception);
        }

        if (backends.Guard is { } guard)
        {
            guard.CheckIfDue();
            if (guard.Blocks)
            {
                return HealthCheckResult.Unhealthy(guard.Problem ?? "Redis's maxmemory-policy has not been checked yet.");
            }

            if (guard.Problem is { } problem)
            {
                return HealthCheckResult.Degraded(problem);
            }
        }

        foreach (var (pool, entries, capacity) in backends.Pools)
        {
            if (entries >= capacity)
            {
                return HealthCheckResult.Unhealthy($"The embedded store's {pool} are full ({entries} of {capacity}).");
            }

            if (entries >= capacity * 0.9)
            {
                return HealthCheckResult.Degraded($"The embedded store's {pool} are at {entries} of {capacity}.");
            }
        }

        return HealthCheckResult.Healthy();
    }
}
