namespace Nabla.Tests.Ops;

/// <summary>Tensor.Where over every way its operands reach the kernel: same-shape spans, one-element scalars, and
/// broadcast or non-contiguous views (materialised), with conditions of every dtype.</summary>
public class WhereTests
{
    private static readonly int[] Shape = [3, 4, 5];

    private static Tensor Random(int seed, DType dtype, params int[] shape)
    {
        var rng = new Random(seed);
        int n = shape.Aggregate(1, (p, d) => p * d);
        // Mask-like values with NaN and −0 among them, so "non-zero" is tested, not only 0/1.
        var v = Enumerable.Range(0, n).Select(i => (i % 7) switch { 0 => double.NaN, 1 => -0.0, 2 => 0.0, _ => rng.Next(-2, 3) * 1.5 }).ToArray();
        var t = Tensor.FromArray(v, shape);
        return dtype == DType.Int64 ? Tensor.Where(t.Ne(t), Tensor.Scalar(3, DType.Float64), t).To(DType.Int64) : t.To(dtype);
    }

    public static TheoryData<string> Cases() => ["same", "scalar-c", "scalar-a", "scalar-b", "row-c", "transposed-a", "column-b", "all-scalar"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesElementwiseChoiceOnTheBroadcastValues(string form)
    {
        foreach (var condType in new[] { DType.Float32, DType.Float64, DType.Int64 })
        {
            var c = form switch
            {
                "scalar-c" or "all-scalar" => Tensor.Scalar(double.NaN, condType == DType.Int64 ? DType.Float32 : condType),
                "row-c" => Random(1, condType, 4, 1),
                _ => Random(1, condType, Shape),
            };
            var a = form switch
            {
                "scalar-a" or "all-scalar" => Tensor.Scalar(7),
                "transposed-a" => Random(2, DType.Float32, 5, 4, 3).Permute(2, 1, 0),
                _ => Random(2, DType.Float32, Shape),
            };
            var b = form switch
            {
                "scalar-b" or "all-scalar" => Tensor.Scalar(-0.0),
                "column-b" => Random(3, DType.Float32, 3, 1, 5),
                _ => Random(3, DType.Float32, Shape),
            };
            var y = Tensor.Where(c, a, b);
            int[] shape = form == "all-scalar" ? [] : Shape;
            Assert.Equal(shape, y.Shape);
            var cv = c.Expand(shape).ToDoubleArray();
            var av = a.Expand(shape).ToArray<float>();
            var bv = b.Expand(shape).ToArray<float>();
            var yv = y.ToArray<float>();
            for (int i = 0; i < yv.Length; i++)
            {
                float e = cv[i] != 0 ? av[i] : bv[i];
                Assert.True(e.Equals(yv[i]) && float.IsNegative(e) == float.IsNegative(yv[i]), $"{form} {condType} i={i}: expected {e}, got {yv[i]}");
            }
        }
    }

    [Fact]
    public void GradientGoesToTheChosenSideOnly()
    {
        var a = Tensor.FromArray(new[] { 1.0, 2, 3, 4 }, 2, 2).RequiresGrad_();
        var b = Tensor.Scalar(5, DType.Float64, requiresGrad: true);
        var y = Tensor.Where(Tensor.FromArray(new[] { 1.0, 0, 0, 1 }, 2, 2), a, b);
        y.Backward(Tensor.FromArray(new[] { 10.0, 20, 30, 40 }, 2, 2));
        Assert.Equal(new double[] { 10, 0, 0, 40 }, a.Grad!.ToArray<double>());
        Assert.Equal(new double[] { 50 }, b.Grad!.ToArray<double>());
        Assert.Empty(b.Grad!.Shape);
    }
}
