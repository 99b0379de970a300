namespace Nabla.NN;

public static partial class Functional
{
    /// <summary>
    /// Batch normalisation over channel dim 1 of [N, C, ...] (torch.nn.functional.batch_norm):
    /// y = (x − μ) / √(σ² + eps) · weight + bias per channel. With training (or without running statistics) μ and the
    /// biased σ² come from the batch (over every dim but 1), and given running statistics move in place by momentum:
    /// r ← (1 − m)·r + m·s, running_var taking the unbiased batch variance; otherwise the running statistics are used.
    /// </summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, double momentum = 0.1, double eps = 1e-5)
    {
        const string op = "BatchNorm";
        RequireFloat(op, "input", input);
        if (input.Rank < 2)
            throw new ArgumentException($"{op}: expected an input of shape [N, C, ...], got {ShapeUtil.Format(input.ShapeRef)}.");
        int channels = input.ShapeRef[1];
        foreach (var (name, t) in new[] { ("running_mean", runningMean), ("running_var", runningVar), ("weight", weight), ("bias", bias) })
            if (t is not null && (t.Rank != 1 || t.ShapeRef[0] != channels))
                throw new ArgumentException($"{op}: {name} of shape {ShapeUtil.Format(t.ShapeRef)} does not match {channels} channels of input {ShapeUtil.Format(input.ShapeRef)}.");
        if ((runningMean is null) != (runningVar is null))
            throw new ArgumentException($"{op}: running_mean and running_var must both be given or both be null.");

        var dims = Enumerable.Range(0, input.Rank).Where(d => d != 1).ToArray();
        var channelShape = Enumerable.Range(1, input.Rank - 1).Select(d => d == 1 ? channels : 1).ToArray(); // [C, 1, ...]
        Tensor normalized;
        if (training || runningMean is null)
        {
            int count = channels == 0 ? 0 : input.Numel / channels;
            if (training && count <= 1)
                throw new ArgumentException($"{op}: expected more than 1 value per channel when training, got input of shape {ShapeUtil.Format(input.ShapeRef)}.");
            if (weight is not null && bias is not null && count > 0)   // the common training case: one fused node (FusedBatchNorm)
            {
                var (output, batchMean, batchVariance) = FusedBatchNorm.Forward(input, weight, bias, eps);
                if (training && runningMean is not null) UpdateRunningStats(runningMean, runningVar!, batchMean, batchVariance, count, momentum);
                return output;
            }
            var mean = input.Mean(dims, keepDim: true);
            var centered = input - mean;
            var variance = (centered * centered).Mean(dims, keepDim: true); // biased: divides by count
            normalized = centered / (variance + eps).Sqrt();
            if (training && runningMean is not null) UpdateRunningStats(runningMean, runningVar!, mean, variance, count, momentum);
        }
        else normalized = (input - runningMean.Reshape(channelShape)) / (runningVar!.Reshape(channelShape) + eps).Sqrt();
        if (weight is not null) normalized = normalized * weight.Reshape(channelShape);
        if (bias is not null) normalized = normalized + bias.Reshape(channelShape);
        return normalized;
    }

    /// <summary>r ← (1 − m)·r + m·s in place; running_var takes the unbiased variance σ²_B · n / (n − 1).</summary>
    private static void UpdateRunningStats(Tensor runningMean, Tensor runningVar, Tensor mean, Tensor biasedVariance, int count, double m)
    {
        using (Tensor.NoGrad())
        {
            int channels = runningMean.ShapeRef[0];
            var unbiased = biasedVariance.Reshape(channels) * ((double)count / (count - 1));
            runningMean.Copy_(runningMean * (1 - m) + mean.Reshape(channels).To(runningMean.DType) * m);
            runningVar.Copy_(runningVar * (1 - m) + unbiased.To(runningVar.DType) * m);
        }
    }

    /// <summary>
    /// Channel dropout (torch.nn.functional.dropout2d): in training each whole channel of [N, C, H, W] (or of an
    /// unbatched [C, H, W]) is zeroed with probability p and the rest scaled by 1/(1 − p); otherwise the identity.
    /// </summary>
    public static Tensor Dropout2d(Tensor input, double p = 0.5, bool training = true, Generator? generator = null)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), $"Dropout2d: probability p must be between 0 and 1, got {p}.");
        if (input.Rank != 3 && input.Rank != 4)
            throw new ArgumentException($"Dropout2d: expected a 3-D [C, H, W] or 4-D [N, C, H, W] input, got shape {ShapeUtil.Format(input.ShapeRef)}.");
        if (!training || p == 0) return input;
        RequireFloat("Dropout2d", "input", input);
        if (p == 1) return input * 0.0; // still connected to the graph: the gradient is zero everywhere
        int[] maskShape = input.Shape;
        maskShape[^1] = maskShape[^2] = 1; // one draw per channel, broadcast over its plane
        var mask = Tensor.Rand(maskShape, generator, input.DType).Lt(1 - p) * (1 / (1 - p));
        return input * mask;
    }
}
