using System.Globalization;
using System.Text;
using ByeByeRobots.Scoring.Features;
using ByeByeRobots.Scoring.Model;
using ByeByeRobots.Training.Synthetic;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace ByeByeRobots.Training;

/// <summary>
/// Trains the humanity model on generated sessions: FastTree boosted trees with Platt-calibrated
/// probabilities (the service reads each score's strongest reasons off the trees).
/// One thread and a fixed seed: the same seed gives the same model.
/// </summary>
public static class ModelTrainer
{
    public sealed record Result(ITransformer Model, string Metrics);

    public static Result Train(int seed, int humans, int bots)
    {
        var sessions = new SessionGenerator(seed).Generate(humans, bots).ToList();
        var rows = sessions.Select(s =>
        {
            var features = new float[FeatureExtractor.Count];
            FeatureExtractor.ExtractForModel(s.Signals, features);
            return new ModelInput { Features = features, Label = s.Human };
        }).ToList();

        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(rows);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: seed);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(ModelInput.Label),
            FeatureColumnName = nameof(ModelInput.Features),
            NumberOfTrees = 300,
            NumberOfLeaves = 8,
            MinimumExampleCountPerLeaf = 100,
            LearningRate = 0.05,
            FeatureFraction = 0.5,
            NumberOfThreads = 1,
        });
        // The trees alone: the service reads each score's reasons off them (TreeContributions).
        var model = trainer.Fit(split.TrainSet);

        var holdout = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet), nameof(ModelInput.Label));
        var metrics = new StringBuilder();
        metrics.AppendLine(CultureInfo.InvariantCulture, $"# Training metrics (seed {seed})");
        metrics.AppendLine();
        metrics.AppendLine(CultureInfo.InvariantCulture, $"Generated sessions: {humans} human, {bots} bot (the probability is calibrated to this prior) ({SessionGenerator.HumanFamilies.Count} human and {SessionGenerator.BotFamilies.Count} bot families, in turn); 80 % trained on, 20 % held out.");
        metrics.AppendLine($"Features withheld from the model (they measure the task, not the person): {string.Join(", ", FeatureExtractor.WithheldFromModel)}.");
        metrics.AppendLine("FastTree: 300 trees, 8 leaves, at least 100 sessions a leaf, learning rate 0.05, half the features per tree (small trees: they transfer better to real sessions); Platt calibration.");
        metrics.AppendLine();
        metrics.AppendLine("| on the held-out generated sessions | value |");
        metrics.AppendLine("| --- | --- |");
        metrics.AppendLine(CultureInfo.InvariantCulture, $"| ROC AUC | {holdout.AreaUnderRocCurve:F4} |");
        metrics.AppendLine(CultureInfo.InvariantCulture, $"| accuracy at 0.5 | {holdout.Accuracy:F4} |");
        metrics.AppendLine(CultureInfo.InvariantCulture, $"| log-loss | {holdout.LogLoss:F4} |");
        return new Result(model, metrics.ToString());
    }

    public static void Save(ITransformer model, string path)
    {
        var ml = new MLContext(0);
        var schema = ml.Data.LoadFromEnumerable(Array.Empty<ModelInput>()).Schema;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        ml.Model.Save(model, schema, path);
    }
}
