using System.Text.Json;
using ByeByeRobots.Core.Signals;
using ByeByeRobots.Core.Verification;

namespace ByeByeRobots.Core.Tests.Signals;

public class ProbesTests
{
    private static (SignalsError Error, InteractionSignals? Signals, string Detail) Read(string probes)
    {
        var json = $$$"""{"v":1,"t":100,"keys":[[1,1],[2,2]],"env":{"webdriver":false,"languages":["fr"],"timezone":"","screen":[1,1,1],"viewport":[1,1],"touchPoints":0,"ua":"x","probes":{{{probes}}}}}""";
        using var document = JsonDocument.Parse(json);
        var error = SignalsReader.TryRead(document.RootElement, out var signals, out var detail);
        return (error, signals, detail);
    }

    [Fact]
    public void Probes_ThatFoundSomething_AreAutomationEvidence_UnknownNamesAreSkipped()
    {
        var (error, signals, detail) = Read("""{"frameless":1,"nativeLie":true,"realmMismatch":false,"headlessName":0,"aNewerWidgetsProbe":3}""");

        error.Should().Be(SignalsError.None, detail);
        var reasons = Evidence.From(signals!).Automation;
        reasons.Codes().Should().Equal("automation-headless", "automation-patched-api");
        signals!.Env.Probes.Fired().Should().Be("frameless,nativeLie");
    }

    [Fact]
    public void Probes_AllZero_OrAbsent_AreNoEvidence()
    {
        var names = string.Join(",", ProbeRegistry.All.Select(p => $"\"{p.Name}\":0"));
        Evidence.From(Read("{" + names + "}").Signals!).Automation.IsEmpty.Should().BeTrue();
        Evidence.From(Read("{}").Signals!).Automation.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Probes_AnEscapedName_IsTheSameName()
    {
        Read("""{"fr\u0061meless":1}""").Signals!.Env.Probes.Fired().Should().Be("frameless");
    }

    [Theory]
    [InlineData("""{"frameless":"1"}""")]
    [InlineData("""{"frameless":256}""")]
    [InlineData("""{"frameless":-1}""")]
    [InlineData("""{"frameless":0.5}""")]
    [InlineData("""{"unknown":[1]}""")]
    [InlineData("""{"frameless":null}""")]
    [InlineData("[1]")]
    [InlineData("true")]
    public void Probes_OfAnotherShape_AreSignalsInvalid(string probes)
    {
        var (error, _, detail) = Read(probes);

        error.Should().Be(SignalsError.Invalid);
        detail.Should().Contain("signals.env.probes");
    }

    [Fact]
    public void Probes_MoreThanSixtyFourMembers_AreSignalsInvalid()
    {
        var many = "{" + string.Join(",", Enumerable.Range(0, 65).Select(i => $"\"p{i}\":0")) + "}";
        Read(many).Error.Should().Be(SignalsError.Invalid);
    }

    [Fact]
    public void Registry_NamesAreUnique_AndEveryProbeIsAutomationEvidence()
    {
        ProbeRegistry.All.Select(p => p.Name).Should().OnlyHaveUniqueItems();
        ProbeRegistry.All.Should().OnlyContain(p => Reasons.Info(p.Reason).Class == EvidenceClass.Automation);
    }

    [Fact]
    public void Probes_Document_IsGeneratedFromTheRegistry()
    {
        GeneratedDocuments.ShouldBeCommitted(Path.Combine("docs", "probes.md"), ProbeRegistry.Markdown(), "ProbeRegistry");
    }
}
