using ByeByeRobots.Core.Scoring;
using ByeByeRobots.Core.Signals;
using ByeByeRobots.Scoring.Features;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace ByeByeRobots.Scoring.Model;

/// <summary>
/// A loaded model and its pool of prediction engines (a <see cref="PredictionEngine{TSrc,TDst}"/>
/// is not thread-safe; one is taken from the pool per score). Immutable once built: a new
/// model file gives a new <see cref="HumanityModel"/>.
/// </summary>
public sealed class HumanityModel
{
    private static readonly MLContext Context = new(seed: 0);
    private readonly ObjectPool<PredictionEngine<ModelInput, ModelOutput>> _engines;
    // The trees that score (and explain) when they agree with the engine; otherwise, trees that
    // only explain a score the engine gives (null for a model of another kind).
    private readonly TreeContributions? _trees;
    private readonly TreeContributions? _explainOnly;

    private HumanityModel(ITransformer transformer, string name)
    {
        Name = name;
        Transformer = transformer;
        _engines = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 4 }
            .Create(new EnginePolicy(transformer));

        // Fail on load, not on the first verify, when the file is not a model of this schema.
        var probe = new ModelInput();
        var engineProbability = EngineProbability(probe);

        // A FastTree model with Platt calibration is scored by walking its trees here, which gives
        // the probability and the reasons in one walk, without the engine's data-view machinery
        // (about 30 µs of 300 trees); any other model, or trees that do not give the engine's
        // answer on load, keep ML.NET's own path.
        var trees = TreeContributions.From(transformer);
        _trees = trees is not null && AgreesWithEngine(trees, probe, engineProbability) ? trees : null;
        _explainOnly = _trees is null ? trees : null;
    }

    /// <summary>True when scores come from the service's own walk of the model's trees, not from an ML.NET prediction engine.</summary>
    public bool ScoresByTrees => _trees is not null;

    /// <summary>Where the model came from: "embedded" or the file's name and time.</summary>
    public string Name { get; }

    public ITransformer Transformer { get; }

    /// <summary>The model that ships with the service (trained by <c>ByeByeRobots.Training</c>).</summary>
    public static HumanityModel LoadEmbedded()
    {
        using var stream = typeof(HumanityModel).Assembly.GetManifestResourceStream("ByeByeRobots.Scoring.model.zip")
            ?? throw new InvalidOperationException("The embedded model is missing: run `dotnet run --project src/ByeByeRobots.Training -- train`.");
        return Load(stream, "embedded");
    }

    public static HumanityModel LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, $"{Path.GetFileName(path)}@{File.GetLastWriteTimeUtc(path):yyyy-MM-ddTHH:mm:ssZ}");
    }

    public static HumanityModel Load(Stream stream, string name)
    {
        var transformer = Context.Model.Load(stream, out _);
        return new HumanityModel(transformer, name);
    }

    public static HumanityModel FromTransformer(ITransformer transformer, string name) => new(transformer, name);

    /// <summary>The probability of a person and its strongest reasons each way (see <see cref="Strongest"/>).</summary>
    public ScoreResult Score(InteractionSignals signals)
    {
        if (_trees is null)
        {
            var input = new ModelInput();
            FeatureExtractor.ExtractForModel(signals, input.Features);
            return Score(input);
        }

        // The verify path: features on the stack, one walk of the trees for score and reasons.
        Span<float> features = stackalloc float[ModelInput.FeatureCount];
        FeatureExtractor.ExtractForModel(signals, features);
        return ScoreByTrees(_trees, features);
    }

    public ScoreResult Score(ModelInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_trees is not null)
        {
            return ScoreByTrees(_trees, input.Features);
        }

        var engine = Math.Clamp(EngineProbability(input), 0, 1);
        if (_explainOnly is null)
        {
            return new ScoreResult(engine, []);
        }

        Span<double> contributions = stackalloc double[ModelInput.FeatureCount];
        Span<double> lowSide = stackalloc double[ModelInput.FeatureCount];
        _explainOnly.Explain(input.Features, contributions, lowSide);
        return new ScoreResult(engine, Strongest(contributions, lowSide, input.Features));
    }

    private static ScoreResult ScoreByTrees(TreeContributions trees, ReadOnlySpan<float> features)
    {
        Span<double> contributions = stackalloc double[ModelInput.FeatureCount];
        Span<double> lowSide = stackalloc double[ModelInput.FeatureCount];
        var probability = trees.Explain(features, contributions, lowSide);
        return new ScoreResult(double.IsNaN(probability) ? 0 : Math.Clamp(probability, 0, 1), Strongest(contributions, lowSide, features));
    }

    /// <summary>The probability ML.NET's prediction engine gives (NaN read as 0): the reference the trees are checked against.</summary>
    internal double EngineProbability(ModelInput input)
    {
        var engine = _engines.Get();
        try
        {
            var probability = engine.Predict(input).Probability;
            return float.IsNaN(probability) ? 0 : probability;
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    /// <summary>The probability the trees give by themselves, for tests of <see cref="TreeContributions"/>; null for a model of another kind.</summary>
    internal double? TreeProbability(ModelInput input)
    {
        Span<double> contributions = stackalloc double[ModelInput.FeatureCount];
        return (_trees ?? _explainOnly)?.Explain(input.Features, contributions);
    }

    /// <summary>The trees against the engine on the probe and on inputs that route splits both ways (missing, mid-range, large values).</summary>
    private bool AgreesWithEngine(TreeContributions trees, ModelInput probe, double engineProbability)
    {
        Span<double> scratch = stackalloc double[ModelInput.FeatureCount];
        if (Math.Abs(trees.Explain(probe.Features, scratch) - engineProbability) > 1e-4)
        {
            return false;
        }

        var random = new Random(17);
        for (var i = 0; i < 16; i++)
        {
            var input = new ModelInput();
            for (var f = 0; f < input.Features.Length; f++)
            {
                input.Features[f] = random.Next(4) switch { 0 => FeatureExtractor.Missing, 1 => (float)random.NextDouble(), 2 => (float)(random.NextDouble() * 10), _ => 0 };
            }

            scratch.Clear();
            if (Math.Abs(trees.Explain(input.Features, scratch) - EngineProbability(input)) > 1e-4)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The reasons of a score: the three strongest credits against a person (most negative
    /// first), then the three strongest for one (most positive first), each with its direction.
    /// Only features the session has are named: none whose value is missing, no pointer feature
    /// for a session without a pointer, no click feature without a press, no key feature without
    /// typing (the trees still score them: a keyboard-only session's lack of a pointer is a fact
    /// the model weighs, not a reason a reader can act on). The verify path logs the ones on its
    /// verdict's side (<see cref="ScoreResult"/>).
    /// </summary>
    internal static ScoreContribution[] Strongest(ReadOnlySpan<double> contributions, ReadOnlySpan<double> lowSide, ReadOnlySpan<float> features)
    {
        Span<double> eligible = stackalloc double[contributions.Length];
        for (var i = 0; i < contributions.Length; i++)
        {
            eligible[i] = Describes(FeatureRegistry.All[i], features) ? contributions[i] : 0;
        }

        Span<int> against = [-1, -1, -1];
        Span<int> toward = [-1, -1, -1];
        var againstCount = Top(eligible, -1, against);
        var towardCount = Top(eligible, 1, toward);
        var result = new ScoreContribution[againstCount + towardCount];
        for (var r = 0; r < againstCount; r++)
        {
            result[r] = Reason(against[r], contributions, lowSide);
        }

        for (var r = 0; r < towardCount; r++)
        {
            result[againstCount + r] = Reason(toward[r], contributions, lowSide);
        }

        return result;
    }

    /// <summary>True when the session has what <paramref name="feature"/> describes.</summary>
    internal static bool Describes(FeatureDefinition feature, ReadOnlySpan<float> features) =>
        features[feature.Index] != FeatureExtractor.Missing && feature.Needs switch
        {
            FeatureNeeds.PointerEvents => features[FeatureRegistry.PointerPresent.Index] > 0,
            FeatureNeeds.Clicks => features[FeatureRegistry.ClickDwellMedian.Index] != FeatureExtractor.Missing,
            FeatureNeeds.Keys => features[FeatureRegistry.KeysDowns.Index] > 0,
            _ => true,
        };

    // Low when most of the credit, by size, came from splits the value was at or below (lowSide: sizes below minus sizes above).
    private static ScoreContribution Reason(int i, ReadOnlySpan<double> contributions, ReadOnlySpan<double> lowSide) =>
        new(FeatureExtractor.Names[i], contributions[i], lowSide[i] >= 0 ? "low" : "high");

    /// <summary>Fills <paramref name="top"/> with the indexes of the largest <c>sign · contribution</c> above 0, largest first; returns how many.</summary>
    private static int Top(ReadOnlySpan<double> contributions, int sign, Span<int> top)
    {
        var found = 0;
        for (var i = 0; i < contributions.Length; i++)
        {
            var size = sign * contributions[i];
            if (size <= 0)
            {
                continue;
            }

            for (var slot = 0; slot < top.Length; slot++)
            {
                if (top[slot] < 0 || size > sign * contributions[top[slot]])
                {
                    found += top[^1] < 0 ? 1 : 0;
                    for (var move = top.Length - 1; move > slot; move--)
                    {
                        top[move] = top[move - 1];
                    }

                    top[slot] = i;
                    break;
                }
            }
        }

        return found;
    }

    private sealed class EnginePolicy(ITransformer transformer) : IPooledObjectPolicy<PredictionEngine<ModelInput, ModelOutput>>
    {
        public PredictionEngine<ModelInput, ModelOutput> Create() => Context.Model.CreatePredictionEngine<ModelInput, ModelOutput>(transformer);

        public bool Return(PredictionEngine<ModelInput, ModelOutput> obj) => true;
    }
}
