namespace Nabla.NN;

// Regression losses (MSE, L1, Huber, smooth L1) and binary cross-entropy (on probabilities and on logits).
public static partial class Functional
{
    /// <summary>(x − y)², reduced.</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        var diff = Difference("MSELoss", input, target);
        return Reduce("MSELoss", diff * diff, reduction);
    }

    /// <summary>|x − y|, reduced.</summary>
    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        Reduce("L1Loss", Difference("L1Loss", input, target).Abs(), reduction);

    /// <summary>½d² where |d| &lt; δ, else δ(|d| − ½δ), with d = x − y: quadratic near 0, linear (slope δ) beyond.</summary>
    public static Tensor HuberLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double delta = 1.0)
    {
        if (!(delta > 0)) throw new ArgumentException($"HuberLoss: delta must be positive, got {delta}.");
        var diff = Difference("HuberLoss", input, target);
        var size = diff.Abs();
        var loss = Tensor.Where(size.Lt(delta), diff * diff * 0.5, (size - 0.5 * delta) * delta);
        return Reduce("HuberLoss", loss, reduction);
    }

    /// <summary>½d²/β where |d| &lt; β, else |d| − ½β (Huber divided by β); β = 0 is plain L1.</summary>
    public static Tensor SmoothL1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double beta = 1.0)
    {
        if (!(beta >= 0)) throw new ArgumentException($"SmoothL1Loss: beta must be non-negative, got {beta}.");
        var diff = Difference("SmoothL1Loss", input, target);
        var size = diff.Abs();
        var loss = beta == 0 ? size : Tensor.Where(size.Lt(beta), diff * diff * (0.5 / beta), size - 0.5 * beta);
        return Reduce("SmoothL1Loss", loss, reduction);
    }

    private static Tensor Difference(string op, Tensor input, Tensor target)
    {
        RequireFloat(op, "input", input);
        RequireFloat(op, "target", target);
        RequireSameShape(op, input, target);
        return input - target;
    }

    /// <summary>
    /// Binary cross-entropy on probabilities: −w·[y·ln x + (1 − y)·ln(1 − x)], each log clamped at −100 as in PyTorch.
    /// weight (broadcast to the input's shape) weighs each element: w = α·y + β·(1 − y) gives the class-weighted form
    /// −[α·y·ln x + β·(1 − y)·ln(1 − x)] used for imbalanced data.
    /// </summary>
    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean)
    {
        const string op = "BCELoss";
        RequireFloat(op, "input", input);
        RequireFloat(op, "target", target);
        RequireSameShape(op, input, target);
        if (input.Numel > 0)
        {
            double inRange;
            using (Tensor.NoGrad()) inRange = (input.Ge(0.0) * input.Le(1.0)).Min().Item();   // NaN fails too
            if (inRange == 0)
                throw new ArgumentException($"{op}: all elements of input must be probabilities in [0, 1] (apply Sigmoid, or use BCEWithLogitsLoss on logits).");
        }
        var loss = Tensor.BinaryCrossEntropyElementwise(input, target);
        if (weight is not null) loss = loss * ElementWeight(op, "weight", weight, input);
        return Reduce(op, loss, reduction);
    }

    /// <summary>
    /// Sigmoid + binary cross-entropy in one stable expression, finite for logits of ±1000:
    /// ℓ = (1 − y)·x + (1 + (p − 1)·y)·log(1 + e^{−x}), with log(1 + e^{−x}) = log(e^{−m} + e^{−x−m}) + m, m = max(−x, 0).
    /// posWeight p (broadcast, typically one per class along the last dim) weighs the positive term, w each element.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null, Tensor? posWeight = null,
        Reduction reduction = Reduction.Mean)
    {
        const string op = "BCEWithLogitsLoss";
        RequireFloat(op, "input", input);
        RequireFloat(op, "target", target);
        RequireSameShape(op, input, target);
        // m is a constant shift: the expression does not depend on it, so it needs no gradient.
        Tensor shift;
        using (Tensor.NoGrad()) shift = input.Neg().Clamp(min: 0);
        var softplusOfNegative = ((-shift).Exp() + (-input - shift).Exp()).Log() + shift;   // log(1 + e^{−x})
        var positive = posWeight is null ? softplusOfNegative
            : ((ElementWeight(op, "posWeight", posWeight, input) - 1.0) * target + 1.0) * softplusOfNegative;
        var loss = (1.0 - target) * input + positive;
        if (weight is not null) loss = loss * ElementWeight(op, "weight", weight, input);
        return Reduce(op, loss, reduction);
    }

    /// <summary>A weight that must broadcast to the input's shape without enlarging it.</summary>
    private static Tensor ElementWeight(string op, string what, Tensor weight, Tensor input)
    {
        RequireFloat(op, what, weight);
        var shape = ShapeUtil.Broadcast(op, input.ShapeRef, weight.ShapeRef);
        if (!ShapeUtil.SameShape(shape, input.ShapeRef))
            throw new ArgumentException(
                $"{op}: {what} of shape {ShapeUtil.Format(weight.ShapeRef)} does not broadcast to the input's shape {ShapeUtil.Format(input.ShapeRef)}.");
        return weight;
    }
}
