using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace ByeByeRobots.Scoring.Model;

/// <summary>
/// Why a boosted-tree model scored as it did, cheaply enough for every verdict's log line: each
/// tree's path from its root to the leaf the session reaches credits the feature of every split
/// it passes with the change in mean leaf value of the subtree it enters (Saabas's attribution);
/// the credits of all trees add up to the raw score minus the trees' mean values. In raw-score
/// units, positive toward a person. Read-only after construction, so thread-safe.
/// </summary>
internal sealed class TreeContributions
{
    private readonly Tree[] _trees;
    private readonly double _slope;
    private readonly double _offset;

    private TreeContributions(Tree[] trees, double slope, double offset)
    {
        _trees = trees;
        _slope = slope;
        _offset = offset;
    }

    /// <summary>The trees of a FastTree binary model with Platt calibration inside <paramref name="transformer"/>, or null for any other model.</summary>
    public static TreeContributions? From(ITransformer transformer)
    {
        var predictor = Find(transformer);
        if (predictor is null)
        {
            return null;
        }

        var ensemble = predictor.Model.SubModel.TrainedTreeEnsemble;
        var trees = new Tree[ensemble.Trees.Count];
        for (var i = 0; i < trees.Length; i++)
        {
            var tree = ensemble.Trees[i];
            if (tree.CategoricalSplitFlags.ToArray().Any(flag => flag))
            {
                return null;
            }

            trees[i] = new Tree(tree, ensemble.TreeWeights[i]);
        }

        return new TreeContributions(trees, predictor.Model.Calibrator.Slope, predictor.Model.Calibrator.Offset);
    }

    /// <summary>Adds each feature's credit to <paramref name="contributions"/>; returns the calibrated probability the trees give.</summary>
    public double Explain(ReadOnlySpan<float> features, Span<double> contributions) => Explain(features, contributions, []);

    /// <summary>
    /// As <see cref="Explain(ReadOnlySpan{float}, Span{double})"/>, and adds to <paramref name="lowSide"/>
    /// (empty, or one per feature) the size of each credit earned at a split the value was at or below,
    /// minus the size of each earned above one: a feature whose sum is 0 or more was low, else high.
    /// </summary>
    public double Explain(ReadOnlySpan<float> features, Span<double> contributions, Span<double> lowSide)
    {
        double raw = 0;
        foreach (var tree in _trees)
        {
            raw += tree.Walk(features, contributions, lowSide);
        }

        return 1 / (1 + Math.Exp((_slope * raw) + _offset));
    }

    private static BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>>? Find(ITransformer transformer) => transformer switch
    {
        BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> found => found,
        TransformerChain<ITransformer> chain => chain.Select(Find).FirstOrDefault(found => found is not null),
        _ => null,
    };

    private sealed class Tree
    {
        private readonly int[] _left;
        private readonly int[] _right;
        private readonly int[] _feature;
        private readonly float[] _threshold;
        private readonly double[] _leafValue;
        private readonly double[] _nodeMean;
        private readonly double _weight;

        public Tree(RegressionTree tree, double weight)
        {
            _left = tree.LeftChild.ToArray();
            _right = tree.RightChild.ToArray();
            _feature = tree.NumericalSplitFeatureIndexes.ToArray();
            _threshold = tree.NumericalSplitThresholds.ToArray();
            _leafValue = tree.LeafValues.ToArray();
            _weight = weight;
            _nodeMean = new double[_left.Length];
            for (var node = 0; node < _left.Length; node++)
            {
                var (sum, count) = Leaves(node);
                _nodeMean[node] = sum / count;
            }
        }

        /// <summary>The tree's output for <paramref name="features"/>; credits the splits on the way.</summary>
        public double Walk(ReadOnlySpan<float> features, Span<double> contributions, Span<double> lowSide)
        {
            if (_left.Length == 0)
            {
                return _weight * (_leafValue.Length > 0 ? _leafValue[0] : 0);
            }

            var node = 0;
            while (true)
            {
                var f = _feature[node];
                var low = features[f] <= _threshold[node];
                var next = low ? _left[node] : _right[node];
                var after = next < 0 ? _leafValue[~next] : _nodeMean[next];
                var credit = _weight * (after - _nodeMean[node]);
                contributions[f] += credit;
                if (lowSide.Length > 0)
                {
                    lowSide[f] += low ? Math.Abs(credit) : -Math.Abs(credit);
                }
                if (next < 0)
                {
                    return _weight * after;
                }

                node = next;
            }
        }

        // A negative child is the complement of a leaf's index.
        private (double Sum, int Count) Leaves(int node)
        {
            var (ls, lc) = _left[node] < 0 ? (_leafValue[~_left[node]], 1) : Leaves(_left[node]);
            var (rs, rc) = _right[node] < 0 ? (_leafValue[~_right[node]], 1) : Leaves(_right[node]);
            return (ls + rs, lc + rc);
        }
    }
}
