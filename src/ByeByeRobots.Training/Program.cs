// The humanity model's tools.
//   train     [--seed 20261123] [--humans 8000] [--bots 4000] [--real-share 0] [--real ../shared/datasets/delbot-dev.jsonl] [--out src/ByeByeRobots.Scoring/Model/model.zip]
//   evaluate  --data FILE.jsonl [--config appsettings.json] [--site KEY] [--model model.zip] [--out DIR]
//   evaluate  --cross-validate --data FILE.jsonl [--seeds 5] [--folds 5] [--humans N] [--bots N] [--real-share S] [--real-labels both|human] [--withhold a,b] [--config …] [--site KEY] [--out DIR]
//   generate  --out FILE.jsonl [--seed N] [--humans N] [--bots N]   (the synthetic sessions, same format as shared/datasets)
using System.Globalization;
using System.Text.Json;
using ByeByeRobots.Core.Signals;
using ByeByeRobots.Core.Sites;
using ByeByeRobots.Scoring.Model;
using ByeByeRobots.Training;
using ByeByeRobots.Training.Synthetic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

var command = args.Length > 0 ? args[0] : "help";
var options = Options(args.Skip(1).ToArray());
string Get(string name, string fallback) => options.TryGetValue(name, out var value) ? value : fallback;
double RealShare() => options.TryGetValue("real-share", out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : ModelTrainer.RealShare;
int GetInt(string name, int fallback) => options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

switch (command)
{
    case "train":
    {
        var seed = GetInt("seed", TrainingDefaults.Seed);
        var output = Get("out", TrainingDefaults.ModelPath);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var realPath = Get("real", TrainingDefaults.RealSessions);
        var realShare = RealShare();
        if (realShare is < 0 or >= 1)
        {
            Console.Error.WriteLine("--real-share is the real sessions' share of the training weight, in [0, 1).");
            return 2;
        }

        List<LabelledRecord> real = [];
        if (realPath != "none" && realShare > 0)
        {
            if (!File.Exists(realPath))
            {
                Console.Error.WriteLine($"The real sessions {realPath} are missing (--real-share above 0 trains on them; run from the repository's root with ../shared beside it, or pass --real FILE).");
                return 2;
            }

            real = ModelEvaluator.Read(realPath).Sessions;
        }

        var result = ModelTrainer.Train(seed, GetInt("humans", TrainingDefaults.Humans), GetInt("bots", TrainingDefaults.Bots), real, realShare);
        ModelTrainer.Save(result.Model, output);
        var metricsPath = Path.ChangeExtension(output, ".metrics.md");
        await File.WriteAllTextAsync(metricsPath, result.Metrics);
        Console.WriteLine(result.Metrics);
        Console.WriteLine($"Model written to {output}, metrics to {metricsPath} ({started.Elapsed.TotalSeconds:F0} s).");
        return 0;
    }

    case "evaluate":
    {
        if (!options.TryGetValue("data", out var data))
        {
            Console.Error.WriteLine("evaluate needs --data FILE.jsonl");
            return 2;
        }

        var thresholds = Thresholds(options.GetValueOrDefault("config"), options.GetValueOrDefault("site"));
        if (options.ContainsKey("cross-validate"))
        {
            var labels = Get("real-labels", "both");
            var share = RealShare();
            if (labels is not ("both" or "human") || share is < 0 or >= 1)
            {
                Console.Error.WriteLine("--real-labels is both or human; --real-share is in [0, 1).");
                return 2;
            }

            var (real, rejected) = ModelEvaluator.Read(data);
            var firstSeed = GetInt("seed", TrainingDefaults.Seed);
            var settings = new CrossValidation.Settings(
                [.. Enumerable.Range(0, GetInt("seeds", 5)).Select(i => firstSeed + i)], GetInt("humans", TrainingDefaults.Humans), GetInt("bots", TrainingDefaults.Bots), GetInt("folds", 5), share)
            {
                Withheld = options.TryGetValue("withhold", out var withhold) ? withhold.Split(',', StringSplitOptions.RemoveEmptyEntries) : [],
                RealBots = labels == "both",
            };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var folds = CrossValidation.Run(real, settings, line => Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {line}"));
            var directory = Get("out", Path.Combine("evaluation", Path.GetFileNameWithoutExtension(data) + "-cross-validated"));
            Console.WriteLine(CrossValidation.Write(folds, settings, thresholds, Path.GetFileName(data), rejected, directory));
            Console.WriteLine($"Report and plots written to {directory}/ ({clock.Elapsed.TotalMinutes:F1} min).");
            return 0;
        }

        var model = options.TryGetValue("model", out var modelPath) ? HumanityModel.LoadFile(modelPath) : HumanityModel.LoadEmbedded();
        using var scorer = new ModelScorer(model, NullLogger<ModelScorer>.Instance);
        var (sessions, refused) = ModelEvaluator.Read(data);
        var scored = ModelEvaluator.Score(scorer, sessions);
        var outDirectory = Get("out", Path.Combine("evaluation", Path.GetFileNameWithoutExtension(data)));
        Directory.CreateDirectory(outDirectory);
        var report = ModelEvaluator.Report(scored, thresholds, Path.GetFileName(data), scorer.Name, refused);
        await File.WriteAllTextAsync(Path.Combine(outDirectory, "report.md"), report);
        Plots.Write(scored, thresholds, outDirectory);
        Console.WriteLine(report);
        Console.WriteLine($"Report and plots written to {outDirectory}/");
        return 0;
    }

    case "generate":
    {
        var output = Get("out", "synthetic.jsonl");
        await using var writer = new StreamWriter(output);
        foreach (var session in new SessionGenerator(GetInt("seed", TrainingDefaults.Seed)).Generate(GetInt("humans", 500), GetInt("bots", 500)))
        {
            await writer.WriteLineAsync(SessionJson.Write(session));
        }

        Console.WriteLine($"Sessions written to {output}.");
        return 0;
    }

    case "explain":
    {
        // Diagnostics: each session's score and its three strongest feature contributions.
        var model = options.TryGetValue("model", out var modelPath) ? HumanityModel.LoadFile(modelPath) : HumanityModel.LoadEmbedded();
        var (sessions, _) = ModelEvaluator.Read(Get("data", ""));
        foreach (var s in sessions)
        {
            var result = model.Score(s.Signals);
            Console.WriteLine($"{s.Family},{result.Score:F3}," + string.Join(",", result.Contributions.Select(c => c.ToString())));
        }

        return 0;
    }

    case "features":
    {
        // Diagnostics: the feature vectors of a JSON-lines file as CSV (family, label, features…).
        var (sessions, _) = ModelEvaluator.Read(Get("data", ""));
        Console.WriteLine("family,human," + string.Join(',', ByeByeRobots.Scoring.Features.FeatureExtractor.Names));
        foreach (var s in sessions)
        {
            var f = ByeByeRobots.Scoring.Features.FeatureExtractor.Extract(s.Signals);
            Console.WriteLine($"{s.Family},{(s.Human ? 1 : 0)}," + string.Join(',', f.Select(v => v.ToString("0.####", CultureInfo.InvariantCulture))));
        }

        return 0;
    }

    default:
        Console.WriteLine("""
            ByeByeRobots.Training — the humanity model's tools
              train     [--seed N] [--humans N] [--bots N] [--real-share S] [--real FILE.jsonl] [--out model.zip]
              evaluate  --data FILE.jsonl [--config appsettings.json] [--site KEY] [--model model.zip] [--out DIR]
              evaluate  --cross-validate --data FILE.jsonl [--seed N] [--seeds 5] [--folds 5] [--humans N] [--bots N]
                        [--real-share S] [--real-labels both|human] [--withhold a,b] [--config …] [--site KEY] [--out DIR]
              generate  --out FILE.jsonl [--seed N] [--humans N] [--bots N]
            """);
        return command == "help" ? 0 : 2;
}

static Dictionary<string, string> Options(string[] args)
{
    var result = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i < args.Length; i++)
    {
        // A flag without a value (--cross-validate) is followed by another option or nothing.
        var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
        result[args[i].TrimStart('-')] = hasValue ? args[++i] : "true";
    }

    return result;
}

// The thresholds of a site in a service configuration file (the first site, or --site); else the defaults.
static Thresholds Thresholds(string? config, string? site)
{
    var defaults = new SiteOptions();
    if (config is null)
    {
        return new Thresholds(defaults.PassScore, defaults.StepUpScore);
    }

    var sites = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(config)).Build().GetSection("ByeByeRobots:Sites");
    var section = site is null ? sites.GetChildren().FirstOrDefault() : sites.GetSection(site);
    var pass = section?["PassScore"] is { } p ? double.Parse(p, CultureInfo.InvariantCulture) : defaults.PassScore;
    var stepUp = section?["StepUpScore"] is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : defaults.StepUpScore;
    return new Thresholds(pass, stepUp);
}

/// <summary>The defaults of the shipped model: rerunning <c>train</c> with them rebuilds it.</summary>
internal static class TrainingDefaults
{
    public const int Seed = 20261123;
    // Two people for each bot: the probability is calibrated to traffic that is mostly people, as a
    // State procedure's is; a balanced set (6000/6000) makes the same ranking but stricter scores.
    public const int Humans = 8000;
    public const int Bots = 4000;
    public const string ModelPath = "src/ByeByeRobots.Scoring/Model/model.zip";
    // The real sessions `train --real-share S` adds to the generated ones (the shipped model: S = 0), read by path from the shared folder beside the repository.
    public const string RealSessions = "../shared/datasets/delbot-dev.jsonl";
}

/// <summary>Writes a session in the JSON-lines format of shared/datasets.</summary>
internal static class SessionJson
{
    public static string Write(LabelledSession session)
    {
        var o = new Dictionary<string, object>
        {
            ["label"] = session.Human ? "human" : "bot",
            ["family"] = session.Family,
            ["signals"] = Signals(session.Signals),
        };
        return JsonSerializer.Serialize(o);
    }

    /// <summary>The signals object alone, as the widget sends it in <c>/v1/verify</c>.</summary>
    public static string WriteSignals(InteractionSignals signals) => JsonSerializer.Serialize(Signals(signals));

    private static Dictionary<string, object> Signals(InteractionSignals s) =>
        new()
        {
            ["v"] = 1,
            ["t"] = s.T,
            ["mouse"] = s.Mouse.Select(m => new object[] { m.T, m.X, m.Y, m.K }),
            ["touch"] = s.Touch.Select(m => new object[] { m.T, m.X, m.Y, m.K }),
            ["keys"] = s.Keys.Select(k => new object[] { k.T, k.K }),
            ["scroll"] = s.Scroll.Select(k => new object[] { k.T, k.Y }),
            ["focus"] = s.Focus.Select(k => new object[] { k.T, k.K }),
            ["untrusted"] = s.Untrusted,
            ["env"] = new Dictionary<string, object>
            {
                ["webdriver"] = s.Env.Webdriver, ["languages"] = s.Env.Languages, ["timezone"] = s.Env.Timezone,
                ["screen"] = new object[] { s.Env.ScreenWidth, s.Env.ScreenHeight, s.Env.PixelRatio },
                ["viewport"] = new object[] { s.Env.ViewportWidth, s.Env.ViewportHeight },
                ["touchPoints"] = s.Env.TouchPoints, ["ua"] = s.Env.UserAgent,
            },
        };
}
