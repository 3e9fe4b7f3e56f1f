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

    /// <summary>The probability of a person and the three feature contributions that pushed it furthest toward its side (see <see cref="Strongest"/>).</summary>
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
        return new ScoreResult(probability, Strongest(contributions, probability));
    }

    /// <summary>The probability the trees give by themselves, for tests of <see cref="TreeContributions"/>; null for a model of another kind.</summary>
    internal double? TreeProbability(ModelInput input)
    {
        Span<double> contributions = stackalloc double[ModelInput.FeatureCount];
        return _contributions?.Explain(input.Features, contributions);
    }

    /// <summary>
    /// The three features that pushed the score furthest toward the side it landed on: the
    /// strongest negative credits when the model leans to a bot (probability under 0.5), the
    /// strongest positive ones otherwise. A failed session's log line says why it failed, not
    /// which of its features looked human.
    /// </summary>
    internal static ScoreContribution[] Strongest(ReadOnlySpan<double> contributions, double probability)
    {
        var sign = probability < 0.5 ? -1 : 1;
        Span<int> top = [-1, -1, -1];
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
                    for (var move = top.Length - 1; move > slot; move--)
                    {
                        top[move] = top[move - 1];
                    }

                    top[slot] = i;
                    break;
                }
            }
        }

        var found = 0;
        while (found < top.Length && top[found] >= 0)
        {
            found++;
        }

        var result = new ScoreContribution[found];
        for (var r = 0; r < found; r++)
        {
            result[r] = new ScoreContribution(FeatureExtractor.Names[top[r]], contributions[top[r]]);
        }

        return result;
    }

    private sealed class EnginePolicy(ITransformer transformer) : IPooledObjectPolicy<PredictionEngine<ModelInput, ModelOutput>>
    {
        public PredictionEngine<ModelInput, ModelOutput> Create() => Context.Model.CreatePredictionEngine<ModelInput, ModelOutput>(transformer);

        public bool Return(PredictionEngine<ModelInput, ModelOutput> obj) => true;
    }
}
