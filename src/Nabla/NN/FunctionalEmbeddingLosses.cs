namespace Nabla.NN;

// Similarity and margin losses: cosine similarity, cosine-embedding (Siamese networks), hinge-embedding,
// margin-ranking and multi-class margin.
public static partial class Functional
{
    /// <summary>
    /// cos θ = Σ (x₁/‖x₁‖)(x₂/‖x₂‖) along dim (inputs broadcast together), each norm clamped below at eps.
    /// Normalising before the product keeps the result in [−1, 1].
    /// </summary>
    public static Tensor CosineSimilarity(Tensor x1, Tensor x2, int dim = 1, double eps = 1e-8)
    {
        const string op = "CosineSimilarity";
        RequireFloat(op, "x1", x1);
        RequireFloat(op, "x2", x2);
        var shape = ShapeUtil.Broadcast(op, x1.ShapeRef, x2.ShapeRef);
        int d = ShapeUtil.NormalizeDim(op, dim, shape.Length);
        var a = x1.Expand(shape);
        var b = x2.Expand(shape);
        return (a / ClampedNorm(a, d, eps) * (b / ClampedNorm(b, d, eps))).Sum(d);
    }

    /// <summary>
    /// max(‖x‖, eps) along dim (kept). Where the norm is clamped, PyTorch 1.13 still differentiates it, as x/eps:
    /// the expression eps + (S − S̄)/(2·eps) (S = Σx², S̄ its detached value) has that value and that gradient.
    /// </summary>
    private static Tensor ClampedNorm(Tensor x, int dim, double eps)
    {
        var squares = (x * x).Sum(dim, keepDim: true);
        Tensor small;
        using (Tensor.NoGrad()) small = squares.Lt(eps * eps);
        if (small.Max().Item() == 0) return squares.Sqrt();
        Tensor clamped;
        using (Tensor.NoGrad()) clamped = squares.Sqrt().Clamp(min: eps);
        var emulated = clamped + (squares - squares.Detach()) / (clamped * 2.0);
        var safeSquares = Tensor.Where(small, Tensor.OnesLike(squares), squares);   // no √0 on the gradient path
        return Tensor.Where(small, emulated, safeSquares.Sqrt());
    }

    /// <summary>
    /// For Siamese / similarity networks: 1 − cos(x₁, x₂) where the label is 1, max(0, cos − margin) where it is −1
    /// (other labels contribute 0). Inputs [N, D] with labels [N], or [D] with a 0-d label;
    /// cos = Σx₁x₂ / √((Σx₁² + 1e-12)(Σx₂² + 1e-12)).
    /// </summary>
    public static Tensor CosineEmbeddingLoss(Tensor x1, Tensor x2, Tensor target, double margin = 0.0, Reduction reduction = Reduction.Mean)
    {
        const string op = "CosineEmbeddingLoss";
        RequireFloat(op, "x1", x1);
        RequireFloat(op, "x2", x2);
        int expectedRank = target.Rank switch
        {
            0 => 1,
            1 => 2,
            _ => throw new ArgumentException($"{op}: labels must be 0-d or 1-d, got shape {ShapeUtil.Format(target.ShapeRef)}."),
        };
        if (x1.Rank != expectedRank || x2.Rank != expectedRank)
            throw new ArgumentException(
                $"{op}: labels of shape {ShapeUtil.Format(target.ShapeRef)} need {expectedRank}-d inputs, got {ShapeUtil.Format(x1.ShapeRef)} and {ShapeUtil.Format(x2.ShapeRef)}.");
        int d = target.Rank;   // the feature dim
        const double Epsilon = 1e-12;
        var dot = (x1 * x2).Sum(d);
        var squares1 = (x1 * x1).Sum(d) + Epsilon;
        var squares2 = (x2 * x2).Sum(d) + Epsilon;
        var cos = dot / (squares1 * squares2).Sqrt();
        var zero = Tensor.ZerosLike(cos);
        var loss = Tensor.Where(target.Eq(1.0), 1.0 - cos, zero) + Tensor.Where(target.Eq(-1.0), (cos - margin).Clamp(min: 0), zero);
        return Reduce(op, loss, reduction);
    }

    /// <summary>x where the label is 1, max(0, margin − x) where it is −1 (x is typically a distance); labels broadcast.</summary>
    public static Tensor HingeEmbeddingLoss(Tensor input, Tensor target, double margin = 1.0, Reduction reduction = Reduction.Mean)
    {
        const string op = "HingeEmbeddingLoss";
        RequireFloat(op, "input", input);
        var zero = Tensor.ZerosLike(input);
        // As in PyTorch, a label other than ±1 gets both terms.
        var loss = Tensor.Where(target.Ne(1.0), (margin - input).Clamp(min: 0), zero) + Tensor.Where(target.Ne(-1.0), input, zero);
        return Reduce(op, loss, reduction);
    }

    /// <summary>max(0, −y·(x₁ − x₂) + margin): y = 1 asks for x₁ to rank above x₂ by margin, y = −1 the reverse.</summary>
    public static Tensor MarginRankingLoss(Tensor x1, Tensor x2, Tensor target, double margin = 0.0, Reduction reduction = Reduction.Mean)
    {
        const string op = "MarginRankingLoss";
        RequireFloat(op, "x1", x1);
        RequireFloat(op, "x2", x2);
        if (x1.Rank != x2.Rank || x1.Rank != target.Rank)
            throw new ArgumentException(
                $"{op}: x1, x2 and the labels must have the same number of dims, got {ShapeUtil.Format(x1.ShapeRef)}, " +
                $"{ShapeUtil.Format(x2.ShapeRef)} and {ShapeUtil.Format(target.ShapeRef)}.");
        var loss = ((x1 - x2) * target.Neg() + margin).Clamp(min: 0);
        return Reduce(op, loss, reduction);
    }

    /// <summary>
    /// Multi-class hinge loss: Σ_{i≠y} w[y]·max(0, margin − x[y] + x[i])^p / C per sample, p ∈ {1, 2};
    /// input [N, C] with Int64 targets [N], or [C] with a 0-d target.
    /// </summary>
    public static Tensor MultiMarginLoss(Tensor input, Tensor target, int p = 1, double margin = 1.0, Tensor? weight = null,
        Reduction reduction = Reduction.Mean)
    {
        const string op = "MultiMarginLoss";
        RequireFloat(op, "input", input);
        if (p is not (1 or 2)) throw new ArgumentException($"{op}: p must be 1 or 2, got {p}.");
        if (input.Rank is not (1 or 2) || input.Numel == 0)
            throw new ArgumentException($"{op}: expected a non-empty input of shape [C] or [N, C], got {ShapeUtil.Format(input.ShapeRef)}.");
        int classDim = input.Rank - 1, classes = input.ShapeRef[classDim];
        int[] targetShape = input.Rank == 1 ? [] : [input.ShapeRef[0]];
        if (target.DType != DType.Int64 || !ShapeUtil.SameShape(target.ShapeRef, targetShape))
            throw new ArgumentException(
                $"{op}: for input of shape {ShapeUtil.Format(input.ShapeRef)} the target must be Int64 class indices of shape " +
                $"{ShapeUtil.Format(targetShape)}, got {target.DType} of shape {ShapeUtil.Format(target.ShapeRef)}.");
        CheckClassWeight(op, weight, classes);

        // coefficient[n, i] = w[y_n]/C for i ≠ y_n, 0 at i = y_n: built once on the host.
        var labels = target.ToArray<long>();
        var classWeights = weight?.ToDoubleArray();
        var coefficient = new double[labels.Length * classes];
        for (int n = 0; n < labels.Length; n++)
        {
            long y = labels[n];
            if (y < 0 || y >= classes) throw new ArgumentException($"{op}: target {y} is out of bounds for {classes} classes.");
            double c = (classWeights?[y] ?? 1.0) / classes;
            for (int i = 0; i < classes; i++) coefficient[n * classes + i] = i == y ? 0 : c;
        }
        var scoreOfTarget = input.Gather(classDim, target.Unsqueeze(classDim));
        var hinge = (input - scoreOfTarget + margin).Relu();   // PyTorch: only z > 0 contributes, also to the gradient
        if (p == 2) hinge = hinge * hinge;
        var loss = (hinge * Tensor.FromArray(coefficient, input.ShapeRef, input.DType)).Sum(classDim);
        return Reduce(op, loss, reduction);
    }
}
