using ByeByeRobots.Api.AdaptiveCost;
using ByeByeRobots.Core.Storage;

namespace ByeByeRobots.Api.Tests.AdaptiveCost;

public class CostPressureTests
{
    private static readonly AdaptiveCostOptions Options = new() { MinimumVerifies = 20, TriggerRatio = 3, UsualShareFloor = 0.05, MaxExtraBits = 3 };

    /// <summary>55 baseline minutes of <paramref name="usual"/> then 5 recent minutes of <paramref name="recent"/> (total, suspect).</summary>
    private static MinuteCounts[] Minutes((long Total, long Suspect) usual, (long Total, long Suspect) recent, bool baselineElevated = false) =>
        [.. Enumerable.Range(0, 60).Select(m => m < 55
            ? new MinuteCounts(m, usual.Total, usual.Suspect, baselineElevated)
            : new MinuteCounts(m, recent.Total, recent.Suspect, false))];

    [Fact]
    public void UsualTraffic_AddsNothing()
    {
        CostPressure.Compute(Minutes((100, 5), (100, 6)), 5, Options).ExtraBits.Should().Be(0);
    }

    [Theory]
    [InlineData(15, 1)] // 3x the usual 5 %
    [InlineData(30, 2)] // 6x
    [InlineData(60, 3)] // 12x
    [InlineData(100, 3)] // bounded by MaxExtraBits
    public void SuspectShareFarAboveTheUsual_AddsBits_OneMoreEachTimeItDoubles(long suspectPerHundred, int bits)
    {
        CostPressure.Compute(Minutes((100, 5), (100, suspectPerHundred)), 5, Options).ExtraBits.Should().Be(bits);
    }

    [Fact]
    public void TooFewRecentVerifies_AddNothing()
    {
        // 3 verifies a minute, all suspect: 15 in the window, under MinimumVerifies 20.
        CostPressure.Compute(Minutes((100, 5), (3, 3)), 5, Options).ExtraBits.Should().Be(0);
    }

    [Fact]
    public void ASiteWithoutHistory_IsJudgedAgainstTheFloor()
    {
        var pressure = CostPressure.Compute(Minutes((0, 0), (10, 10)), 5, Options);

        pressure.UsualShare.Should().Be(0.05);
        pressure.ExtraBits.Should().Be(3);
    }

    [Fact]
    public void MinutesWhenTheCostWasRaised_AreLeftOutOfTheUsualShare()
    {
        // An hour-long attack must not become the usual level: its minutes were marked elevated.
        var minutes = Minutes((100, 80), (100, 80), baselineElevated: true);

        CostPressure.Compute(minutes, 5, Options).Should().Be(new CostPressure(0.8, 0.05, 500, 3));
        CostPressure.Compute(Minutes((100, 80), (100, 80)), 5, Options).ExtraBits.Should().Be(0, "without the marks the attack is the usual level");
    }
}
