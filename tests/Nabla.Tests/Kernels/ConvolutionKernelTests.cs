using Nabla.Kernels;

namespace Nabla.Tests.Kernels;

/// <summary>The im2col + GEMM convolution kernels against a direct six-loop convolution, on batches large enough to
/// split into several chunks (with a remainder) and over both threads, in float and double.</summary>
public class ConvolutionKernelTests
{
    public static TheoryData<int, int, int, int, int, int, int, int, int> Geometries() => new()
    {
        // batch, in, out, kernel, size, stride, padding, dilation, groups
        { 37, 1, 6, 5, 28, 1, 2, 1, 1 },   // LeNet conv1, 37 images: uneven chunks
        { 9, 6, 16, 5, 14, 1, 0, 1, 1 },
        { 5, 4, 64, 3, 9, 2, 1, 1, 2 },    // 32 channels per group: transposed GEMMs
        { 3, 3, 4, 3, 11, 1, 3, 3, 1 },    // dilation 3, padding larger than the kernel reach
        { 2, 6, 6, 3, 8, 2, 1, 1, 6 },     // depthwise, stride 2
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void MatchesDirectConvolution(int batch, int inC, int outC, int k, int size, int stride, int pad, int dil, int groups)
    {
        int outSize = ConvGeometry.OutputSize(size, 2 * pad, k, stride, dil);
        var g = new ConvGeometry(batch, inC, size, size, outC, k, k, stride, stride, pad, pad, dil, dil, groups, outSize, outSize);
        var rng = new Random(batch * 31 + outC);
        double[] x = Random(rng, batch * inC * size * size), w = Random(rng, outC * inC / groups * k * k);
        double[] dy = Random(rng, batch * outC * outSize * outSize);
        var (y, dx, dw) = Direct(g, x, w, dy);

        var y32 = new float[y.Length];
        Convolution.Forward<float>(F(x), F(w), [], y32, g);
        AssertClose(y, y32, "forward");
        var dx32 = new float[dx.Length];
        Convolution.BackwardInput<float>(F(dy), F(w), dx32, g);
        AssertClose(dx, dx32, "input gradient");
        var dw32 = new float[dw.Length];
        Convolution.BackwardWeight<float>(F(x), F(dy), dw32, g);
        AssertClose(dw, dw32, "weight gradient");

        var dw64 = new double[dw.Length];
        Convolution.BackwardWeight<double>(x, dy, dw64, g);
        for (int i = 0; i < dw.Length; i++) Assert.True(Math.Abs(dw[i] - dw64[i]) <= 1e-10 * (1 + Math.Abs(dw[i])), $"double weight gradient {i}");
    }

    /// <summary>y = conv(x, w), dx = ∂⟨y, dy⟩/∂x, dw = ∂⟨y, dy⟩/∂w by the definition, in double.</summary>
    private static (double[] Y, double[] Dx, double[] Dw) Direct(ConvGeometry g, double[] x, double[] w, double[] dy)
    {
        double[] y = new double[dy.Length], dx = new double[x.Length], dw = new double[w.Length];
        int cg = g.InChannelsPerGroup, og = g.OutChannelsPerGroup;
        for (int n = 0; n < g.Batch; n++)
            for (int o = 0; o < g.OutChannels; o++)
                for (int oh = 0; oh < g.OutHeight; oh++)
                    for (int ow = 0; ow < g.OutWidth; ow++)
                    {
                        int yi = ((n * g.OutChannels + o) * g.OutHeight + oh) * g.OutWidth + ow;
                        for (int c = 0; c < cg; c++)
                            for (int i = 0; i < g.KernelH; i++)
                                for (int j = 0; j < g.KernelW; j++)
                                {
                                    int h = oh * g.StrideH - g.PadTop + i * g.DilationH, v = ow * g.StrideW - g.PadLeft + j * g.DilationW;
                                    if (h < 0 || h >= g.Height || v < 0 || v >= g.Width) continue;
                                    int xi = ((n * g.InChannels + o / og * cg + c) * g.Height + h) * g.Width + v;
                                    int wi = ((o * cg + c) * g.KernelH + i) * g.KernelW + j;
                                    y[yi] += w[wi] * x[xi];
                                    dx[xi] += w[wi] * dy[yi];
                                    dw[wi] += x[xi] * dy[yi];
                                }
                    }
        return (y, dx, dw);
    }

    private static double[] Random(Random rng, int n) => Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();

    private static float[] F(double[] v) => v.Select(d => (float)d).ToArray();

    private static void AssertClose(double[] expected, float[] actual, string what)
    {
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * scale + 1e-5, $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
