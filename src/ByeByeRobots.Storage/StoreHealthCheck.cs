using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ByeByeRobots.Storage;

/// <summary>Ready when the store answers a ping within the operation timeout.</summary>
internal sealed class StoreHealthCheck(IKeyValueBackend backend) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await backend.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Core.Storage.StoreUnavailableException exception)
        {
            return HealthCheckResult.Unhealthy("The store does not answer.", exception);
        }
    }
}
