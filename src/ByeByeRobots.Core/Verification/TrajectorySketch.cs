using ByeByeRobots.Core.Signals;

namespace ByeByeRobots.Core.Verification;

/// <summary>
/// The shape of a session's pointer path, for finding a trajectory replayed from another session
/// (protocol section 3, "a trajectory that repeats one seen in another session"): the path lightly
/// smoothed, resampled at <see cref="Points"/> points evenly spaced along its length, moved to its
/// centroid and scaled to unit size. So position, scale and time (speed, pauses, the clock) are gone;
/// what is left is where the path bends, which a person never draws twice to within a few
/// thousandths of its size, and a replay with a pixel of noise keeps. Not reversible into the
/// events: no time, no position on the page, no event count, the shape at 1/64 of its length only.
/// Limit: the jitter allowance (<see cref="MinimumStep"/>) is in CSS pixels, so a replay drawn at
/// another scale (another layout) is matched less reliably than a moved or slowed one.
/// </summary>
public sealed class TrajectorySketch
{
    public const int Points = 64;

    /// <summary>Sessions with fewer pointer events, or a shorter path, have no sketch (too little to tell a replay).</summary>
    public const int MinimumEvents = 40;

    public const double MinimumPathLength = 300;

    /// <summary>
    /// Two sketches closer than this (root mean square, in units of the shape's size) are one
    /// trajectory played twice. Measured on DELBOT's 381 people drawing the same circles: no
    /// person's sketch came closer than 0.046 to any other session's; a replay with ±1 px of noise
    /// stayed under it in 97.5 % of sessions (docs/probes.md).
    /// </summary>
    public const double ReplayMargin = 0.03;

    /// <summary>Coordinates are kept as 16-bit integers of 1/<see cref="Resolution"/> of the unit size.</summary>
    private const double Resolution = 4096;

    private const int SmoothingWindow = 5;

    private const double MinimumStep = 1.5;

    private readonly short[] _coordinates;

    private TrajectorySketch(short[] coordinates) => _coordinates = coordinates;

    /// <summary>The sketch of the session's mouse path, or of its touch path when that is the longer; null when too short.</summary>
    public static TrajectorySketch? Of(InteractionSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var path = signals.Touch.Length > signals.Mouse.Length ? signals.Touch : signals.Mouse;
        return Of(path);
    }

    public static TrajectorySketch? Of(ReadOnlySpan<PointerSample> path)
    {
        if (path.Length < MinimumEvents)
        {
            return null;
        }

        // A moving average over five events takes the noise a replayer adds and keeps the path's bends.
        var count = path.Length - SmoothingWindow + 1;
        var xs = new double[count];
        var ys = new double[count];
        double sumX = 0, sumY = 0;
        for (var i = 0; i < path.Length; i++)
        {
            sumX += path[i].X;
            sumY += path[i].Y;
            if (i >= SmoothingWindow)
            {
                sumX -= path[i - SmoothingWindow].X;
                sumY -= path[i - SmoothingWindow].Y;
            }

            if (i >= SmoothingWindow - 1)
            {
                xs[i - SmoothingWindow + 1] = sumX / SmoothingWindow;
                ys[i - SmoothingWindow + 1] = sumY / SmoothingWindow;
            }
        }

        // Each step counts for its length less MinimumStep: a still pointer's jitter (or a replayer's
        // noise at a pause) adds no length where the path does not go anywhere, and no event is
        // dropped (dropping would make the shape jump with the noise).
        var along = new double[count];
        for (var i = 1; i < count; i++)
        {
            along[i] = along[i - 1] + Math.Max(0, Math.Sqrt(Square(xs[i] - xs[i - 1]) + Square(ys[i] - ys[i - 1])) - MinimumStep);
        }

        var length = along[count - 1];
        if (length < MinimumPathLength)
        {
            return null;
        }

        // Points evenly spaced along the path.
        Span<double> px = stackalloc double[Points];
        Span<double> py = stackalloc double[Points];
        var segment = 1;
        for (var p = 0; p < Points; p++)
        {
            var target = length * p / (Points - 1);
            while (segment < count - 1 && along[segment] < target)
            {
                segment++;
            }

            var span = along[segment] - along[segment - 1];
            var f = span > 0 ? Math.Clamp((target - along[segment - 1]) / span, 0, 1) : 0;
            px[p] = xs[segment - 1] + ((xs[segment] - xs[segment - 1]) * f);
            py[p] = ys[segment - 1] + ((ys[segment] - ys[segment - 1]) * f);
        }

        double meanX = 0, meanY = 0;
        for (var p = 0; p < Points; p++)
        {
            meanX += px[p];
            meanY += py[p];
        }

        meanX /= Points;
        meanY /= Points;
        double spread = 0;
        for (var p = 0; p < Points; p++)
        {
            spread += Square(px[p] - meanX) + Square(py[p] - meanY);
        }

        var size = Math.Sqrt(spread / Points);
        if (size < 10)
        {
            return null;
        }

        var coordinates = new short[2 * Points];
        for (var p = 0; p < Points; p++)
        {
            coordinates[2 * p] = Quantise((px[p] - meanX) / size);
            coordinates[(2 * p) + 1] = Quantise((py[p] - meanY) / size);
        }

        return new TrajectorySketch(coordinates);
    }

    /// <summary>The root mean square distance between the two shapes' points, in units of their size.</summary>
    public double DistanceTo(TrajectorySketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        double sum = 0;
        for (var i = 0; i < _coordinates.Length; i++)
        {
            sum += Square(_coordinates[i] - other._coordinates[i]);
        }

        return Math.Sqrt(sum / Points) / Resolution;
    }

    /// <summary>The sketch as bytes (little-endian 16-bit coordinates), for the store.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[_coordinates.Length * 2];
        for (var i = 0; i < _coordinates.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), _coordinates[i]);
        }

        return bytes;
    }

    public static TrajectorySketch? FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 4 * Points)
        {
            return null;
        }

        var coordinates = new short[2 * Points];
        for (var i = 0; i < coordinates.Length; i++)
        {
            coordinates[i] = System.Buffers.Binary.BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * i)..]);
        }

        return new TrajectorySketch(coordinates);
    }

    /// <summary>
    /// Locality-sensitive keys: band b hashes a few of the shape's points on a coarse grid of its
    /// own offset, so a replay with noise lands on the same key in most bands while it crosses a
    /// cell boundary in some. A candidate found under any band is then compared point by point.
    /// </summary>
    public ulong[] BandKeys()
    {
        var keys = new ulong[Bands];
        for (var band = 0; band < Bands; band++)
        {
            var offset = (band * 0.37 % 1) * Cell;
            var hash = 14695981039346656037UL ^ (ulong)band;
            for (var k = 0; k < PointsPerBand; k++)
            {
                var p = ((k * Points / PointsPerBand) + (band * 3)) % Points;
                hash = Mix(hash, (long)Math.Floor(((_coordinates[2 * p] / Resolution) + offset) / Cell));
                hash = Mix(hash, (long)Math.Floor(((_coordinates[(2 * p) + 1] / Resolution) + offset) / Cell));
            }

            keys[band] = hash;
        }

        return keys;
    }

    public const int Bands = 6;

    private const int PointsPerBand = 3;

    private const double Cell = 0.25;

    /// <summary>FNV-1a over the value's eight bytes, low first (no allocation: this runs on every verify with a path).</summary>
    private static ulong Mix(ulong hash, long value)
    {
        for (var shift = 0; shift < 64; shift += 8)
        {
            hash = (hash ^ (byte)((ulong)value >> shift)) * 1099511628211UL;
        }

        return hash;
    }

    private static short Quantise(double value) => (short)Math.Clamp(Math.Round(value * Resolution), short.MinValue, short.MaxValue);

    private static double Square(double value) => value * value;
}
