using ByeByeRobots.Core.Signals;

namespace ByeByeRobots.Scoring.Features;

/// <summary>The statistics the features are made of: allocation-free, on spans, never throwing on empty input.</summary>
internal static class Statistics
{
    public static int CountOf(PointerSample[] events, byte kind)
    {
        var n = 0;
        foreach (var e in events)
        {
            n += e.K == kind ? 1 : 0;
        }

        return n;
    }

    public static double Speed(PointerSample a, PointerSample b)
    {
        double dx = b.X - a.X, dy = b.Y - a.Y;
        return Math.Sqrt((dx * dx) + (dy * dy)) / Math.Max(b.T - a.T, 4);
    }

    public static float Log(double value) => (float)Math.Log(1 + Math.Max(0, value));

    public static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        return values.Length > 0 ? sum / values.Length : 0;
    }

    /// <summary>Coefficient of variation (standard deviation over mean); 0 for a zero mean.</summary>
    public static double Variation(ReadOnlySpan<double> values)
    {
        var mean = Mean(values);
        if (mean <= 0)
        {
            return 0;
        }

        double sum = 0;
        foreach (var v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return Math.Sqrt(sum / values.Length) / mean;
    }

    public static double Median(ReadOnlySpan<double> values, Span<double> work) => Quantile(values, work, 0.5);

    public static double Quantile(ReadOnlySpan<double> values, Span<double> work, double q)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        var copy = work[..values.Length];
        values.CopyTo(copy);
        return Select(copy, Rank(values.Length, q));
    }

    /// <summary>The 90th percentile over the median, from one copy: the values above the median's rank are where the 90th is.</summary>
    public static double Ratio90To50(ReadOnlySpan<double> values, Span<double> work)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        var copy = work[..values.Length];
        values.CopyTo(copy);
        var k50 = Rank(values.Length, 0.5);
        var median = Select(copy, k50);
        var k90 = Rank(values.Length, 0.9);
        var p90 = Select(copy[k50..], k90 - k50);
        return p90 / Math.Max(median, 1e-3);
    }

    public static int Rank(int length, double q) => (int)Math.Min(length - 1, Math.Round(q * (length - 1)));

    /// <summary>The k-th smallest value (Hoare's selection, linear on average; reorders <paramref name="a"/>): what sorting and indexing gives, without the sort.</summary>
    public static double Select(Span<double> a, int k)
    {
        int low = 0, high = a.Length - 1;

        // Hoare's selection with a middle pivot can be driven quadratic by a crafted input: after
        // 2·log2(n) + 4 rounds the rest of the range is sorted instead (introselect).
        var rounds = (2 * (int)Math.Log2(Math.Max(a.Length, 2))) + 4;
        while (low < high)
        {
            if (--rounds < 0)
            {
                a[low..(high + 1)].Sort();
                return a[k];
            }

            var pivot = a[low + ((high - low) / 2)];
            int i = low, j = high;
            while (i <= j)
            {
                while (a[i] < pivot)
                {
                    i++;
                }

                while (a[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                high = j;
            }
            else if (k >= i)
            {
                low = i;
            }
            else
            {
                return a[k];
            }
        }

        return a[k];
    }
}
