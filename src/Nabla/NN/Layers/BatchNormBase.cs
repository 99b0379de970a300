using System.Globalization;

namespace Nabla.NN;

/// <summary>
/// What BatchNorm1d and BatchNorm2d share (PyTorch's _BatchNorm): per channel C (dim 1),
/// y = (x − μ) / √(σ² + eps) · γ + β. In training μ and the biased σ² come from the batch (over every dim but 1), and
/// the running statistics move by momentum: r ← (1 − m)·r + m·s, with the UNBIASED batch variance for running_var;
/// in evaluation the running statistics replace the batch ones. momentum = null uses the cumulative average
/// (m = 1 / num_batches_tracked). Names follow PyTorch: weight (γ), bias (β), running_mean, running_var,
/// num_batches_tracked (Int64). The subclasses only say which input shapes they take.
/// </summary>
public abstract class BatchNormBase : Module<Tensor, Tensor>
{
    public int NumFeatures { get; }
    public double Eps { get; }
    public double? Momentum { get; }
    public bool Affine { get; }
    public bool TrackRunningStats { get; }

    /// <summary>γ, [C]; null when affine is false.</summary>
    public Tensor? Weight { get; }

    /// <summary>β, [C]; null when affine is false.</summary>
    public Tensor? Bias { get; }

    public Tensor? RunningMean { get; }
    public Tensor? RunningVar { get; }
    public Tensor? NumBatchesTracked { get; }

    private protected BatchNormBase(int numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats, DType dtype)
    {
        if (numFeatures <= 0) throw new ArgumentException($"{TypeName}: num_features must be positive, got {numFeatures}.");
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"{TypeName}: dtype must be floating-point, got {dtype}.");
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        Affine = affine;
        TrackRunningStats = trackRunningStats;
        Weight = RegisterParameter("weight", affine ? Tensor.Ones([numFeatures], dtype) : null);
        Bias = RegisterParameter("bias", affine ? Tensor.Zeros([numFeatures], dtype) : null);
        RunningMean = RegisterBuffer("running_mean", trackRunningStats ? Tensor.Zeros([numFeatures], dtype) : null);
        RunningVar = RegisterBuffer("running_var", trackRunningStats ? Tensor.Ones([numFeatures], dtype) : null);
        NumBatchesTracked = RegisterBuffer("num_batches_tracked", trackRunningStats ? Tensor.Zeros([], DType.Int64) : null);
    }

    /// <summary>running_mean = 0, running_var = 1, num_batches_tracked = 0.</summary>
    public void ResetRunningStats()
    {
        if (!TrackRunningStats) return;
        using (Tensor.NoGrad())
        {
            RunningMean!.Zero_();
            RunningVar!.Fill_(1);
            NumBatchesTracked!.Zero_();
        }
    }

    /// <summary>Running statistics reset, γ = 1, β = 0 (PyTorch's reset_parameters).</summary>
    public void ResetParameters()
    {
        ResetRunningStats();
        if (Weight is not null) Init.Ones_(Weight);
        if (Bias is not null) Init.Zeros_(Bias);
    }

    /// <summary>Whether the layer takes input of this shape with NumFeatures channels; the message names the expected shapes.</summary>
    private protected abstract bool AcceptsShape(int[] shape, out string expected);

    public override Tensor Forward(Tensor input)
    {
        if (!AcceptsShape(input.ShapeRef, out var expected) || input.ShapeRef[1] != NumFeatures)
            throw new ArgumentException($"{TypeName}: expected input of shape {expected}, got {ShapeUtil.Format(input.ShapeRef)}.");
        if (!input.DType.IsFloatingPoint())
            throw new ArgumentException($"{TypeName}: expected a floating-point input, got {input.DType} of shape {ShapeUtil.Format(input.ShapeRef)}.");
        if (Training && input.Numel / NumFeatures <= 1)
            throw new ArgumentException(
                $"{TypeName}: expected more than 1 value per channel when training, got input of shape {ShapeUtil.Format(input.ShapeRef)}.");
        double momentum = 0;
        if (Training && TrackRunningStats)
        {
            using (Tensor.NoGrad()) NumBatchesTracked!.Add_(Tensor.Scalar(1, DType.Int64));
            momentum = Momentum ?? 1.0 / NumBatchesTracked.Item();
        }
        // Without running statistics the batch's own are used in evaluation too.
        return Functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, Training, momentum, Eps);
    }

    protected override string ExtraRepr() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{NumFeatures}, eps={Eps.ToString(CultureInfo.InvariantCulture).Replace('E', 'e')}, momentum={(Momentum is { } m ? m.ToString(CultureInfo.InvariantCulture) : "None")}, " +
            $"affine={(Affine ? "True" : "False")}, track_running_stats={(TrackRunningStats ? "True" : "False")}");
}
