namespace Nabla.NN;

/// <summary>
/// Batch normalisation over [N, C] or [N, C, L] inputs (torch.nn.BatchNorm1d): statistics per channel C over N
/// (and L); see <see cref="BatchNormBase"/> for the formula, the running statistics and the parameter names.
/// </summary>
public sealed class BatchNorm1d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true,
    DType dtype = DType.Float32) : BatchNormBase(numFeatures, eps, momentum, affine, trackRunningStats, dtype)
{
    private protected override bool AcceptsShape(int[] shape, out string expected)
    {
        expected = $"[N, {NumFeatures}] or [N, {NumFeatures}, L]";
        return shape.Length is 2 or 3;
    }
}
