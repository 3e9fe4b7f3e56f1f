using ByeByeRobots.Core.Signals;
using ByeByeRobots.Scoring.Features;
using ByeByeRobots.Scoring.Model;
using ByeByeRobots.Training;
using ByeByeRobots.Training.Synthetic;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ByeByeRobots.Scoring.Tests;

public class ModelScorerTests
{
    private static readonly BrowserEnvironment Desktop = new(
        false, ["fr-LU"], "Europe/Luxembourg", 1920, 1080, 1, 1280, 720, 0, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/142.0.0.0 Safari/537.36");

    [Fact]
    public void EmbeddedModel_ScoresInTheUnitInterval_WithNamedReasons()
    {
        var model = HumanityModel.LoadEmbedded();
        var random = new Random(11);

        foreach (var family in SessionGenerator.HumanFamilies)
        {
            var result = model.Score(SessionGenerator.Human(family, random));
            result.Score.Should().BeInRange(0, 1);
            result.Contributions.Should().HaveCountLessThanOrEqualTo(6).And.OnlyContain(c => FeatureExtractor.Names.Contains(c.Feature));
        }
    }

    [Fact]
    public void TheReasons_AreReadOffTheSameTrees_ThatGiveTheScore()
    {
        // The service scores by walking the trees itself: the probability must be the engine's,
        // or a split would be routed the wrong way.
        var model = HumanityModel.LoadEmbedded();
        model.ScoresByTrees.Should().BeTrue("the shipped model is FastTree with Platt calibration");
        foreach (var session in new SessionGenerator(31).Generate(60, 60))
        {
            var input = new ModelInput();
            FeatureExtractor.ExtractForModel(session.Signals, input.Features);

            var engine = model.Score(input);
            var trees = model.TreeProbability(input);

            trees.Should().NotBeNull();
            trees!.Value.Should().BeApproximately(model.EngineProbability(input), 1e-4, session.Family);
            engine.Score.Should().BeApproximately(model.EngineProbability(input), 1e-4, session.Family);
            engine.Contributions.Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(6);
            // The strongest against a person first, then the strongest for one.
            var effects = engine.Contributions.Select(c => c.Effect).ToList();
            effects.TakeWhile(e => e < 0).Should().HaveCountLessThanOrEqualTo(3).And.BeInAscendingOrder();
            effects.SkipWhile(e => e < 0).Should().HaveCountLessThanOrEqualTo(3).And.OnlyContain(e => e > 0).And.BeInDescendingOrder();
        }
    }

    [Fact]
    public void TheReasons_AreTheThreeStrongestAgainstAPerson_ThenTheThreeStrongestFor()
    {
        // The largest credit of all toward a person (+9) must still leave a failed session three
        // reasons against: the verify path logs the side of its verdict.
        var contributions = new double[FeatureExtractor.Count];
        var lowSide = new double[FeatureExtractor.Count];
        var features = Enumerable.Repeat(1f, FeatureExtractor.Count).ToArray();
        contributions[0] = 9;
        contributions[1] = -2;
        contributions[2] = -5;
        contributions[3] = 0.5;
        contributions[4] = -1;
        contributions[5] = -0.1;
        // Sizes of credit at splits the value was at or below, minus those above.
        lowSide[2] = 4.5;
        lowSide[1] = -0.5;
        lowSide[4] = -1;
        lowSide[0] = -9;
        lowSide[3] = -0.5;

        HumanityModel.Strongest(contributions, lowSide, features).Select(c => (c.Feature, c.Effect, c.Direction)).Should().Equal(
            (FeatureExtractor.Names[2], -5.0, "low"), (FeatureExtractor.Names[1], -2.0, "high"), (FeatureExtractor.Names[4], -1.0, "high"),
            (FeatureExtractor.Names[0], 9.0, "high"), (FeatureExtractor.Names[3], 0.5, "high"));
        HumanityModel.Strongest(new double[FeatureExtractor.Count], lowSide, features).Should().BeEmpty("no feature moved the score");
    }

    [Fact]
    public void TheReasons_NameOnlyWhatTheSessionHas()
    {
        // Credits on every feature; the session typed but has no pointer and a statistic it could not compute.
        var contributions = Enumerable.Range(0, FeatureExtractor.Count).Select(i => -1.0 - i).ToArray();
        var features = Enumerable.Repeat(0.5f, FeatureExtractor.Count).ToArray();
        features[FeatureRegistry.PointerPresent.Index] = 0;
        features[FeatureRegistry.ClickDwellMedian.Index] = FeatureExtractor.Missing;
        features[FeatureRegistry.KeysFlightCv.Index] = FeatureExtractor.Missing;

        var reasons = HumanityModel.Strongest(contributions, new double[FeatureExtractor.Count], features);

        reasons.Should().HaveCount(3);
        reasons.Select(r => FeatureRegistry.All.Single(f => f.Name == r.Feature)).Should().OnlyContain(f =>
            f.Needs != FeatureNeeds.PointerEvents && f.Needs != FeatureNeeds.Clicks && f != FeatureRegistry.KeysFlightCv);
    }

    [Fact]
    public void AKeyboardOnlySession_IsNeverGivenAPointerReason()
    {
        var model = HumanityModel.LoadEmbedded();
        var random = new Random(41);
        for (var i = 0; i < 40; i++)
        {
            var result = model.Score(SessionGenerator.Human("human-keyboard-only", random));
            result.Contributions.Select(c => FeatureRegistry.All.Single(f => f.Name == c.Feature).Needs)
                .Should().NotContain([FeatureNeeds.PointerEvents, FeatureNeeds.Clicks]);
            result.Contributions.Should().OnlyContain(c => c.Direction == "low" || c.Direction == "high");
        }
    }

    [Fact]
    public void KeyboardOnlyAndScreenReaderSessions_PassAtTheDefaultThreshold()
    {
        // A missing modality is a fact, not a bot signal: Tab, typing, a screen reader's reading keys.
        var model = HumanityModel.LoadEmbedded();
        var random = new Random(29);

        var scores = Enumerable.Range(0, 40).Select(_ => model.Score(SessionGenerator.Human("human-keyboard-only", random)).Score).ToList();

        scores.Count(s => s >= 0.5).Should().BeGreaterThanOrEqualTo(38, string.Join(", ", scores.Select(s => s.ToString("F2", System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void DeclaredAutomation_ScoresZero_AndASessionWithoutInputIsScoredByTheModel()
    {
        using var scorer = new ModelScorer(HumanityModel.LoadEmbedded(), NullLogger<ModelScorer>.Instance);
        var human = SessionGenerator.Human("human-mouse", new Random(1));

        scorer.Score(human with { Env = human.Env with { Webdriver = true } }).Score.Should().Be(0, "automation that says so");

        // No longer a hard-coded 0.3: no interaction is its own evidence class, decided before any score.
        var idle = scorer.Score(new InteractionSignals(900, [], [], [], [], [], 0, Desktop)).Score;
        idle.Should().BeInRange(0, 1);
    }

    [Fact]
    public async Task ModelFile_IsLoaded_ReloadedWhenItChanges_AndABadFileKeepsTheLastGood()
    {
        var directory = Directory.CreateTempSubdirectory("bbr-model-").FullName;
        try
        {
            var path = Path.Combine(directory, "model.zip");
            ModelTrainer.Save(ModelTrainer.Train(seed: 1, humans: 300, bots: 300).Model, path);
            var options = new StaticOptions(new ModelOptions { Path = path });
            using var scorer = new ModelScorer(options, NullLogger<ModelScorer>.Instance);
            var first = scorer.Name;
            first.Should().StartWith("model:model.zip@");

            await File.WriteAllTextAsync(path, "not a model");
            await Task.Delay(1500);
            scorer.Name.Should().Be(first, "a file that does not load leaves the last good model");

            await Task.Delay(1100); // a later write time than the first model's
            ModelTrainer.Save(ModelTrainer.Train(seed: 2, humans: 300, bots: 300).Model, path);
            for (var i = 0; i < 50 && scorer.Name == first; i++)
            {
                await Task.Delay(100);
            }

            scorer.Name.Should().NotBe(first, "the new file replaced the model without a restart");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void MissingModelFile_StopsTheServiceAtStartup()
    {
        var options = new StaticOptions(new ModelOptions { Path = "/nonexistent/model.zip" });
        var start = () => new ModelScorer(options, NullLogger<ModelScorer>.Instance);

        start.Should().Throw<InvalidOperationException>().WithMessage("*ByeByeRobots:Model:Path*");
    }

    private sealed class StaticOptions(ModelOptions value) : IOptionsMonitor<ModelOptions>
    {
        public ModelOptions CurrentValue => value;

        public ModelOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ModelOptions, string?> listener) => null;
    }
}
