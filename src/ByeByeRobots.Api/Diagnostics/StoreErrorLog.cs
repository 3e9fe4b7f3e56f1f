namespace ByeByeRobots.Api.Diagnostics;

/// <summary>
/// Logs store outages without letting a client turn them into a flood of log: the first in each
/// second with its stack trace, the rest counted (the <c>byebyerobots.store.errors</c> metric, and
/// the number skipped in the next line). An attacker made 12 MB/s of log when each was a line.
/// </summary>
internal sealed class StoreErrorLog(ILogger<StoreErrorLog> logger, VerificationMetrics metrics, TimeProvider time)
{
    private long _lastLoggedTicks;
    private long _skipped;

    public void Report(Exception exception)
    {
        metrics.StoreError();
        var now = time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastLoggedTicks);
        if (now - last >= TimeSpan.TicksPerSecond && Interlocked.CompareExchange(ref _lastLoggedTicks, now, last) == last)
        {
            Log.StoreUnavailable(logger, Interlocked.Exchange(ref _skipped, 0), exception);
        }
        else
        {
            Interlocked.Increment(ref _skipped);
        }
    }
}
