using ByeByeRobots.Core.Signals;

namespace ByeByeRobots.Scoring.Features;

/// <summary>
/// Turns the interaction signals of one verify (protocol section 5) into the fixed feature
/// vector of the humanity model. Pure and thread-safe; the only allocations are pooled
/// scratch arrays. A modality that is absent (no pointer, no keys) gives <see cref="Missing"/>
/// for its statistics: absence is a fact the model sees, never a bot signal by itself.
/// </summary>
public static class FeatureExtractor
{
    /// <summary>The value of a statistic that cannot be computed (no such events).</summary>
    public const float Missing = -1f;

    /// <summary>The feature names, in vector order: the model's schema and the logs' vocabulary (<see cref="FeatureRegistry"/>).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. FeatureRegistry.All.Select(f => f.Name)];

    public static int Count => Names.Count;

    /// <summary>Fills <paramref name="features"/> (length <see cref="Count"/>) from <paramref name="signals"/>.</summary>
    public static void Extract(InteractionSignals signals, Span<float> features)
    {
        ArgumentNullException.ThrowIfNull(signals);
        if (features.Length < Count)
        {
            throw new ArgumentException($"The feature span needs {Count} elements.", nameof(features));
        }

        features.Fill(Missing);
        var useTouch = signals.Touch.Length > signals.Mouse.Length;
        var pointer = useTouch ? signals.Touch : signals.Mouse;
        PointerFeatures.Extract(pointer, useTouch, features);
        KeyboardFeatures.Extract(signals.Keys, features);
        SessionFeatures.Extract(signals, features);
    }

    /// <summary>
    /// Features computed for diagnostics and withheld from the model (each definition says why:
    /// they measure the task or the device more than the person).
    /// </summary>
    public static IReadOnlyList<string> WithheldFromModel { get; } = [.. FeatureRegistry.All.Where(f => f.Withheld).Select(f => f.Name)];

    private static readonly int[] WithheldIndexes = [.. FeatureRegistry.All.Where(f => f.Withheld).Select(f => f.Index)];

    /// <summary>The model's input: <see cref="Extract(InteractionSignals, Span{float})"/> with <see cref="WithheldFromModel"/> set to <see cref="Missing"/>.</summary>
    public static void ExtractForModel(InteractionSignals signals, Span<float> features)
    {
        Extract(signals, features);
        foreach (var i in WithheldIndexes)
        {
            features[i] = Missing;
        }
    }

    /// <summary>The features as a new array (tools and tests; the service uses the span overload).</summary>
    public static float[] Extract(InteractionSignals signals)
    {
        var features = new float[Count];
        Extract(signals, features);
        return features;
    }
}
