namespace Nabla.Training;

/// <summary>Mean of a per-element error over every element of every batch: output and target of the same shape.</summary>
public abstract class ElementwiseErrorMetric : Metric
{
    private double sum;
    private long count;

    /// <summary>The error of one element (squared, absolute, ...).</summary>
    protected abstract double Error(double difference);

    public override void Reset() => (sum, count) = (0, 0);

    public override void Update(Tensor output, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        if (output.Numel != target.Numel)
            throw new ArgumentException($"{GetType().Name}: output {ShapeUtil.Format(output.ShapeRef)} and target {ShapeUtil.Format(target.ShapeRef)} differ in size.", nameof(target));
        var o = output.ToDoubleArray();
        var t = target.ToDoubleArray();
        for (int i = 0; i < o.Length; i++) sum += Error(o[i] - t[i]);
        count += o.Length;
    }

    public override double Compute() => count == 0 ? double.NaN : sum / count;
}

/// <summary>Mean squared error, mean((output − target)²).</summary>
public sealed class MeanSquaredError : ElementwiseErrorMetric
{
    public override string Name => "mse";

    protected override double Error(double difference) => difference * difference;

    public override Metric Clone() => new MeanSquaredError();
}

/// <summary>Mean absolute error, mean(|output − target|).</summary>
public sealed class MeanAbsoluteError : ElementwiseErrorMetric
{
    public override string Name => "mae";

    protected override double Error(double difference) => Math.Abs(difference);

    public override Metric Clone() => new MeanAbsoluteError();
}
