using ByeByeRobots.Core.Signals;
using ByeByeRobots.Core.Verification;

namespace ByeByeRobots.Core.Tests.Verification;

public class EvidenceTests
{
    private static readonly BrowserEnvironment Env = new(false, ["fr-LU"], "Europe/Luxembourg", 1920, 1080, 1, 1280, 720, 0, "Mozilla/5.0");

    private static InteractionSignals Signals(int mouse = 0, int keys = 0, int fieldFocus = 0, int visibility = 0, int untrusted = 0, bool webdriver = false) => new(
        5000,
        [.. Enumerable.Range(0, mouse).Select(i => new PointerSample(100 + i * 16, i, i, 0))],
        [],
        [.. Enumerable.Range(0, keys).Select(i => new TimedCode(100 + i * 100, (byte)(1 + i % 2)))],
        [],
        [.. Enumerable.Range(0, fieldFocus).Select(i => new TimedCode(50 + i, 1)), .. Enumerable.Range(0, visibility).Select(i => new TimedCode(60 + i, 3))],
        untrusted,
        Env with { Webdriver = webdriver });

    [Fact]
    public void NoEventAtAll_IsNoInteraction()
    {
        Evidence.From(Signals()).Should().Be(new Evidence(default, NoInteraction: true));
    }

    [Fact]
    public void PageVisibilityAlone_IsNoInteraction()
    {
        Evidence.From(Signals(visibility: 2)).NoInteraction.Should().BeTrue();
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(0, 1)]
    public void APointerOrKeyEvent_IsInteraction(int mouse, int keys)
    {
        Evidence.From(Signals(mouse, keys)).NoInteraction.Should().BeFalse();
    }

    [Fact]
    public void FieldFocusAlone_IsNoInteraction()
    {
        // An autofocus field, or a script's focus(), focuses a field with no input from anyone.
        Evidence.From(Signals(fieldFocus: 3)).NoInteraction.Should().BeTrue();
    }

    [Fact]
    public void DeclaredWebdriver_IsAutomation()
    {
        Evidence.From(Signals(mouse: 50, webdriver: true)).Automation.Codes().Should().Equal("automation-webdriver");
    }

    [Fact]
    public void UntrustedEventsAlone_AreAutomation()
    {
        var evidence = Evidence.From(Signals(untrusted: 30));

        evidence.Automation.Codes().Should().Equal("automation-untrusted-input");
    }

    [Fact]
    public void UntrustedEventsBesideADevicesInput_AreNotAutomation()
    {
        // A password manager fills fields with script-made key events while the person types and points.
        Evidence.From(Signals(mouse: 40, keys: 6, untrusted: 60)).Automation.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void EveryReasonCode_IsUniqueAndItsPositionIsItsValue()
    {
        Reasons.All.Select(r => r.Code).Should().OnlyHaveUniqueItems();
        Reasons.All.Select((r, i) => (int)r.Reason == i).Should().AllBeEquivalentTo(true);
        Enum.GetValues<ReasonCode>().Should().HaveCount(Reasons.All.Count);
        Reasons.All.Should().OnlyContain(r => System.Text.RegularExpressions.Regex.IsMatch(r.Code, "^[a-z]+(-[a-z]+)*$"));
    }

    [Fact]
    public void Reasons_Document_IsGeneratedFromTheRegistry()
    {
        GeneratedDocuments.ShouldBeCommitted(Path.Combine("docs", "reasons.md"), Reasons.Markdown(), "ReasonCode");
    }
}
