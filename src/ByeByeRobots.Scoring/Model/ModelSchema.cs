using ByeByeRobots.Scoring.Features;
using Microsoft.ML.Data;

namespace ByeByeRobots.Scoring.Model;

/// <summary>One session as the model reads it: the feature vector and, for training, the label.</summary>
public sealed class ModelInput
{
    /// <summary>The length of <see cref="Features"/>; must equal <see cref="FeatureExtractor.Count"/>.</summary>
    public const int FeatureCount = 51;

    [VectorType(FeatureCount)]
    public float[] Features { get; set; } = new float[FeatureCount];

    /// <summary>True for a person (training and evaluation only).</summary>
    public bool Label { get; set; }
}

/// <summary>What the model answers: the calibrated probability of a person (the reasons come from <see cref="TreeContributions"/>).</summary>
public sealed class ModelOutput
{
    public float Probability { get; set; }

    public float Score { get; set; }

    public bool PredictedLabel { get; set; }
}
