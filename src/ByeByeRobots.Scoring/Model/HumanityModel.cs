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
    private readonly TreeContributions? _contributions;

    private HumanityModel(ITransformer transformer, string name)
    {
        Name = name;
        Transformer = transformer;

        // The engines give the probability; the reasons are read off the trees directly, at a
        // fraction of the cost of ML.NET's feature-contribution step.
        _contributions = TreeContributions.From(transformer);
        _engines = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 4 }
            .Create(new EnginePolicy(transformer));

        // Fail on load, not on the first verify, when the file is not a model of this schema.
        var probe = _engines.Get();
        try
        {
            probe.Predict(new ModelInput());
        }
        finally
        {
            _engines.Return(probe);
        }
    }

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
        var input = new ModelInput();
        FeatureExtractor.ExtractForModel(signals, input.Features);
        return Score(input);
    }

    public ScoreResult Score(ModelInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var engine = _engines.Get();
        ModelOutput output;
        try
        {
            output = engine.Predict(input);
        }
        finally
        {
            _engines.Return(engine);
        }

        var probability = float.IsNaN(output.Probability) ? 0 : Math.Clamp(output.Probability, 0, 1);
        if (_contributions is null)
        {
            return new ScoreResult(probability, []);
        }

        Span<double> contributions = stackalloc double[ModelInput.FeatureCount];
        _contributions.Explain(input.Features, contributions);
        return new ScoreResult(probability, Strongest(contributions));
    }

    /// <summary>The probability the trees give by themselves, for tests of <see cref="TreeContributions"/>; null for a model of another kind.</summary>
    internal double? TreeProbability(ModelInput input)
    {
        Span<double> contributions = stackalloc double[ModelInput.FeatureCount];
        return _contributions?.Explain(input.Features, contributions);
    }

    /// <summary>
    /// The reasons of a score: the three strongest credits against a person (most negative
    /// first), then the three strongest for one (most positive first). The verify path logs the
    /// ones on its verdict's side (<see cref="ScoreResult"/>).
    /// </summary>
    internal static ScoreContribution[] Strongest(ReadOnlySpan<double> contributions)
    {
        Span<int> against = [-1, -1, -1];
        Span<int> toward = [-1, -1, -1];
        var againstCount = Top(contributions, -1, against);
        var towardCount = Top(contributions, 1, toward);
        var result = new ScoreContribution[againstCount + towardCount];
        for (var r = 0; r < againstCount; r++)
        {
            result[r] = new ScoreContribution(FeatureExtractor.Names[against[r]], contributions[against[r]]);
        }

        for (var r = 0; r < towardCount; r++)
        {
            result[againstCount + r] = new ScoreContribution(FeatureExtractor.Names[toward[r]], contributions[toward[r]]);
        }

        return result;
    }

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
