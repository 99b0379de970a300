using System.Text.Json;
using Nabla.Optim;

namespace Nabla.Tests.Optim;

public class ClipGradTests
{
    public static TheoryData<string> NormCases => OptimReference.Names("clip_norm");

    public static TheoryData<string> ValueCases => OptimReference.Names("clip_value");

    [Theory]
    [MemberData(nameof(NormCases))]
    public void NormMatchesPyTorch(string name)
    {
        var c = OptimReference.Case("clip_norm", name);
        var parameters = Parameters(c);
        var p = c.GetProperty("norm_type") is { ValueKind: JsonValueKind.String } ? double.PositiveInfinity : c.GetProperty("norm_type").GetDouble();
        double total = ClipGrad.Norm(parameters, c.GetProperty("max_norm").GetDouble(), p);
        Assert.Equal(c.GetProperty("total_norm").GetDouble(), total, 1e-12 * total);
        AssertGrads(c, parameters, name);
    }

    [Theory]
    [MemberData(nameof(ValueCases))]
    public void ValueMatchesPyTorch(string name)
    {
        var c = OptimReference.Case("clip_value", name);
        var parameters = Parameters(c);
        ClipGrad.Value(parameters, c.GetProperty("clip_value").GetDouble());
        AssertGrads(c, parameters, name);
    }

    [Fact]
    public void NormOfFloat32GradientsScalesThemInTheirDtype()
    {
        var w = Tensor.Zeros([2, 2], requiresGrad: true);
        w.Grad = Tensor.FromArray(new float[] { 3, 0, 0, 4 }, 2, 2);
        double total = ClipGrad.Norm([w], maxNorm: 1);
        Assert.Equal(5, total, 12);
        Assert.Equal(DType.Float32, w.Grad.DType);
        Assert.Equal(new[] { 0.6f, 0, 0, 0.8f }, w.Grad.ToFloatArray(), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void NoGradientsGiveZeroAndChangeNothing()
    {
        var w = Tensor.Zeros([3], DType.Float64, requiresGrad: true);
        Assert.Equal(0, ClipGrad.Norm([w], 1.0));
        Assert.Null(w.Grad);
    }

    [Fact]
    public void NonFiniteNormThrowsOnlyWhenAsked()
    {
        var w = Tensor.Zeros([2], DType.Float64, requiresGrad: true);
        w.Grad = Tensor.FromArray(new[] { double.PositiveInfinity, 1 });
        var e = Assert.Throws<InvalidOperationException>(() => ClipGrad.Norm([w], 1, errorIfNonfinite: true));
        Assert.Contains("ClipGrad.Norm: the total norm of order 2", e.Message);
        Assert.Equal(double.PositiveInfinity, ClipGrad.Norm([w], 1));
        Assert.True(double.IsNaN(w.Grad.ToDoubleArray()[0])); // ∞ · 0, as in PyTorch
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        var w = Tensor.Zeros([2], DType.Float64, requiresGrad: true);
        Assert.Equal("ClipGrad.Norm: normType must be positive (or infinity), got 0.",
            Assert.Throws<ArgumentException>(() => ClipGrad.Norm([w], 1, normType: 0)).Message);
        Assert.Equal("ClipGrad.Value: clipValue must be ≥ 0, got -1.",
            Assert.Throws<ArgumentException>(() => ClipGrad.Value([w], -1)).Message);
    }

    private static Tensor[] Parameters(JsonElement c)
    {
        var shapes = c.GetProperty("shapes").EnumerateArray().Select(OptimReference.Ints).ToArray();
        var grads = c.GetProperty("grads").EnumerateArray().ToArray();
        return shapes.Select((s, k) =>
        {
            var p = Tensor.Zeros(s, DType.Float64, requiresGrad: true);
            if (grads[k].ValueKind != JsonValueKind.Null) p.Grad = Tensor.FromArray(OptimReference.Doubles(grads[k]), s);
            return p;
        }).ToArray();
    }

    private static void AssertGrads(JsonElement c, Tensor[] parameters, string name)
    {
        var expected = c.GetProperty("clipped").EnumerateArray().ToArray();
        for (int k = 0; k < parameters.Length; k++)
        {
            if (expected[k].ValueKind == JsonValueKind.Null) { Assert.Null(parameters[k].Grad); continue; }
            OptimReference.AssertClose(OptimReference.Doubles(expected[k]), parameters[k].Grad!.ToDoubleArray(), 1e-12, $"{name}: grad {k}");
        }
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}
