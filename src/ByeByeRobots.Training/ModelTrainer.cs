using System.Globalization;
using System.Text;
using ByeByeRobots.Core.Signals;
using ByeByeRobots.Scoring.Features;
using ByeByeRobots.Scoring.Model;
using ByeByeRobots.Training.Synthetic;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace ByeByeRobots.Training;

/// <summary>
/// Trains the humanity model: FastTree boosted trees with Platt-calibrated probabilities (the
/// service reads each score's strongest reasons off the trees), on generated sessions and, with a
/// real share above 0, on real recorded ones beside them. Each source carries its share of the
/// total weight, and within each source people weigh twice the bots (the prior the probability is
/// calibrated to: a State procedure's traffic is mostly people), so that a few hundred real
/// sessions and twelve thousand generated ones can be weighed against each other.
/// The shipped model's real share is 0: leave-one-family-out on DELBOT, at every share tried
/// (3 % to 50 %, with and without the real bots), let more of the held-out bot family pass and
/// fewer of the held-out people (docs/model-evaluation/README.md).
/// One thread and a fixed seed: the same seed and the same real sessions give the same model.
/// </summary>
public static class ModelTrainer
{
    /// <summary>FastTree's settings; small trees with many sessions a leaf transfer better to sessions unlike the training ones.</summary>
    public const string Settings = "FastTree: 300 trees, 8 leaves, at least 100 sessions a leaf, learning rate 0.05, half the features per tree; Platt calibration";

    /// <summary>The share of each source's weight that its people carry (two people for each bot).</summary>
    private const double HumanShare = 2.0 / 3;

    /// <summary>The share of the total weight the real sessions carry in the shipped model (see the class summary).</summary>
    public const double RealShare = 0;

    public sealed record Result(ITransformer Model, string Metrics);

    /// <summary>One session's model input and label.</summary>
    public sealed record Row(float[] Features, bool Human);

    /// <summary>Generates the seed's sessions and trains on them and on <paramref name="real"/> (empty: generated sessions only).</summary>
    public static Result Train(int seed, int humans, int bots, IReadOnlyList<LabelledRecord>? real = null, double realShare = RealShare)
    {
        real = realShare > 0 ? real ?? [] : [];
        var model = Fit(seed, Generated(seed, humans, bots), Rows(real.Select(r => (r.Signals, r.Human))), realShare);
        var metrics = new StringBuilder();
        metrics.AppendLine(CultureInfo.InvariantCulture, $"# Training (seed {seed})");
        metrics.AppendLine();
        metrics.AppendLine(CultureInfo.InvariantCulture, $"Generated sessions: {humans} people, {bots} bots ({SessionGenerator.HumanFamilies.Count} human and {SessionGenerator.BotFamilies.Count} bot families, in turn).");
        metrics.AppendLine(real.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"Real sessions: {real.Count(r => r.Human)} people, {real.Count(r => !r.Human)} bots ({string.Join(", ", real.Select(r => r.Family).Distinct().Order(StringComparer.Ordinal))}).")
            : "Real sessions: none (real share 0).");
        metrics.AppendLine(CultureInfo.InvariantCulture, $"Weights: real sessions {(real.Count > 0 ? realShare : 0):P0} of the total{(real.Count > 0 ? "" : " (none: leave-one-family-out showed that they hurt the families they did not include)")}; within a source, people two thirds and bots one third (the prior the probability is calibrated to).");
        metrics.AppendLine(CultureInfo.InvariantCulture, $"Features withheld from the model (they measure the task or the device, not the person): {string.Join(", ", FeatureExtractor.WithheldFromModel)}.");
        metrics.AppendLine(CultureInfo.InvariantCulture, $"{Settings}.");
        metrics.AppendLine();
        metrics.AppendLine("The model's figures are those of cross-validation on real sessions (`evaluate --cross-validate`, docs/model-evaluation/).");
        return new Result(model, metrics.ToString());
    }

    /// <summary>The model inputs of the seed's generated sessions.</summary>
    public static List<Row> Generated(int seed, int humans, int bots) =>
        Rows(new SessionGenerator(seed).Generate(humans, bots).Select(s => (s.Signals, s.Human)));

    public static List<Row> Rows(IEnumerable<(InteractionSignals Signals, bool Human)> sessions) =>
        sessions.Select(s =>
        {
            var features = new float[FeatureExtractor.Count];
            FeatureExtractor.ExtractForModel(s.Signals, features);
            return new Row(features, s.Human);
        }).ToList();

    /// <summary>
    /// Trains on generated rows and, when <paramref name="realShare"/> is above 0, on real rows carrying
    /// that share of the total weight (without <paramref name="realBots"/>, the real people only). In
    /// every source people carry two thirds of its weight and bots one third, whether or not it has
    /// both (a source of people only leaves its bots' third unused). A real share of 0 ignores the real
    /// rows entirely: the model is the one trained on the generated rows alone.
    /// </summary>
    public static ITransformer Fit(int seed, IReadOnlyList<Row> generated, IReadOnlyList<Row> real, double realShare = RealShare, bool realBots = true)
    {
        if (realShare is < 0 or >= 1 || double.IsNaN(realShare))
        {
            throw new ArgumentOutOfRangeException(nameof(realShare), realShare, "The real sessions' share of the weight is in [0, 1).");
        }

        real = realShare == 0 ? [] : realBots ? real : [.. real.Where(r => r.Human)];
        var sources = new[] { (Rows: generated, Share: real.Count > 0 ? 1 - realShare : 1), (Rows: real, Share: realShare) }.Where(s => s.Rows.Count > 0).ToList();
        var total = sources.Sum(s => s.Rows.Count);
        var rows = new List<TrainingRow>(total);
        foreach (var (source, share) in sources)
        {
            var people = source.Count(r => r.Human);
            var bots = source.Count - people;
            // Weights normalised so that the mean weight over all rows is 1 when every source has people and bots.
            var scale = total * share;
            var humanWeight = people > 0 ? (float)(scale * HumanShare / people) : 0;
            var botWeight = bots > 0 ? (float)(scale * (1 - HumanShare) / bots) : 0;
            rows.AddRange(source.Select(r => new TrainingRow { Features = r.Features, Label = r.Human, Weight = r.Human ? humanWeight : botWeight }));
        }

        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(rows);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(TrainingRow.Label),
            FeatureColumnName = nameof(TrainingRow.Features),
            ExampleWeightColumnName = nameof(TrainingRow.Weight),
            NumberOfTrees = 300,
            NumberOfLeaves = 8,
            MinimumExampleCountPerLeaf = 100,
            LearningRate = 0.05,
            FeatureFraction = 0.5,
            NumberOfThreads = 1,
        });
        // The trees alone: the service reads each score's reasons off them (TreeContributions).
        return trainer.Fit(data);
    }

    public static void Save(ITransformer model, string path)
    {
        var ml = new MLContext(0);
        var schema = ml.Data.LoadFromEnumerable(Array.Empty<ModelInput>()).Schema;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        ml.Model.Save(model, schema, path);
    }

    /// <summary>A training row: the model's input, its label and its weight.</summary>
    private sealed class TrainingRow
    {
        [VectorType(ModelInput.FeatureCount)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public float Weight { get; set; }
    }
}
