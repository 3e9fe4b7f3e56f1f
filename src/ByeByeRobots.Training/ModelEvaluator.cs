using System.Globalization;
using System.Text;
using System.Text.Json;
using ByeByeRobots.Core.Scoring;
using ByeByeRobots.Core.Signals;
using ByeByeRobots.Core.Sites;
using ByeByeRobots.Core.Verification;

namespace ByeByeRobots.Training;

/// <summary>One labelled session of the JSON-lines format of <c>shared/datasets</c>.</summary>
public sealed record LabelledRecord(string Id, bool Human, string Family, InteractionSignals Signals);

/// <summary>
/// Scores labelled sessions with the service's scorer and writes what the security team needs
/// to choose thresholds: per family verdicts, ROC AUC, a threshold table, and plots.
/// </summary>
public static class ModelEvaluator
{
    public sealed record Scored(LabelledRecord Session, double Score);

    /// <summary>Reads a JSON-lines file; sessions whose signals the service would refuse are counted and skipped.</summary>
    public static (List<LabelledRecord> Sessions, int Refused) Read(string path)
    {
        var sessions = new List<LabelledRecord>();
        var refused = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (SignalsReader.TryRead(root.GetProperty("signals"), out var signals, out _) != SignalsError.None)
            {
                refused++;
                continue;
            }

            sessions.Add(new LabelledRecord(
                root.TryGetProperty("id", out var id) ? id.GetString() ?? "" : "",
                root.GetProperty("label").GetString() == "human",
                root.TryGetProperty("family", out var family) ? family.GetString() ?? "" : "",
                signals!));
        }

        return (sessions, refused);
    }

    public static List<Scored> Score(IHumanityScorer scorer, IEnumerable<LabelledRecord> sessions) =>
        sessions.Select(s => new Scored(s, scorer.Score(s.Signals).Score)).ToList();

    /// <summary>Area under the ROC curve: the chance a random person outscores a random bot (ties count half).</summary>
    public static double Auc(IReadOnlyList<Scored> scored)
    {
        var humans = scored.Where(s => s.Session.Human).Select(s => s.Score).Order().ToArray();
        var bots = scored.Where(s => !s.Session.Human).Select(s => s.Score).ToArray();
        if (humans.Length == 0 || bots.Length == 0)
        {
            return double.NaN;
        }

        double wins = 0;
        foreach (var b in bots)
        {
            var below = LowerBound(humans, b);
            var equalOrBelow = UpperBound(humans, b);
            wins += (humans.Length - equalOrBelow) + ((equalOrBelow - below) * 0.5);
        }

        return wins / ((double)humans.Length * bots.Length);
    }

    /// <summary>(false positive rate, true positive rate) for every threshold, humans positive.</summary>
    public static (double[] Fpr, double[] Tpr) Roc(IReadOnlyList<Scored> scored)
    {
        var humans = scored.Count(s => s.Session.Human);
        var bots = scored.Count - humans;
        var thresholds = scored.Select(s => s.Score).Append(1.01).Append(-0.01).Distinct().OrderDescending().ToArray();
        var fpr = new double[thresholds.Length];
        var tpr = new double[thresholds.Length];
        for (var i = 0; i < thresholds.Length; i++)
        {
            tpr[i] = scored.Count(s => s.Session.Human && s.Score >= thresholds[i]) / (double)Math.Max(humans, 1);
            fpr[i] = scored.Count(s => !s.Session.Human && s.Score >= thresholds[i]) / (double)Math.Max(bots, 1);
        }

        return (fpr, tpr);
    }

    public static string Report(IReadOnlyList<Scored> scored, Thresholds thresholds, string dataName, string modelName, int refused)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"# Evaluation of {modelName} on {dataName}");
        text.AppendLine();
        text.AppendLine(c, $"{scored.Count} sessions ({scored.Count(s => s.Session.Human)} human, {scored.Count(s => !s.Session.Human)} bot){(refused > 0 ? $"; {refused} refused by the signals reader" : "")}. " +
            $"Thresholds: PassScore {thresholds.PassScore:0.###}, StepUpScore {thresholds.StepUpScore:0.###}.");
        text.AppendLine();
        text.AppendLine(c, $"**ROC AUC over the whole file: {Auc(scored):F4}**");
        text.AppendLine();
        text.AppendLine("| family | label | sessions | pass at once | step-up | of which the costliest (MaxStepUpDifficulty) | refused | AUC vs other label |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var family in scored.GroupBy(s => s.Session.Family).OrderBy(g => g.First().Session.Human ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var list = family.ToList();
            var human = list[0].Session.Human;
            var decisions = Decide(list, thresholds);
            var verdicts = decisions.Select(d => d.Verdict).ToList();
            var costly = decisions.Select(d => d.Costliest ? Verdict.StepUp : Verdict.Pass).ToList();
            var others = scored.Where(s => s.Session.Human != human).ToList();
            var auc = Auc([.. list, .. others]);
            text.AppendLine(c, $"| {family.Key} | {(human ? "human" : "bot")} | {list.Count} | {Share(verdicts, Verdict.Pass)} | {Share(verdicts, Verdict.StepUp)} | {Share(costly, Verdict.StepUp)} | {Share(verdicts, Verdict.Fail)} | {auc:F3} |");
        }

        text.AppendLine();
        text.AppendLine("Verdicts by protocol revision 2's rules at a site with the defaults and these thresholds: automation evidence (a declared webdriver, input that is all script-made) is refused (OnAutomation: fail); no interaction and a score below StepUpScore get the costliest step-up (MaxStepUpDifficulty); a score between the thresholds a step-up whose cost grows as the score falls. A behaviour score never refuses (RefuseOnBehaviour is off by default); a solved step-up passes. For bots a step-up is a cost, not a refusal; for people it is a wait.");
        text.AppendLine();
        text.AppendLine("## Thresholds");
        text.AppendLine();
        text.AppendLine("| PassScore | humans passing at once | bots passing at once |");
        text.AppendLine("| ---: | ---: | ---: |");
        var humans = scored.Where(s => s.Session.Human).ToList();
        var bots = scored.Where(s => !s.Session.Human).ToList();
        foreach (var t in new[] { 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95 })
        {
            text.AppendLine(c, $"| {t:0.00} | {Rate(humans, t)} | {Rate(bots, t)} |");
        }

        text.AppendLine();
        text.AppendLine("![ROC curve](roc.png)");
        text.AppendLine();
        text.AppendLine("![Scores of humans and bots](scores.png)");
        text.AppendLine();
        text.AppendLine("![Verdicts per family](families.png)");
        return text.ToString();
    }

    /// <summary>A session's verdict at a default site with these thresholds, and whether a step-up is the costliest.</summary>
    public readonly record struct Decision(Verdict Verdict, bool Costliest);

    /// <summary>
    /// The verdicts by protocol revision 2's rules at a default site with these thresholds: the
    /// session's automation evidence and interaction as well as its score.
    /// </summary>
    public static List<Decision> Decide(IEnumerable<Scored> scored, Thresholds thresholds)
    {
        SiteConfigurationValidator.Validate(
            new SitesOptions { Sites = { ["evaluation"] = new SiteOptions { Secret = new string('e', 32), Hostnames = ["localhost"], PassScore = thresholds.PassScore, StepUpScore = thresholds.StepUpScore } } },
            out var sites);
        var site = sites["evaluation"];
        var first = Core.Challenges.ChallengeFactory.Create(site, "default", "localhost", DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(2));
        return scored.Select(s =>
        {
            var decision = VerdictPolicy.Decide(Evidence.From(s.Session.Signals), s.Score, thresholds, site, first);
            return new Decision(decision.Verdict, decision.Verdict == Verdict.StepUp && decision.StepUpCost >= site.Pow.MaxStepUpDifficulty);
        }).ToList();
    }

    /// <summary>The share of <paramref name="scored"/> that passes at once (0-1).</summary>
    public static double PassAtOnce(IReadOnlyCollection<Scored> scored, Thresholds thresholds) =>
        scored.Count == 0 ? double.NaN : Decide(scored, thresholds).Count(d => d.Verdict == Verdict.Pass) / (double)scored.Count;

    private static string Share(List<Verdict> verdicts, Verdict verdict) =>
        string.Create(CultureInfo.InvariantCulture, $"{100.0 * verdicts.Count(v => v == verdict) / Math.Max(verdicts.Count, 1):F1} %");

    private static string Rate(List<Scored> sessions, double threshold) =>
        string.Create(CultureInfo.InvariantCulture, $"{100.0 * sessions.Count(s => s.Score >= threshold) / Math.Max(sessions.Count, 1):F1} %");

    private static int LowerBound(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (sorted[mid] < value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (sorted[mid] <= value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
