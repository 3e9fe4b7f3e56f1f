using System.Text.Json;
using ByeByeRobots.Core.Signals;

namespace ByeByeRobots.Core.Tests.Signals;

public class SignalsReaderTests
{
    private const string Env = """{"webdriver":false,"languages":["fr-LU","fr"],"timezone":"Europe/Luxembourg","screen":[1920,1080,1.25],"viewport":[1280,720],"touchPoints":0,"ua":"Mozilla/5.0"}""";

    private static (SignalsError Error, InteractionSignals? Signals, string Detail) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var error = SignalsReader.TryRead(document.RootElement, out var signals, out var detail);
        return (error, signals, detail);
    }

    [Fact]
    public void Read_FullExample_ReadsEveryArray()
    {
        var (error, signals, _) = Read($$"""
            {"v":1,"t":5230.4,"mouse":[[10.5,100,200,0],[20,101.6,201,1]],"touch":[[30,5,6,1]],
             "keys":[[40,1],[50,2]],"scroll":[[60,300]],"focus":[[70,1],[80,3]],"untrusted":2,"env":{{Env}},"extra":"ignored"}
            """);

        error.Should().Be(SignalsError.None);
        signals!.Mouse.Should().Equal(new PointerSample(10.5, 100, 200, 0), new PointerSample(20, 102, 201, 1));
        signals.Touch.Should().ContainSingle();
        signals.Keys.Should().HaveCount(2);
        signals.Scroll.Should().Equal(new ScrollSample(60, 300));
        signals.Focus.Should().HaveCount(2);
        signals.Untrusted.Should().Be(2);
        signals.Env.PixelRatio.Should().Be(1.25);
        signals.Env.Languages.Should().Equal("fr-LU", "fr");
    }

    [Fact]
    public void Read_KeyboardOnlySession_IsValid()
    {
        var (error, signals, _) = Read($$"""{"v":1,"t":100,"keys":[[1,1],[2,2]],"env":{{Env}}}""");

        error.Should().Be(SignalsError.None);
        signals!.Mouse.Should().BeEmpty();
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"signals\"")]
    [InlineData("""{"t":1,"env":ENV}""")]
    [InlineData("""{"v":2,"t":1,"env":ENV}""")]
    [InlineData("""{"v":1,"env":ENV}""")]
    [InlineData("""{"v":1,"t":-1,"env":ENV}""")]
    [InlineData("""{"v":1,"t":1e300,"env":ENV}""")]
    [InlineData("""{"v":1,"t":"5","env":ENV}""")]
    [InlineData("""{"v":1,"t":1}""")]
    [InlineData("""{"v":1,"t":1,"env":{}}""")]
    [InlineData("""{"v":1,"t":1,"mouse":{},"env":ENV}""")]
    [InlineData("""{"v":1,"t":1,"mouse":[[1,2,3]],"env":ENV}""")]
    [InlineData("""{"v":1,"t":1,"mouse":[[1,2,3,0,5]],"env":ENV}""")]
    [InlineData("""{"v":1,"t":1,"mouse":[[1,2,3,7]],"env":ENV}""")]
    [InlineData("""{"v":1,"t":1,"mouse":[[1,2e9,3,0]],"env":ENV}""")]
    [InlineData("""{"v":1,"t":1,"mouse":[[1,"2",3,0]],"env":ENV}""")]
    [InlineData("""{"v":1,"t":1,"mouse":[[1,null,3,0]],"env":ENV}""")]
    [InlineData("""{"v":1,"t":1,"keys":[[1,0]],"env":ENV}""")]
    [InlineData("""{"v":1,"t":1,"keys":[[1,1.5]],"env":ENV}""")]
    [InlineData("""{"v":1,"t":1,"focus":[[1,5]],"env":ENV}""")]
    [InlineData("""{"v":1,"t":1,"scroll":[[1,1e12]],"env":ENV}""")]
    [InlineData("""{"v":1,"t":1,"untrusted":-1,"env":ENV}""")]
    [InlineData("""{"v":1,"t":1,"untrusted":"x","env":ENV}""")]
    public void Read_Malformed_IsInvalidWithADetail(string json)
    {
        var (error, _, detail) = Read(json.Replace("ENV", Env, StringComparison.Ordinal));

        error.Should().Be(SignalsError.Invalid);
        detail.Should().NotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("webdriver", "\"no\"")]
    [InlineData("languages", "\"fr\"")]
    [InlineData("timezone", "3")]
    [InlineData("screen", "[1,2]")]
    [InlineData("screen", "[1,2,0]")]
    [InlineData("viewport", "[-5,2]")]
    [InlineData("touchPoints", "1000")]
    [InlineData("ua", "null")]
    public void Read_BadEnvironmentMember_IsInvalid(string member, string value)
    {
        using var env = JsonDocument.Parse(Env);
        var members = env.RootElement.EnumerateObject().Select(p => p.Name == member ? $"\"{p.Name}\":{value}" : $"\"{p.Name}\":{p.Value.GetRawText()}");
        var (error, _, detail) = Read("{\"v\":1,\"t\":1,\"env\":{" + string.Join(",", members) + "}}");

        error.Should().Be(SignalsError.Invalid);
        detail.Should().Contain(member);
    }

    [Fact]
    public void Read_MoreThan2000Events_IsTooLarge()
    {
        var events = string.Join(",", Enumerable.Repeat("[1,1,1,0]", 2001));
        var (error, _, detail) = Read($$"""{"v":1,"t":1,"mouse":[{{events}}],"env":{{Env}}}""");

        error.Should().Be(SignalsError.TooLarge);
        detail.Should().Contain("2001");
    }

    [Fact]
    public void Read_Exactly2000Events_IsAccepted()
    {
        var events = string.Join(",", Enumerable.Repeat("[1,1,1,0]", 2000));

        Read($$"""{"v":1,"t":1,"mouse":[{{events}}],"env":{{Env}}}""").Error.Should().Be(SignalsError.None);
    }

    [Fact]
    public void Read_MembersInAnyOrder_AreRead()
    {
        var (error, signals, _) = Read($$"""{"env":{{Env}},"mouse":[[1,2,3,0]],"t":9,"v":1}""");

        error.Should().Be(SignalsError.None);
        signals!.T.Should().Be(9);
        signals.Mouse.Should().Equal(new PointerSample(1, 2, 3, 0));
    }

    [Fact]
    public void Read_AMemberGivenTwice_TheLastCounts_AsJsonDocumentWould()
    {
        var (error, signals, _) = Read($$"""{"v":1,"t":1,"mouse":[[1,1,1,0]],"mouse":[[2,2,2,0],[3,3,3,0]],"env":{{Env}}}""");

        error.Should().Be(SignalsError.None);
        signals!.Mouse.Should().HaveCount(2);
    }

    [Theory]
    [InlineData("""{"v":1,"t":1,"mouse":[[1,2,3,0]""")]
    [InlineData("""{"v":1,"t":1} {}""")]
    [InlineData("")]
    public void Read_BytesThatAreNotOneJsonValue_AreInvalid(string json)
    {
        var error = SignalsReader.TryRead(System.Text.Encoding.UTF8.GetBytes(json), out var signals, out var detail);

        error.Should().Be(SignalsError.Invalid);
        signals.Should().BeNull();
        detail.Should().NotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("""{"v":2,"t":1,"mouse":[[1,2,3,0],[4,5,6,0]],"env":{"nested":[{"a":[1]}]}}""")]
    [InlineData("""{"v":1,"t":1,"mouse":[[1,2,3,0],[4,"x",6,0],[7,8,9,0]],"env":{}}""")]
    [InlineData("""{"v":1,"t":1,"env":{"webdriver":false}}""")]
    [InlineData("""[[1,2],{"v":1}]""")]
    [InlineData("\"signals\"")]
    public void Read_AfterARefusal_TheReaderEndsOnTheSignalsLastToken_SoTheBodyGoesOn(string signalsJson)
    {
        var body = System.Text.Encoding.UTF8.GetBytes("{\"signals\":" + signalsJson + ",\"after\":42}");
        var reader = new Utf8JsonReader(body);
        reader.Read();
        reader.Read();
        reader.Read();

        SignalsReader.Read(ref reader, out var signals, out _).Should().Be(SignalsError.Invalid);

        signals.Should().BeNull();
        reader.Read().Should().BeTrue();
        reader.GetString().Should().Be("after");
        reader.Read().Should().BeTrue();
        reader.GetInt32().Should().Be(42);
    }

    [Fact]
    public void Read_2001EventsAmongOtherMembers_IsTooLarge_AndTheBodyStillEnds()
    {
        var events = string.Join(",", Enumerable.Repeat("[1,1,1,0]", 2001));
        var body = System.Text.Encoding.UTF8.GetBytes($$"""{"signals":{"v":1,"t":1,"touch":[{{events}}],"env":{{Env}}},"after":1}""");
        var reader = new Utf8JsonReader(body);
        reader.Read();
        reader.Read();
        reader.Read();

        SignalsReader.Read(ref reader, out _, out var detail).Should().Be(SignalsError.TooLarge);

        detail.Should().Contain("signals.touch holds 2001 events");
        reader.Read().Should().BeTrue();
        reader.GetString().Should().Be("after");
    }
}
