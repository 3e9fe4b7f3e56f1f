using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ByeByeRobots.Core.Sites;
using ByeByeRobots.Scoring.Features;
using ByeByeRobots.Scoring.Model;

namespace ByeByeRobots.Training;

/// <summary>
/// The model's honest figures on real sessions: every session is scored by a model that did not
/// train on it. Two schemes, each repeated for several training seeds (the seed draws the
/// generated sessions and FastTree's feature sampling):
/// <list type="bullet">
/// <item><b>leave one family out</b>: the model trains on the generated sessions and every real
/// family but one, and scores that one: the stand-in for people and bots it has never met;</item>
/// <item><b>grouped k-fold</b>: each family's sessions in time order cut into k contiguous blocks
/// (sessions recorded minutes apart are the same person or bot in the same sitting, so they stay
/// in one fold); fold i trains without block i of every family and scores it.</item>
/// </list>
/// </summary>
public static partial class CrossValidation
{
    public const string LeaveOneFamilyOut = "leave-one-family-out";
    public const string GroupedKFold = "grouped-k-fold";

    private static readonly double[] ThresholdGrid = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>The sessions one fold held out, scored by the model trained without them, and the ids of the real sessions that model trained on.</summary>
    public sealed record Fold(int Seed, string Scheme, string Name, IReadOnlyList<ModelEvaluator.Scored> Held, IReadOnlySet<string> TrainedOn);

    public sealed record Settings(IReadOnlyList<int> Seeds, int Humans, int Bots, int Folds, double RealShare = ModelTrainer.RealShare)
    {
        /// <summary>False: the models learn from the real people only, not from the real bots.</summary>
        public bool RealBots { get; init; } = true;

        /// <summary>Features withheld from these models besides those the registry withholds (to judge a feature by what it does to leave-one-family-out).</summary>
        public IReadOnlyList<string> Withheld { get; init; } = [];
    }

    /// <summary>The fold of each session (same order as <paramref name="sessions"/>): its family's time-ordered sessions cut into <paramref name="folds"/> contiguous blocks.</summary>
    public static int[] Blocks(IReadOnlyList<LabelledRecord> sessions, int folds)
    {
        var result = new int[sessions.Count];
        foreach (var family in Enumerable.Range(0, sessions.Count).GroupBy(i => sessions[i].Family))
        {
            var ordered = family.OrderBy(i => RecordedAt(sessions[i].Id)).ThenBy(i => i).ToList();
            for (var rank = 0; rank < ordered.Count; rank++)
            {
                result[ordered[rank]] = rank * folds / ordered.Count;
            }
        }

        return result;
    }

    /// <summary>
    /// Runs both schemes for every seed; folds run in parallel, one per core, each single-threaded
    /// (same inputs, same figures). At a real share of 0 no model trains on a real session: each seed's
    /// one model scores every fold (the schemes then agree, and the figures are those of a model that
    /// never saw DELBOT at all).
    /// </summary>
    public static List<Fold> Run(IReadOnlyList<LabelledRecord> real, Settings settings, Action<string> progress)
    {
        var withheld = settings.Withheld.Select(name => FeatureExtractor.Names.ToList().IndexOf(name) is var i and >= 0 ? i : throw new ArgumentException($"No feature is named {name}.")).ToArray();
        var rows = Masked(ModelTrainer.Rows(real.Select(r => (r.Signals, r.Human))), withheld);
        var blocks = Blocks(real, settings.Folds);
        var families = real.Select(r => r.Family).Distinct().Order(StringComparer.Ordinal).ToList();
        var folds = new ConcurrentBag<Fold>();
        foreach (var seed in settings.Seeds)
        {
            var generated = Masked(ModelTrainer.Generated(seed, settings.Humans, settings.Bots), withheld);
            var tasks = families.Select(f => (Scheme: LeaveOneFamilyOut, Name: f, Held: (Func<int, bool>)(i => real[i].Family == f)))
                .Concat(Enumerable.Range(0, settings.Folds).Select(k => (Scheme: GroupedKFold, Name: $"fold-{k + 1}", Held: (Func<int, bool>)(i => blocks[i] == k))))
                .ToList();
            var generatedOnly = settings.RealShare == 0 ? HumanityModel.FromTransformer(ModelTrainer.Fit(seed, generated, [], 0), "generated only") : null;
            Parallel.ForEach(tasks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, task =>
            {
                var held = Enumerable.Range(0, real.Count).Where(task.Held).ToList();
                if (held.Count == 0)
                {
                    return;
                }

                var trainedOn = Enumerable.Range(0, real.Count).Where(i => !task.Held(i) && (settings.RealBots || real[i].Human)).ToList();
                var model = generatedOnly ?? HumanityModel.FromTransformer(
                    ModelTrainer.Fit(seed, generated, [.. trainedOn.Select(i => rows[i])], settings.RealShare, settings.RealBots), $"{task.Scheme}/{task.Name}");
                var scored = held.Select(i => new ModelEvaluator.Scored(real[i], model.Score(real[i].Signals).Score)).ToList();
                var ids = generatedOnly is null ? trainedOn.Select(i => real[i].Id).ToHashSet(StringComparer.Ordinal) : [];
                folds.Add(new Fold(seed, task.Scheme, task.Name, scored, ids));
                progress(string.Create(CultureInfo.InvariantCulture, $"seed {seed} {task.Scheme} {task.Name}: {scored.Count} sessions scored"));
            });
        }

        return [.. folds.OrderBy(f => settings.Seeds.ToList().IndexOf(f.Seed)).ThenBy(f => f.Scheme, StringComparer.Ordinal).ThenBy(f => f.Name, StringComparer.Ordinal)];
    }

    // A feature missing from every training row is never split on: the models ignore it when they score.
    private static List<ModelTrainer.Row> Masked(List<ModelTrainer.Row> rows, int[] withheld)
    {
        foreach (var row in rows)
        {
            foreach (var i in withheld)
            {
                row.Features[i] = FeatureExtractor.Missing;
            }
        }

        return rows;
    }

    /// <summary>The sessions of one scheme and seed, each scored by the model that held it out.</summary>
    public static List<ModelEvaluator.Scored> Pooled(IEnumerable<Fold> folds, string scheme, int seed) =>
        [.. folds.Where(f => f.Scheme == scheme && f.Seed == seed).SelectMany(f => f.Held)];

    /// <summary>
    /// The highest PassScore (on a 0.01 grid) at which at least <paramref name="share"/>
    /// of the people pass at once in every seed of both schemes.
    /// </summary>
    public static double CalibratedPassScore(IReadOnlyList<Fold> folds, IReadOnlyList<int> seeds, double stepUpScore, double share)
    {
        var pools = seeds.SelectMany(seed => new[] { LeaveOneFamilyOut, GroupedKFold }.Select(scheme => Pooled(folds, scheme, seed).Where(s => s.Session.Human).ToList())).ToList();
        for (var hundredths = 99; hundredths > (int)Math.Round(stepUpScore * 100); hundredths--)
        {
            var thresholds = new Thresholds(hundredths / 100.0, stepUpScore);
            if (pools.All(people => ModelEvaluator.PassAtOnce(people, thresholds) >= share))
            {
                return thresholds.PassScore;
            }
        }

        return stepUpScore;
    }

    public static string Report(IReadOnlyList<Fold> folds, Settings settings, Thresholds thresholds, string dataName, int refused)
    {
        var c = CultureInfo.InvariantCulture;
        var seeds = settings.Seeds;
        var text = new StringBuilder();
        var sessions = Pooled(folds, GroupedKFold, seeds[0]);
        text.AppendLine(c, $"# Cross-validated evaluation on {dataName}");
        text.AppendLine();
        var realPart = settings.RealShare > 0
            ? string.Create(c, $" plus the real sessions outside its fold ({(settings.RealBots ? "people and bots" : "people only")}) at {settings.RealShare:P0} of the weight, ")
            : " and no real session (real share 0, as the shipped model): each seed's one model scores every fold, so the two schemes agree and the figures are those of a model that never saw this file, ";
        text.AppendLine(c, $"{sessions.Count} real sessions ({sessions.Count(s => s.Session.Human)} people, {sessions.Count(s => !s.Session.Human)} bots){(refused > 0 ? $"; {refused} refused by the signals reader" : "")}. " +
            $"Every session here is scored by a model that did not train on it. Each model trains on {settings.Humans:N0} generated people and {settings.Bots:N0} generated bots{realPart}" +
            $"for each of {seeds.Count} seeds ({string.Join(", ", seeds)}; the first is the shipped model's, fixed before any of these figures). " +
            $"Thresholds: PassScore {thresholds.PassScore:0.###}, StepUpScore {thresholds.StepUpScore:0.###}. Verdicts by protocol revision 2's rules at a site with the defaults.");
        text.AppendLine();
        text.AppendLine("- **Leave one family out**: the model trains without one real family and scores it (the stand-in for people and bots it has never met).");
        text.AppendLine(c, $"- **Grouped {settings.Folds}-fold**: each family's sessions in time order cut into {settings.Folds} contiguous blocks (sessions recorded minutes apart, the same person or bot in one sitting, stay in one fold); each fold trains without one block of every family.");
        text.AppendLine();

        text.AppendLine("## Leave one family out");
        text.AppendLine();
        text.AppendLine("| held-out family | label | sessions | pass at once: mean | worst seed | best seed | costliest step-up: mean | AUC against the other label: mean | worst |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var family in Families(folds))
        {
            var perSeed = seeds.Select(seed =>
            {
                var held = folds.Single(f => f.Seed == seed && f.Scheme == LeaveOneFamilyOut && f.Name == family).Held;
                var human = held[0].Session.Human;
                var decisions = ModelEvaluator.Decide(held, thresholds);
                var others = Pooled(folds, LeaveOneFamilyOut, seed).Where(s => s.Session.Human != human);
                return (Human: human, Count: held.Count, Pass: ModelEvaluator.PassAtOnce([.. held], thresholds),
                    Costliest: decisions.Count(d => d.Costliest) / (double)held.Count, Auc: ModelEvaluator.Auc([.. held, .. others]));
            }).ToList();
            var isHuman = perSeed[0].Human;
            var worst = isHuman ? perSeed.Min(p => p.Pass) : perSeed.Max(p => p.Pass);
            var best = isHuman ? perSeed.Max(p => p.Pass) : perSeed.Min(p => p.Pass);
            text.AppendLine(c, $"| {family} | {(isHuman ? "human" : "bot")} | {perSeed[0].Count} | {Percent(perSeed.Average(p => p.Pass))} | {Percent(worst)} | {Percent(best)} | {Percent(perSeed.Average(p => p.Costliest))} | {perSeed.Average(p => p.Auc):F3} | {perSeed.Min(p => p.Auc):F3} |");
        }

        text.AppendLine();
        text.AppendLine("The AUC of a held-out family is against the other label's sessions of the same scheme and seed (each also scored with its own family held out).");
        text.AppendLine();

        text.AppendLine(c, $"## Grouped {settings.Folds}-fold");
        text.AppendLine();
        text.AppendLine("| seed | ROC AUC | people passing at once | bots passing at once |");
        text.AppendLine("| ---: | ---: | ---: | ---: |");
        var kfold = seeds.Select(seed => Pooled(folds, GroupedKFold, seed)).ToList();
        for (var i = 0; i < seeds.Count; i++)
        {
            text.AppendLine(c, $"| {seeds[i]} | {ModelEvaluator.Auc(kfold[i]):F4} | {Percent(PassOf(kfold[i], true, thresholds))} | {Percent(PassOf(kfold[i], false, thresholds))} |");
        }

        text.AppendLine(c, $"| **mean** | **{kfold.Average(ModelEvaluator.Auc):F4}** | {Percent(kfold.Average(k => PassOf(k, true, thresholds)))} | {Percent(kfold.Average(k => PassOf(k, false, thresholds)))} |");
        text.AppendLine(c, $"| **worst** | **{kfold.Min(ModelEvaluator.Auc):F4}** | {Percent(kfold.Min(k => PassOf(k, true, thresholds)))} | {Percent(kfold.Max(k => PassOf(k, false, thresholds)))} |");
        text.AppendLine();
        text.AppendLine("| family | label | pass at once: mean | worst seed | AUC against the other label: mean | worst |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var family in Families(folds))
        {
            var perSeed = kfold.Select(all =>
            {
                var own = all.Where(s => s.Session.Family == family).ToList();
                var human = own[0].Session.Human;
                return (Human: human, Pass: ModelEvaluator.PassAtOnce(own, thresholds), Auc: ModelEvaluator.Auc([.. own, .. all.Where(s => s.Session.Human != human)]));
            }).ToList();
            var isHuman = perSeed[0].Human;
            text.AppendLine(c, $"| {family} | {(isHuman ? "human" : "bot")} | {Percent(perSeed.Average(p => p.Pass))} | {Percent(isHuman ? perSeed.Min(p => p.Pass) : perSeed.Max(p => p.Pass))} | {perSeed.Average(p => p.Auc):F3} | {perSeed.Min(p => p.Auc):F3} |");
        }

        text.AppendLine();
        text.AppendLine("## What each PassScore costs (leave one family out, every seed)");
        text.AppendLine();
        text.AppendLine("People passing at once and bots passing at once, pooled over the held-out families (each scored by the model that never saw its family); the mean over seeds and the worst single family in any seed.");
        text.AppendLine();
        text.AppendLine("| PassScore | people at once: mean | worst family and seed | bots at once: mean | worst family and seed |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: |");
        foreach (var t in ThresholdGrid.Append(thresholds.PassScore).Distinct().Order())
        {
            if (t <= thresholds.StepUpScore)
            {
                continue;
            }

            var at = thresholds with { PassScore = t };
            var lofo = folds.Where(f => f.Scheme == LeaveOneFamilyOut).ToList();
            var people = seeds.Select(seed => PassOf(Pooled(folds, LeaveOneFamilyOut, seed), true, at)).ToList();
            var bots = seeds.Select(seed => PassOf(Pooled(folds, LeaveOneFamilyOut, seed), false, at)).ToList();
            var worstPeople = lofo.Where(f => f.Held[0].Session.Human).Min(f => ModelEvaluator.PassAtOnce([.. f.Held], at));
            var worstBots = lofo.Where(f => !f.Held[0].Session.Human).Max(f => ModelEvaluator.PassAtOnce([.. f.Held], at));
            var marker = Math.Abs(t - thresholds.PassScore) < 1e-9 ? " (default)" : "";
            text.AppendLine(c, $"| {t:0.00}{marker} | {Percent(people.Average())} | {Percent(worstPeople)} | {Percent(bots.Average())} | {Percent(worstBots)} |");
        }

        text.AppendLine();
        text.AppendLine(c, $"The highest PassScore at which at least 97 % of the people pass at once in every seed of both schemes: **{CalibratedPassScore(folds, seeds, thresholds.StepUpScore, 0.97):0.00}**.");
        text.AppendLine();
        text.AppendLine("## Plots");
        text.AppendLine();
        text.AppendLine(c, $"The first seed's sessions, each scored by the model that held it out: [leave one family out]({LeaveOneFamilyOut}/report.md) and [grouped {settings.Folds}-fold]({GroupedKFold}/report.md), each with a report and plots per fold in its folder.");
        text.AppendLine();
        text.AppendLine(c, $"![ROC, leave one family out]({LeaveOneFamilyOut}/roc.png)");
        text.AppendLine();
        text.AppendLine(c, $"![Scores, leave one family out]({LeaveOneFamilyOut}/scores.png)");
        text.AppendLine();
        text.AppendLine(c, $"![Verdicts per held-out family]({LeaveOneFamilyOut}/families.png)");
        return text.ToString();
    }

    /// <summary>Writes the report, and the first seed's pooled and per-fold reports and plots, under <paramref name="directory"/>.</summary>
    public static string Write(IReadOnlyList<Fold> folds, Settings settings, Thresholds thresholds, string dataName, int refused, string directory)
    {
        var report = Report(folds, settings, thresholds, dataName, refused);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "report.md"), report);
        foreach (var scheme in new[] { LeaveOneFamilyOut, GroupedKFold })
        {
            var schemeDirectory = Path.Combine(directory, scheme);
            Directory.CreateDirectory(schemeDirectory);
            var pooled = Pooled(folds, scheme, settings.Seeds[0]);
            File.WriteAllText(Path.Combine(schemeDirectory, "report.md"), ModelEvaluator.Report(pooled, thresholds, $"{dataName}, {scheme}, seed {settings.Seeds[0]}, each session scored by the model that held it out", "cross-validated models", refused));
            Plots.Write(pooled, thresholds, schemeDirectory);
            foreach (var fold in folds.Where(f => f.Scheme == scheme && f.Seed == settings.Seeds[0]))
            {
                var foldDirectory = Path.Combine(schemeDirectory, fold.Name);
                Directory.CreateDirectory(foldDirectory);
                // A held-out family is one label: its ROC is drawn against the other label's held-out families (each scored without its own family).
                var human = fold.Held[0].Session.Human;
                List<ModelEvaluator.Scored> shown = scheme == LeaveOneFamilyOut ? [.. fold.Held, .. pooled.Where(s => s.Session.Human != human)] : [.. fold.Held];
                var what = scheme == LeaveOneFamilyOut
                    ? $"{dataName}, {fold.Name} scored by the model trained without it, against the other label's families each scored by the model trained without that family; seed {fold.Seed}"
                    : $"{dataName}, {fold.Name} of {scheme}, seed {fold.Seed}";
                File.WriteAllText(Path.Combine(foldDirectory, "report.md"), ModelEvaluator.Report(shown, thresholds, what, $"the model trained without {fold.Name}", 0));
                Plots.Write(shown, thresholds, foldDirectory);
            }
        }

        return report;
    }

    private static List<string> Families(IEnumerable<Fold> folds) =>
        [.. folds.SelectMany(f => f.Held).GroupBy(s => s.Session.Family).OrderBy(g => g.First().Session.Human ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key)];

    private static double PassOf(IEnumerable<ModelEvaluator.Scored> scored, bool human, Thresholds thresholds) =>
        ModelEvaluator.PassAtOnce([.. scored.Where(s => s.Session.Human == human)], thresholds);

    private static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{100 * share:F1} %");

    /// <summary>The recording time in a DELBOT id (<c>family/circleHide_1666175621309.txt</c>: ms since 1970); 0 when there is none.</summary>
    private static long RecordedAt(string id)
    {
        var match = Digits().Match(id);
        return match.Success && long.TryParse(match.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }

    [GeneratedRegex(@"\d{9,}")]
    private static partial Regex Digits();
}
