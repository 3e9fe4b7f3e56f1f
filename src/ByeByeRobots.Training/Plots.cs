using ByeByeRobots.Core.Sites;
using ByeByeRobots.Core.Verification;
using ScottPlot;

namespace ByeByeRobots.Training;

/// <summary>The evaluation's pictures, drawn with ScottPlot: ROC curve, score histograms, verdicts per family.</summary>
public static class Plots
{
    public static void Write(IReadOnlyList<ModelEvaluator.Scored> scored, Thresholds thresholds, string directory)
    {
        Roc(scored, Path.Combine(directory, "roc.png"));
        Scores(scored, thresholds, Path.Combine(directory, "scores.png"));
        Families(scored, thresholds, Path.Combine(directory, "families.png"));
    }

    private static void Roc(IReadOnlyList<ModelEvaluator.Scored> scored, string path)
    {
        var (fpr, tpr) = ModelEvaluator.Roc(scored);
        var plot = new Plot();
        var curve = plot.Add.Scatter(fpr, tpr);
        curve.MarkerSize = 0;
        curve.LineWidth = 2;
        curve.LegendText = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"model (AUC {ModelEvaluator.Auc(scored):F3})");
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LinePattern = LinePattern.Dashed;
        chance.LegendText = "chance";
        plot.Title("ROC: humans passing against bots passing, every threshold");
        plot.XLabel("bots at or above the threshold (false positive rate)");
        plot.YLabel("humans at or above the threshold");
        plot.Axes.SetLimits(0, 1, 0, 1.01);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 800, 600);
    }

    private static void Scores(IReadOnlyList<ModelEvaluator.Scored> scored, Thresholds thresholds, string path)
    {
        const int Bins = 40;
        var plot = new Plot();
        foreach (var (human, label) in new[] { (true, "humans"), (false, "bots") })
        {
            var counts = new double[Bins];
            var group = scored.Where(s => s.Session.Human == human).ToList();
            foreach (var s in group)
            {
                counts[Math.Min(Bins - 1, (int)(s.Score * Bins))]++;
            }

            var positions = Enumerable.Range(0, Bins).Select(i => (i + 0.5) / Bins).ToArray();
            var shares = counts.Select(c => 100 * c / Math.Max(group.Count, 1)).ToArray();
            var bars = plot.Add.Bars(positions, shares);
            bars.LegendText = label;
            foreach (var bar in bars.Bars)
            {
                bar.Size = 1.0 / Bins;
                bar.FillColor = human ? Colors.SteelBlue.WithAlpha(0.6) : Colors.OrangeRed.WithAlpha(0.6);
                bar.LineWidth = 0;
            }
        }

        var pass = plot.Add.VerticalLine(thresholds.PassScore);
        pass.LegendText = "PassScore";
        var stepUp = plot.Add.VerticalLine(thresholds.StepUpScore);
        stepUp.LinePattern = LinePattern.Dashed;
        stepUp.LegendText = "StepUpScore";
        plot.Title("Humanity scores");
        plot.XLabel("score");
        plot.YLabel("% of the group");
        plot.Axes.SetLimitsX(0, 1);
        plot.ShowLegend(Alignment.UpperCenter);
        plot.SavePng(path, 900, 500);
    }

    private static void Families(IReadOnlyList<ModelEvaluator.Scored> scored, Thresholds thresholds, string path)
    {
        var families = scored.GroupBy(s => s.Session.Family)
            .OrderBy(g => g.First().Session.Human ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var plot = new Plot();
        var colors = new[] { Colors.SeaGreen, Colors.GoldenRod, Colors.FireBrick };
        var names = new[] { "pass at once", "step-up", "costly step-up" };
        for (var f = 0; f < families.Count; f++)
        {
            var verdicts = families[f].Select(s => s.Score >= thresholds.PassScore ? Verdict.Pass : s.Score >= thresholds.StepUpScore ? Verdict.StepUp : Verdict.Fail).ToList();
            var bottom = 0.0;
            foreach (var (verdict, index) in new[] { (Verdict.Pass, 0), (Verdict.StepUp, 1), (Verdict.Fail, 2) })
            {
                var share = 100.0 * verdicts.Count(v => v == verdict) / verdicts.Count;
                plot.Add.Bar(new Bar { Position = f, ValueBase = bottom, Value = bottom + share, FillColor = colors[index], LineWidth = 0 });
                bottom += share;
            }
        }

        for (var i = 0; i < names.Length; i++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = names[i], FillColor = colors[i] });
        }

        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, families.Count).Select(i => (double)i).ToArray(), families.Select(g => g.Key).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 40;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 190;
        plot.Title("Verdicts per family at the configured thresholds");
        plot.YLabel("% of the family's sessions");
        plot.Axes.SetLimitsY(0, 100);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Math.Max(700, 70 * families.Count + 200), 600);
    }
}
