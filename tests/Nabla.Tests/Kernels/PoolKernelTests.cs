using Nabla.Kernels;
using F = Nabla.NN.Functional;

namespace Nabla.Tests.Kernels;

/// <summary>The 2×2 stride-2 max-pool fast path and the direct first-order backward agree with the general forms.</summary>
public class PoolKernelTests
{
    [Theory]
    [InlineData(7, 8, 6)]
    [InlineData(3, 28, 28)]
    [InlineData(2, 5, 9)] // odd sizes: the last row/column is dropped (no ceil mode)
    [InlineData(2, 6, 37)] // Float32 runs eight outputs at a time: two full groups, then a tail of two, odd width
    [InlineData(1, 4, 16)] // exactly one group per row
    [InlineData(3, 10, 10)] // five outputs per row: groups of four, the second overlapping the first
    [InlineData(2, 4, 15)] // seven outputs per row
    [InlineData(2, 6, 6)] // three outputs per row: scalar
    public void PairWindowsMatchAWindowByWindowReference(int planes, int h, int w)
    {
        var g = new Generator(planes * 100 + h);
        var x = new float[planes * h * w];
        for (int i = 0; i < x.Length; i++) x[i] = (float)Math.Round(g.NextNormal() * 2) / 2; // many ties
        x[3] = float.NaN;
        x[x.Length / 2] = float.NaN;
        x[x.Length / 2 + 1] = float.NaN;
        for (int i = 5; i < x.Length; i += 13) x[i] = i % 2 == 0 ? float.NaN : float.NegativeInfinity;
        var rows = PoolAxis.Sliding(h, 2, 2, 0, false, false);
        var cols = PoolAxis.Sliding(w, 2, 2, 0, false, false);
        Assert.True(rows.IsPairs && cols.IsPairs);
        int oh = h / 2, ow = w / 2;
        var y = new float[planes * oh * ow];
        var index = new long[y.Length];
        Pool.MaxForward<float>(x, planes, rows, cols, y, index);
        for (int p = 0, o = 0; p < planes; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++, o++)
                {
                    float best = float.NegativeInfinity;
                    long at = 2 * i * w + 2 * j;
                    for (int di = 0; di < 2; di++)
                        for (int dj = 0; dj < 2; dj++)
                        {
                            long pos = (2 * i + di) * w + 2 * j + dj;
                            float v = x[p * h * w + pos];
                            if (v > best || float.IsNaN(v)) (best, at) = (v, pos);
                        }
                    Assert.Equal(at, index[o]);
                    Assert.Equal(best, y[o]);
                }
    }

    [Fact]
    public void DirectBackwardEqualsTheRecordedScatter()
    {
        var g = new Generator(5);
        var x = Tensor.Randn([2, 3, 6, 7], g, DType.Float64, requiresGrad: true);
        var upstream = Tensor.Randn([2, 3, 3, 3], g, DType.Float64);
        var direct = Nabla.Autograd.Grad([F.MaxPool2d(x, 2)], [x], [upstream])[0]!;
        var recorded = Nabla.Autograd.Grad([F.MaxPool2d(x, 2)], [x], [upstream], createGraph: true)[0]!;
        Assert.Equal(recorded.ToDoubleArray(), direct.ToDoubleArray());
        var overlapping = Nabla.Autograd.Grad([F.MaxPool2d(x, 3, stride: 1)], [x], [Tensor.Ones([2, 3, 4, 5], DType.Float64)])[0]!;
        var overlappingRecorded = Nabla.Autograd.Grad([F.MaxPool2d(x, 3, stride: 1)], [x], [Tensor.Ones([2, 3, 4, 5], DType.Float64)], createGraph: true)[0]!;
        Assert.Equal(overlappingRecorded.ToDoubleArray(), overlapping.ToDoubleArray());
    }

    [Fact]
    public void BackwardRejectsMismatchedSpans()
    {
        var ex = Assert.Throws<ArgumentException>(() => Pool.MaxBackward<float>(new float[4], new long[3], 1, 16, new float[16]));
        Assert.Contains("Pool.MaxBackward", ex.Message);
    }
}
