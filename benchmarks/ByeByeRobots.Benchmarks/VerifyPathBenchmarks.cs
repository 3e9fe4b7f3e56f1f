using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ByeByeRobots.Core.Challenges;
using ByeByeRobots.Core.Scoring;
using ByeByeRobots.Core.Signals;
using ByeByeRobots.Core.Sites;
using ByeByeRobots.Core.Tokens;

namespace ByeByeRobots.Benchmarks;

/// <summary>The pieces of one /v1/verify and /v1/siteverify, each measured alone.</summary>
[MemoryDiagnoser]
public class VerifyPathBenchmarks
{
    private byte[] _salt = [];
    private ulong[] _solution = [];
    private byte[] _signalsJson = [];
    private byte[] _signals2000Json = [];
    private ulong[] _pbkdf2Solution = [];
    private InteractionSignals _signals = null!;
    private TokenProtector _tokens = null!;
    private TokenClaims _claims = null!;
    private string _token = "";
    private readonly RuleBasedScorer _scorer = new();

    [GlobalSetup]
    public void Setup()
    {
        _salt = RandomNumberGenerator.GetBytes(16);
        _solution = ProofOfWork.Solve(PowAlgorithm.Sha256Lzb, _salt, 10, 0, 8);
        _pbkdf2Solution = ProofOfWork.Solve(PowAlgorithm.Pbkdf2Sha256Lzb, _salt, 4, PowDefaults.Pbkdf2Iterations, PowDefaults.Puzzles);
        _signalsJson = Encoding.UTF8.GetBytes(SignalsWithMouseEvents(500));
        _signals2000Json = Encoding.UTF8.GetBytes(SignalsWithMouseEvents(2000));
        SignalsReader.TryRead(_signalsJson, out var signals, out _);
        _signals = signals!;
        var options = new TokenOptions { ActiveKeyId = "k1", SigningKeys = { ["k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) } };
        TokenKeyRing.TryCreate(options, out var ring);
        _tokens = new TokenProtector(ring!);
        var now = DateTimeOffset.UtcNow;
        _claims = new TokenClaims(TokenIds.New(), "site-a", "login", "guichet.example.lu", 0.87, now, now.AddMinutes(5));
        _token = _tokens.Protect(_claims);
    }

    [Benchmark(Description = "Proof of work: verify 8 puzzles, sha256-lzb")]
    public bool VerifyProofOfWork() => ProofOfWork.Verify(PowAlgorithm.Sha256Lzb, _salt, 10, 0, _solution, 8);

    [Benchmark(Description = "Proof of work: verify the default pbkdf2-sha256-lzb (6 puzzles x 200 iterations)")]
    public bool VerifyPbkdf2ProofOfWork() => ProofOfWork.Verify(PowAlgorithm.Pbkdf2Sha256Lzb, _salt, 4, PowDefaults.Pbkdf2Iterations, _pbkdf2Solution, PowDefaults.Puzzles);

    [Benchmark(Baseline = true, Description = "Reference: JsonDocument.Parse alone of 500 mouse events (where the reader before one pass began, 102 µs with its two walks)")]
    public int ParseDocument()
    {
        using var document = JsonDocument.Parse(_signalsJson);
        return document.RootElement.GetPropertyCount();
    }

    [Benchmark(Description = "Signals: one pass (Utf8JsonReader), parse + validate 500 mouse events")]
    public InteractionSignals? ReadSignals()
    {
        SignalsReader.TryRead(_signalsJson, out var signals, out _);
        return signals;
    }

    [Benchmark(Description = "Signals: one pass (Utf8JsonReader), parse + validate 2,000 mouse events")]
    public InteractionSignals? ReadSignals2000()
    {
        SignalsReader.TryRead(_signals2000Json, out var signals, out _);
        return signals;
    }

    [Benchmark(Description = "Scoring: rule-based, 500 mouse events")]
    public double Score() => _scorer.Score(_signals).Score;

    [Benchmark(Description = "Token: protect")]
    public string ProtectToken() => _tokens.Protect(_claims);

    [Benchmark(Description = "Token: unprotect")]
    public bool UnprotectToken() => _tokens.TryUnprotect(_token, out _);

    internal static string SignalsWithMouseEvents(int count)
    {
        var random = new Random(1);
        var mouse = new StringBuilder();
        var t = 100.0;
        for (var i = 0; i < count; i++)
        {
            t += 8 + random.NextDouble() * 12;
            mouse.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"[{t:F1},{(int)(640 + 300 * Math.Cos(i / 40.0))},{(int)(360 + 200 * Math.Sin(i / 30.0))},0]");
        }

        const string Env = """{"webdriver":false,"languages":["fr-LU","fr"],"timezone":"Europe/Luxembourg","screen":[1920,1080,1],"viewport":[1280,720],"touchPoints":0,"ua":"Mozilla/5.0"}""";
        return string.Create(CultureInfo.InvariantCulture, $"{{\"v\":1,\"t\":{t + 400:F1},\"mouse\":[{mouse}],\"keys\":[[900,1],[980,2]],\"focus\":[[850,1]],\"env\":") + Env + "}";
    }
}
