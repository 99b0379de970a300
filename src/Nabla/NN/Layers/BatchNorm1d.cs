using System.Globalization;

namespace Nabla.NN;

/// <summary>
/// Batch normalisation over [N, C] or [N, C, L] inputs (torch.nn.BatchNorm1d):
/// y = (x − μ_B) / √(σ²_B + eps) · γ + β per channel C. In training μ_B and the biased σ²_B come from the batch
/// (over N, and L), and the running statistics move by momentum: r ← (1 − m)·r + m·s, with the UNBIASED batch
/// variance for running_var; in evaluation the running statistics replace the batch ones. momentum = null uses the
/// cumulative average (m = 1 / num_batches_tracked). Names follow PyTorch: weight (γ), bias (β), running_mean,
/// running_var, num_batches_tracked (Int64).
/// </summary>
public sealed class BatchNorm1d : Module<Tensor, Tensor>
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

    public BatchNorm1d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true,
        DType dtype = DType.Float32)
    {
        if (numFeatures <= 0) throw new ArgumentException($"BatchNorm1d: num_features must be positive, got {numFeatures}.");
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"BatchNorm1d: dtype must be floating-point, got {dtype}.");
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

    public override Tensor Forward(Tensor input)
    {
        if ((input.Rank != 2 && input.Rank != 3) || input.ShapeRef[1] != NumFeatures)
            throw new ArgumentException(
                $"BatchNorm1d: expected input of shape [N, {NumFeatures}] or [N, {NumFeatures}, L], got {ShapeUtil.Format(input.ShapeRef)}.");
        if (!input.DType.IsFloatingPoint())
            throw new ArgumentException($"BatchNorm1d: expected a floating-point input, got {input.DType} of shape {ShapeUtil.Format(input.ShapeRef)}.");
        int[] dims = input.Rank == 2 ? [0] : [0, 2];
        int[] channelShape = input.Rank == 2 ? [NumFeatures] : [NumFeatures, 1]; // broadcasts against [N, C] / [N, C, L]
        bool useBatchStats = Training || !TrackRunningStats;

        Tensor normalized;
        if (useBatchStats)
        {
            int count = input.Numel / NumFeatures;
            if (Training && count <= 1)
                throw new ArgumentException(
                    $"BatchNorm1d: expected more than 1 value per channel when training, got input of shape {ShapeUtil.Format(input.ShapeRef)}.");
            var mean = input.Mean(dims, keepDim: true);
            var centered = input - mean;
            var variance = (centered * centered).Mean(dims, keepDim: true); // biased: divides by count
            normalized = centered / (variance + Eps).Sqrt();
            if (Training && TrackRunningStats) UpdateRunningStats(mean, variance, count);
        }
        else
        {
            var mean = RunningMean!.Reshape(channelShape);
            var variance = RunningVar!.Reshape(channelShape);
            normalized = (input - mean) / (variance + Eps).Sqrt();
        }
        if (Weight is not null) normalized = normalized * Weight.Reshape(channelShape);
        if (Bias is not null) normalized = normalized + Bias.Reshape(channelShape);
        return normalized;
    }

    /// <summary>r ← (1 − m)·r + m·s in place; running_var takes the unbiased variance σ²_B · n / (n − 1).</summary>
    private void UpdateRunningStats(Tensor mean, Tensor biasedVariance, int count)
    {
        using (Tensor.NoGrad())
        {
            NumBatchesTracked!.Add_(Tensor.Scalar(1, DType.Int64));
            double m = Momentum ?? 1.0 / NumBatchesTracked.Item();
            var batchMean = mean.Reshape(NumFeatures).To(RunningMean!.DType);
            var unbiased = (biasedVariance.Reshape(NumFeatures) * ((double)count / (count - 1))).To(RunningVar!.DType);
            RunningMean.Copy_(RunningMean * (1 - m) + batchMean * m);
            RunningVar.Copy_(RunningVar * (1 - m) + unbiased * m);
        }
    }

    protected override string ExtraRepr() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{NumFeatures}, eps={Eps.ToString(CultureInfo.InvariantCulture).Replace('E', 'e')}, momentum={(Momentum is { } m ? m.ToString(CultureInfo.InvariantCulture) : "None")}, " +
            $"affine={(Affine ? "True" : "False")}, track_running_stats={(TrackRunningStats ? "True" : "False")}");
}
