using Nabla.Data;
using Nabla.NN;

namespace Nabla.Tests.Data;

public class ClassWeightsTests
{
    [Fact]
    public void BalancedWeightsMatchScikitLearn()
    {
        var y = Tensor.FromArray(new long[] { 2, 0, 0, 1, 2, 2, 0, 1, 1, 2, 2, 0, 2, 2, 1, 0, 2, 2 });
        // sklearn.utils.class_weight.compute_class_weight("balanced", classes=[0, 1, 2], y=y)
        Assert.Equal(new[] { 1.2f, 1.5f, 2f / 3 }, ClassWeights.Balanced(y).ToFloatArray());
        Assert.Equal(new long[] { 5, 4, 9 }, ClassWeights.Counts(y));
        var loss = new CrossEntropyLoss(weight: ClassWeights.Balanced(y));
        Assert.Equal(3, loss.Weight!.Numel);
        var e = Assert.Throws<ArgumentException>(() => ClassWeights.Balanced(y, numClasses: 4));
        Assert.StartsWith("ClassWeights.Balanced: class 3 has no sample; its weight n / (k · 0) would be infinite.", e.Message);
    }

    [Fact]
    public void PosWeightIsNegativesOverPositives()
    {
        Assert.Equal(new[] { 3f }, ClassWeights.PosWeight(Tensor.FromArray(new float[] { 1, 0, 0, 0, 1, 0, 0, 0 })).ToFloatArray());
        var multi = Tensor.FromArray(new float[] { 1, 1, 0, 1, 0, 1, 0, 0 }, 4, 2);
        Assert.Equal(new[] { 3f, 1f / 3 }, ClassWeights.PosWeight(multi).ToFloatArray());
        Assert.Equal(1, new BCEWithLogitsLoss(posWeight: ClassWeights.PosWeight(Tensor.FromArray(new float[] { 1, 0 }))).PosWeight!.Numel);
        var e = Assert.Throws<ArgumentException>(() => ClassWeights.PosWeight(Tensor.FromArray(new float[] { 0, 0.5f })));
        Assert.StartsWith("ClassWeights.PosWeight: targets must be 0 or 1, found 0.5.", e.Message);
    }
}
