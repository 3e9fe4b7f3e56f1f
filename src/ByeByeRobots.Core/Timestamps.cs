namespace ByeByeRobots.Core;

public static class Timestamps
{
    /// <summary>
    /// Drops the fraction of a second: the protocol writes times as <c>2026-11-23T10:00:00Z</c>,
    /// and a strict client parser should get exactly that shape.
    /// </summary>
    public static DateTimeOffset ToWholeSeconds(DateTimeOffset value) =>
        new(value.UtcTicks - value.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
