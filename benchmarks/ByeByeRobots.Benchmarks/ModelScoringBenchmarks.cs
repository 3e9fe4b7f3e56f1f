using BenchmarkDotNet.Attributes;
using ByeByeRobots.Core.Signals;
using ByeByeRobots.Scoring.Features;
using ByeByeRobots.Scoring.Model;
using Microsoft.Extensions.Logging.Abstractions;

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
        _scorer = new ModelScorer(HumanityModel.LoadEmbedded(), NullLogger<ModelScorer>.Instance);
    }

    [GlobalCleanup]
    public void Cleanup() => _scorer.Dispose();

    [Benchmark(Description = "Features: 500 mouse events")]
    public float Features()
    {
        FeatureExtractor.Extract(_signals, _features);
        return _features[0];
    }

    [Benchmark(Description = "Model: features + prediction, 500 mouse events")]
    public double Score() => _scorer.Score(_signals).Score;
}
