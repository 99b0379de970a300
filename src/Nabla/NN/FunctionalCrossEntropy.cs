namespace Nabla.NN;

// Classification losses over a class dim: NLL, cross-entropy (class-index or probability targets), KL divergence.
public static partial class Functional
{
    /// <summary>
    /// Cross-entropy from unnormalised logits: input [C], [N, C] or [N, C, d1, …]; target either class indices
    /// (Int64, shape [], [N] or [N, d1, …]) or class probabilities (float, the input's shape). Computed as a stable
    /// LogSoftmax over the class dim followed by NLL. With class weights, the mean divides by the summed weights of
    /// the non-ignored targets; labelSmoothing ε mixes the target with the uniform distribution: (1−ε)·NLL + ε/C·Σ −log p.
    /// </summary>
    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100,
        Reduction reduction = Reduction.Mean, double labelSmoothing = 0.0)
    {
        const string op = "CrossEntropyLoss";
        if (labelSmoothing is < 0 or > 1 || double.IsNaN(labelSmoothing))
            throw new ArgumentException($"{op}: labelSmoothing must be between 0 and 1, got {labelSmoothing}.");
        int classDim = ClassDim(op, input);
        int classes = input.ShapeRef[classDim];
        CheckClassWeight(op, weight, classes);
        if (weight is null && labelSmoothing == 0 && input.Rank <= 2 && target.DType == DType.Int64
            && reduction is Reduction.Mean or Reduction.Sum && target.Rank == input.Rank - 1
            && (input.Rank == 1 || target.ShapeRef[0] == input.ShapeRef[0])
            && input.FusedCrossEntropy(target, reduction == Reduction.Mean, ignoreIndex, op) is { } fused)
            return fused;
        var logProbs = input.LogSoftmax(classDim);
        if (target.DType.IsFloatingPoint()) return CrossEntropyWithProbabilities(logProbs, target, weight, reduction, labelSmoothing, classDim);

        var targets = ClassTargets.Read(op, input, target, weight, ignoreIndex, classDim);
        var nll = NllOfTargets(op, logProbs, targets, reduction);
        if (labelSmoothing == 0) return nll;

        // The uniform part: −Σ_c w_c·log p_c per sample, zero where the target is ignored.
        var smooth = -(weight is null ? logProbs : logProbs * ClassWeightView(weight, input.Rank, classDim)).Sum(classDim);
        smooth = smooth * targets.Kept;
        var uniform = reduction switch
        {
            Reduction.Mean => DivideByWeightSum(smooth.Sum(), targets.WeightSum),
            _ => Reduce(op, smooth, reduction),
        };
        return nll * (1 - labelSmoothing) + uniform * (labelSmoothing / classes);
    }

    // −Σ_c t_c·w_c·log p_c; the mean divides by the number of samples (N·d1·…), not by the weights (PyTorch).
    private static Tensor CrossEntropyWithProbabilities(Tensor logProbs, Tensor target, Tensor? weight, Reduction reduction,
        double labelSmoothing, int classDim)
    {
        const string op = "CrossEntropyLoss";
        if (!ShapeUtil.SameShape(target.ShapeRef, logProbs.ShapeRef))
            throw new ArgumentException(
                $"{op}: probability targets must have the input's shape {ShapeUtil.Format(logProbs.ShapeRef)}, got {ShapeUtil.Format(target.ShapeRef)}.");
        int classes = logProbs.ShapeRef[classDim];
        if (labelSmoothing > 0) target = target * (1 - labelSmoothing) + labelSmoothing / classes;
        var product = logProbs * target;
        if (weight is not null) product = product * ClassWeightView(weight, logProbs.Rank, classDim);
        return reduction switch
        {
            Reduction.None => -product.Sum(classDim),
            Reduction.Sum => -product.Sum(),
            Reduction.Mean => logProbs.Numel == 0 ? -product.Sum() + double.NaN : -product.Sum() / (double)(logProbs.Numel / classes),
            _ => Reduce(op, product, reduction),
        };
    }

    /// <summary>
    /// Negative log-likelihood of class-index targets given log-probabilities (input [C], [N, C] or [N, C, d1, …]):
    /// −w[t]·input[t], with targets equal to ignoreIndex contributing nothing (not even to the mean's denominator).
    /// </summary>
    public static Tensor NllLoss(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100,
        Reduction reduction = Reduction.Mean)
    {
        const string op = "NLLLoss";
        int classDim = ClassDim(op, input);
        CheckClassWeight(op, weight, input.ShapeRef[classDim]);
        if (target.DType != DType.Int64)
            throw new ArgumentException($"{op}: target must hold class indices as Int64, got {target.DType} of shape {ShapeUtil.Format(target.ShapeRef)}.");
        return NllOfTargets(op, input, ClassTargets.Read(op, input, target, weight, ignoreIndex, classDim), reduction);
    }

    private static Tensor NllOfTargets(string op, Tensor logProbs, ClassTargets targets, Reduction reduction)
    {
        var picked = logProbs.Gather(targets.ClassDim, targets.Index).Squeeze(targets.ClassDim);
        var loss = picked * targets.NegativeWeights;   // −w[t]·log p[t], 0 where ignored
        return reduction == Reduction.Mean ? DivideByWeightSum(loss.Sum(), targets.WeightSum) : Reduce(op, loss, reduction);
    }

    /// <summary>
    /// Kullback–Leibler divergence Σ t·(log t − input) with input in log space; the target too when logTarget.
    /// BatchMean divides the sum by the batch size (the true KL per sample); Mean averages over all elements.
    /// </summary>
    public static Tensor KlDiv(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, bool logTarget = false)
    {
        const string op = "KLDivLoss";
        RequireFloat(op, "input", input);
        RequireFloat(op, "target", target);
        Tensor pointwise;
        if (logTarget) pointwise = target.Exp() * (target - input);
        else
        {
            // t·log t with 0·log 0 = 0 (PyTorch's xlogy); the log never sees 0, so no NaN enters the graph.
            var safeTarget = Tensor.Where(target.Eq(0.0), Tensor.OnesLike(target), target);
            pointwise = target * safeTarget.Log() - target * input;
        }
        if (reduction != Reduction.BatchMean) return Reduce(op, pointwise, reduction);
        return input.Rank == 0 ? pointwise.Sum() : pointwise.Sum() / (double)input.ShapeRef[0];
    }

    /// <summary>The class dim: 0 for a 1-d input of class scores, else 1.</summary>
    private static int ClassDim(string op, Tensor input)
    {
        RequireFloat(op, "input", input);
        if (input.Rank == 0)
            throw new ArgumentException($"{op}: input needs a class dim: expected shape [C], [N, C] or [N, C, d1, ...], got [].");
        return input.Rank == 1 ? 0 : 1;
    }

    private static void CheckClassWeight(string op, Tensor? weight, int classes)
    {
        if (weight is null) return;
        RequireFloat(op, "weight", weight);
        if (weight.Rank != 1 || weight.Numel != classes)
            throw new ArgumentException($"{op}: weight must be a 1-d tensor with one entry per class ({classes}), got shape {ShapeUtil.Format(weight.ShapeRef)}.");
    }

    /// <summary>The class weights as [C, 1, …] (or [C]) so they broadcast along the class dim of an input of the given rank.</summary>
    private static Tensor ClassWeightView(Tensor weight, int rank, int classDim)
    {
        var view = new int[rank - classDim];
        Array.Fill(view, 1);
        view[0] = weight.Numel;
        return weight.Reshape(view);
    }

    /// <summary>Class-index targets read once on the host: gather indices (ignored → 0), per-target weights, the kept mask.</summary>
    private sealed record ClassTargets(Tensor Index, Tensor NegativeWeights, Tensor Kept, double WeightSum, int ClassDim)
    {
        public static ClassTargets Read(string op, Tensor input, Tensor target, Tensor? weight, long ignoreIndex, int classDim)
        {
            int[] expected = input.Rank == 1 ? [] : input.ShapeRef.Where((_, d) => d != 1).ToArray();
            if (!ShapeUtil.SameShape(target.ShapeRef, expected))
                throw new ArgumentException(
                    $"{op}: for input of shape {ShapeUtil.Format(input.ShapeRef)} the class-index target must have shape " +
                    $"{ShapeUtil.Format(expected)}, got {ShapeUtil.Format(target.ShapeRef)}.");
            int classes = input.ShapeRef[classDim];
            var values = target.ToArray<long>();
            var classWeights = weight?.ToDoubleArray();
            var index = new long[values.Length];
            var negWeights = new double[values.Length];
            var kept = new double[values.Length];
            double sum = 0;
            for (int i = 0; i < values.Length; i++)
            {
                long t = values[i];
                if (t == ignoreIndex) continue;
                if (t < 0 || t >= classes)
                    throw new ArgumentException($"{op}: target {t} is out of bounds for {classes} classes (input shape {ShapeUtil.Format(input.ShapeRef)}).");
                double w = classWeights?[t] ?? 1.0;
                index[i] = t;
                negWeights[i] = -w;
                kept[i] = 1;
                sum += w;
            }
            var shape = target.ShapeRef;
            return new ClassTargets(
                Tensor.FromArray(index, shape).Unsqueeze(classDim),
                Tensor.FromArray(negWeights, shape, input.DType),
                Tensor.FromArray(kept, shape, input.DType),
                sum, classDim);
        }
    }
}
