using ByeByeRobots.Core.Tests;
using ByeByeRobots.Scoring.Features;
using ByeByeRobots.Scoring.Model;
using ByeByeRobots.Training.Synthetic;
using Microsoft.ML.Data;

namespace ByeByeRobots.Scoring.Tests;

public class FeatureRegistryTests
{
    [Fact]
    public void EachDefinition_IsItsPlaceInTheVector_AndTheModelReadsThatMany()
    {
        FeatureRegistry.All.Select(f => f.Index).Should().Equal(Enumerable.Range(0, FeatureRegistry.All.Count));
        FeatureRegistry.All.Select(f => f.Name).Should().Equal(FeatureExtractor.Names).And.OnlyHaveUniqueItems();
        ModelInput.FeatureCount.Should().Be(FeatureRegistry.All.Count);

        // The shipped model's own input schema: a vector of exactly the registry's length.
        var model = HumanityModel.LoadEmbedded();
        var predictor = model.Transformer as Microsoft.ML.ISingleFeaturePredictionTransformer<object>
            ?? ((Microsoft.ML.Data.TransformerChain<Microsoft.ML.ITransformer>)model.Transformer).OfType<Microsoft.ML.ISingleFeaturePredictionTransformer<object>>().Single();
        ((VectorDataViewType)predictor.FeatureColumnType).Size.Should().Be(FeatureRegistry.All.Count);
    }

    [Fact]
    public void EveryFeature_SaysWhatItMeasures_AndAWithheldOneWhy()
    {
        FeatureRegistry.All.Should().OnlyContain(f => f.Meaning.Length > 10 && f.Name.Contains('.'));
        FeatureRegistry.All.Where(f => f.Withheld).Should().OnlyContain(f => !string.IsNullOrWhiteSpace(f.WithheldBecause));
        FeatureRegistry.All.Where(f => !f.Withheld).Should().OnlyContain(f => f.WithheldBecause == null);
        FeatureExtractor.WithheldFromModel.Should().Equal(FeatureRegistry.All.Where(f => f.Withheld).Select(f => f.Name));

        // The reasons read what a session has from these three: withholding one would silence its group's reasons.
        new[] { FeatureRegistry.PointerPresent, FeatureRegistry.ClickDwellMedian, FeatureRegistry.KeysDowns }.Should().OnlyContain(f => !f.Withheld);
    }

    [Fact]
    public void TheGlossary_IsGeneratedFromTheRegistry()
    {
        var markdown = FeatureRegistry.Markdown();
        FeatureRegistry.All.Should().OnlyContain(f => markdown.Contains($"| `{f.Name}` |"));
        GeneratedDocuments.ShouldBeCommitted(Path.Combine("docs", "features.md"), markdown, "FeatureRegistry");
    }

    [Fact]
    public void TheGeneratedFamilies_AreDefinedOnce_AndTheirTablesGeneratedFromThem()
    {
        SessionFamilies.All.Select(f => f.Name).Should().OnlyHaveUniqueItems();
        SessionFamilies.All.Should().OnlyContain(f => f.Name.StartsWith(f.Human ? "human-" : "bot-", StringComparison.Ordinal) && f.WhatItIs.Length > 10);
        SessionGenerator.HumanFamilies.Concat(SessionGenerator.BotFamilies).Should().BeEquivalentTo(SessionFamilies.All.Select(f => f.Name));

        // Each family's sessions carry its name and label.
        foreach (var session in new SessionGenerator(5).Generate(SessionGenerator.HumanFamilies.Count, SessionGenerator.BotFamilies.Count))
        {
            SessionFamilies.All.Single(f => f.Name == session.Family).Human.Should().Be(session.Human, session.Family);
        }

        GeneratedDocuments.ShouldBeCommitted(Path.Combine("docs", "training-families.md"), SessionFamilies.Markdown(), "SessionFamilies");
    }
}
