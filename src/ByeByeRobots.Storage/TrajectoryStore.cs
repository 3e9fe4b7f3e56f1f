using System.Globalization;
using ByeByeRobots.Core.Storage;
using ByeByeRobots.Core.Verification;

namespace ByeByeRobots.Storage;

/// <summary>
/// Sketches under their locality-sensitive band keys (<see cref="TrajectorySketch.BandKeys"/>):
/// one key per band, holding the last sketch that hashed there, each with the window as its TTL,
/// each read and written on its own (cluster-safe: no command spans two keys). Memory stays
/// bounded by the sessions of one window, whatever their number per key.
/// </summary>
internal sealed class TrajectoryStore(IKeyValueBackend backend, RedisOptions options) : ITrajectoryStore
{
    public async Task<bool> SeenBeforeAsync(string siteKey, TrajectorySketch sketch, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        var bands = sketch.BandKeys();
        var keys = new string[bands.Length];
        var reads = new Task<byte[]?>[bands.Length];
        for (var band = 0; band < bands.Length; band++)
        {
            keys[band] = StoreKeys.Trajectory(options.KeyPrefix, siteKey, band, bands[band]);
            reads[band] = backend.GetAsync(keys[band], cancellationToken);
        }

        await Task.WhenAll(reads);
        var seen = false;
        foreach (var read in reads)
        {
            if (read.Result is { } bytes && TrajectorySketch.FromBytes(bytes) is { } earlier && sketch.DistanceTo(earlier) < TrajectorySketch.ReplayMargin)
            {
                seen = true;
                break;
            }
        }

        var value = sketch.ToBytes();
        var writes = new Task[keys.Length];
        for (var band = 0; band < keys.Length; band++)
        {
            writes[band] = backend.SetAsync(keys[band], value, window, cancellationToken);
        }

        await Task.WhenAll(writes);
        return seen;
    }
}
