using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ByeByeRobots.Storage;

/// <summary>The embedded store's occupancy per pool, so a fill-up is seen before it refuses.</summary>
internal sealed class StoreMetrics
{
    public StoreMetrics(IMeterFactory meterFactory, StoreBackends backends)
    {
        var meter = meterFactory.Create("ByeByeRobots");
        meter.CreateObservableGauge("byebyerobots.store.entries", () => Measure(backends, capacity: false), "{entry}", "Entries held by the embedded store, by pool (challenges, tokens).");
        meter.CreateObservableGauge("byebyerobots.store.capacity", () => Measure(backends, capacity: true), "{entry}", "Capacity of the embedded store, by pool.");
    }

    private static IEnumerable<Measurement<int>> Measure(StoreBackends backends, bool capacity)
    {
        foreach (var (pool, entries, size) in backends.Pools)
        {
            yield return new Measurement<int>(capacity ? size : entries, new TagList { { "pool", pool } });
        }
    }
}
