using BenchmarkDotNet.Attributes;
using ByeByeRobots.Core.Signals;
using ByeByeRobots.Scoring.Features;
using ByeByeRobots.Scoring.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML;

namespace ByeByeRobots.Benchmarks;

/// <summary>The humanity model on one 500-event mouse session: features alone, and features + prediction.</summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet disposes through [GlobalCleanup].
public class ModelScoringBenchmarks
#pragma warning restore CA1001
{
    private readonly float[] _features = new float[FeatureExtractor.Count];
    private InteractionSignals _signals = null!;
    private ModelScorer _scorer = null!;
    private PredictionEngine<ModelInput, ModelOutput> _engine = null!;
    private readonly ModelInput _input = new();

    [GlobalSetup]
    public void Setup()
    {
        // A curved, uneven path: 500 moves at about 60 Hz with pauses, two clicks.
        var random = new Random(5);
        var mouse = new List<PointerSample>();
        double t = 300, x = 200, y = 200, heading = 0;
        for (var i = 0; i < 498; i++)
        {
            t += 16.7 + (random.NextDouble() * 0.6) + (i % 90 == 89 ? 400 : 0);
            heading += (random.NextDouble() - 0.5) * 0.4;
            var speed = 2 + (6 * Math.Abs(Math.Sin(i / 15.0)));
            x = Math.Clamp(x + (speed * Math.Cos(heading)), 0, 1279);
            y = Math.Clamp(y + (speed * Math.Sin(heading)), 0, 719);
            mouse.Add(new PointerSample(t, (int)x, (int)y, 0));
        }

        mouse.Add(new PointerSample(t + 120, (int)x, (int)y, 1));
        mouse.Add(new PointerSample(t + 210, (int)x, (int)y, 2));
        var env = new BrowserEnvironment(false, ["fr-LU"], "Europe/Luxembourg", 1920, 1080, 1, 1280, 720, 0, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/142.0.0.0 Safari/537.36");
        _signals = new InteractionSignals(t + 300, [.. mouse], [], [], [], [], 0, env);
        var model = HumanityModel.LoadEmbedded();
        _scorer = new ModelScorer(model, NullLogger<ModelScorer>.Instance);
        _engine = new MLContext(seed: 0).Model.CreatePredictionEngine<ModelInput, ModelOutput>(model.Transformer);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scorer.Dispose();
        _engine.Dispose();
    }

    [Benchmark(Description = "Features: 500 mouse events")]
    public float Features()
    {
        FeatureExtractor.Extract(_signals, _features);
        return _features[0];
    }

    [Benchmark(Baseline = true, Description = "Before: features + ML.NET engine's prediction, 500 mouse events (no reasons)")]
    public float EnginePrediction()
    {
        FeatureExtractor.ExtractForModel(_signals, _input.Features);
        return _engine.Predict(_input).Probability;
    }

    [Benchmark(Description = "Model: features + prediction + reasons (one walk of the trees), 500 mouse events")]
    public double Score() => _scorer.Score(_signals).Score;
}
