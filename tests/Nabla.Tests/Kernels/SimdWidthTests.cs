using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Tests.Kernels;

/// <summary>
/// CI reruns the kernel tests with wide ISAs switched off and says which path it expects in NABLA_EXPECT_SIMD
/// (512, 256, 128 or scalar); this proves each pass really runs the fallback it claims.
/// </summary>
public class SimdWidthTests
{
    [Fact]
    public void AcceleratedWidthsMatchTheExpectedPath()
    {
        var expected = Environment.GetEnvironmentVariable("NABLA_EXPECT_SIMD");
        var actual = Vector512.IsHardwareAccelerated ? "512"
            : Vector256.IsHardwareAccelerated ? "256"
            : Vector128.IsHardwareAccelerated ? "128" : "scalar";
        if (expected is null)
        {
            // No expectation given: the widths must at least be consistent with the instruction sets present.
            Assert.Equal(Avx512F.IsSupported, Vector512.IsHardwareAccelerated);
            Assert.Equal(Avx2.IsSupported, Vector256.IsHardwareAccelerated);
            return;
        }
        Assert.Equal(expected, actual);
        Assert.Equal(actual == "512", Vector512.IsHardwareAccelerated);
        Assert.Equal(actual is "512" or "256", Vector256.IsHardwareAccelerated);
        Assert.Equal(actual != "scalar", Vector128.IsHardwareAccelerated);
    }
}
