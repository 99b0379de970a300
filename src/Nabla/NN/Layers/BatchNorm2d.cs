namespace Nabla.NN;

/// <summary>
/// Batch normalisation over [N, C, H, W] inputs (torch.nn.BatchNorm2d): statistics per channel C over N, H and W;
/// see <see cref="BatchNormBase"/> for the formula, the running statistics and the parameter names.
/// </summary>
public sealed class BatchNorm2d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true,
    DType dtype = DType.Float32) : BatchNormBase(numFeatures, eps, momentum, affine, trackRunningStats, dtype)
{
    private protected override bool AcceptsShape(int[] shape, out string expected)
    {
        expected = $"[N, {NumFeatures}, H, W]";
        return shape.Length == 4;
    }
}
