using Nabla.NN;

namespace Nabla.Tests.NN;

/// <summary>Bad arguments to the convolution and pooling functions and layers: ArgumentException naming the op and the shapes.</summary>
public class ConvErrorTests
{
    private static readonly Tensor Image = Tensor.Zeros([2, 3, 5, 5]);

    [Theory]
    [InlineData("rank", "Conv2d: expected a 3-D [C, H, W] or 4-D [N, C, H, W] input, got shape [3, 5].")]
    [InlineData("channels", "Conv2d: input of shape [2, 3, 5, 5] has 3 channels, but weight [4, 2, 3, 3] with groups=1 expects 2.")]
    [InlineData("groups", "Conv2d: out_channels 4 of weight [4, 1, 3, 3] is not divisible by groups=3.")]
    [InlineData("kernel", "Conv2d: kernel 7×7 (dilation (1, 1)) is larger than the padded input of shape [2, 3, 5, 5] (padding (0+0, 0+0)).")]
    [InlineData("bias", "Conv2d: bias of shape [3] does not match 4 output channels.")]
    [InlineData("dtype", "Conv2d: weight is Float64 but input is Float32; convert one with To().")]
    [InlineData("stride", "Conv2d: stride must be positive, got (0, 1).")]
    [InlineData("same", "Conv2d: padding='same' is not supported for strided convolutions (stride (2, 2)).")]
    [InlineData("mode", "Conv2d: padding must be \"valid\", \"same\" or numbers, got \"full\".")]
    [InlineData("int", "Conv2d: input must be a floating-point tensor, got Int64 of shape [1, 1, 3, 3].")]
    public void Conv2dRejectsBadArguments(string what, string message)
    {
        Action call = what switch
        {
            "rank" => () => Functional.Conv2d(Tensor.Zeros([3, 5]), Tensor.Zeros([4, 3, 3, 3])),
            "channels" => () => Functional.Conv2d(Image, Tensor.Zeros([4, 2, 3, 3])),
            "groups" => () => Functional.Conv2d(Tensor.Zeros([1, 3, 5, 5]), Tensor.Zeros([4, 1, 3, 3]), groups: 3),
            "kernel" => () => Functional.Conv2d(Image, Tensor.Zeros([4, 3, 7, 7])),
            "bias" => () => Functional.Conv2d(Image, Tensor.Zeros([4, 3, 3, 3]), Tensor.Zeros([3])),
            "dtype" => () => Functional.Conv2d(Image, Tensor.Zeros([4, 3, 3, 3], DType.Float64)),
            "stride" => () => Functional.Conv2d(Image, Tensor.Zeros([4, 3, 3, 3]), stride: (0, 1)),
            "same" => () => Functional.Conv2d(Image, Tensor.Zeros([4, 3, 3, 3]), "same", stride: 2),
            "mode" => () => Functional.Conv2d(Image, Tensor.Zeros([4, 3, 3, 3]), "full"),
            _ => () => Functional.Conv2d(Tensor.Zeros([1, 1, 3, 3], DType.Int64), Tensor.Zeros([1, 1, 3, 3])),
        };
        Assert.Equal(message, Assert.Throws<ArgumentException>(call).Message);
    }

    [Fact]
    public void ConvTranspose2dRejectsBadOutputPaddingAndChannels()
    {
        Assert.Equal("ConvTranspose2d: output padding (2, 2) must be smaller than either stride (2, 2) or dilation (1, 1).",
            Assert.Throws<ArgumentException>(() => Functional.ConvTranspose2d(Image, Tensor.Zeros([3, 2, 3, 3]), stride: 2, outputPadding: 2)).Message);
        Assert.Equal("ConvTranspose2d: input of shape [2, 3, 5, 5] has 3 channels, weight [4, 2, 3, 3] expects 4.",
            Assert.Throws<ArgumentException>(() => Functional.ConvTranspose2d(Image, Tensor.Zeros([4, 2, 3, 3]))).Message);
    }

    [Fact]
    public void PoolingRejectsBadArguments()
    {
        Assert.Equal("MaxPool2d: padding (2, 2) must be non-negative and at most half the kernel size (3, 3).",
            Assert.Throws<ArgumentException>(() => Functional.MaxPool2d(Image, 3, padding: 2)).Message);
        Assert.Equal("AvgPool2d: kernel (7, 7) with padding (0, 0) is larger than the input of shape [2, 3, 5, 5].",
            Assert.Throws<ArgumentException>(() => Functional.AvgPool2d(Image, 7)).Message);
        Assert.Equal("MaxPool2d: stride must be positive, got (0, 0).",
            Assert.Throws<ArgumentException>(() => Functional.MaxPool2d(Image, 2, stride: 0)).Message);
        Assert.Equal("AdaptiveAvgPool2d: output size must be positive, got (0, 2).",
            Assert.Throws<ArgumentException>(() => Functional.AdaptiveAvgPool2d(Image, (0, 2))).Message);
        Assert.Equal("AvgPool2d: expected a 3-D [C, H, W] or 4-D [N, C, H, W] input, got shape [5, 5].",
            Assert.Throws<ArgumentException>(() => Functional.AvgPool2d(Tensor.Zeros([5, 5]), 2)).Message);
    }

    [Fact]
    public void LayersRejectBadConfigurations()
    {
        Assert.Equal("Conv2d: in_channels=3 and out_channels=4 must both be divisible by groups=2.",
            Assert.Throws<ArgumentException>(() => new Conv2d(3, 4, 3, groups: 2)).Message);
        Assert.Equal("Conv2d: padding='same' is not supported for strided convolutions (stride (2, 2)).",
            Assert.Throws<ArgumentException>(() => new Conv2d(3, 4, 3, "same", stride: 2)).Message);
        Assert.Equal("BatchNorm2d: num_features must be positive, got 0.", Assert.Throws<ArgumentException>(() => new BatchNorm2d(0)).Message);
        Assert.Equal("Dropout2d: probability p must be between 0 and 1, got 1.5. (Parameter 'p')",
            Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout2d(1.5)).Message);
    }
}
