namespace Nabla.NN;

/// <summary>
/// 2-D convolution layer (torch.nn.Conv2d): weight [out, in/groups, KH, KW], bias [out]; input [N, in, H, W] or
/// [in, H, W]. Parameters: out·(in/groups)·KH·KW + out (with bias). See <see cref="Functional.Conv2d(Tensor, Tensor, Tensor?, Size2?, Size2?, Size2?, int)"/>
/// for the output size; padding "same" keeps H×W (stride 1 only), "valid" adds none.
/// </summary>
public sealed class Conv2d : Module<Tensor, Tensor>
{
    public int InChannels { get; }
    public int OutChannels { get; }
    public Size2 KernelSize { get; }
    public Size2 Stride { get; }
    public Size2 Dilation { get; }
    public int Groups { get; }

    /// <summary>Numeric padding; (0, 0) when <see cref="PaddingMode"/> is set.</summary>
    public Size2 Padding { get; }

    /// <summary>"same" or "valid" when built with a padding string, otherwise null.</summary>
    public string? PaddingMode { get; }

    /// <summary>[out, in/groups, KH, KW].</summary>
    public Tensor Weight { get; }

    /// <summary>[out], or null when built with bias: false.</summary>
    public Tensor? Bias { get; }

    public Conv2d(int inChannels, int outChannels, Size2 kernelSize, Size2? stride = null, Size2? padding = null, Size2? dilation = null,
        int groups = 1, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
        : this(inChannels, outChannels, kernelSize, stride ?? 1, padding ?? 0, null, dilation ?? 1, groups, bias, dtype, generator) { }

    /// <summary>A convolution with padding "same" (output H×W = input H×W; stride must be 1) or "valid" (no padding).</summary>
    public Conv2d(int inChannels, int outChannels, Size2 kernelSize, string padding, Size2? stride = null, Size2? dilation = null,
        int groups = 1, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
        : this(inChannels, outChannels, kernelSize, stride ?? 1, 0, padding, dilation ?? 1, groups, bias, dtype, generator) { }

    private Conv2d(int inChannels, int outChannels, Size2 kernelSize, Size2 stride, Size2 padding, string? paddingMode, Size2 dilation,
        int groups, bool bias, DType dtype, Generator? generator)
    {
        if (inChannels <= 0 || outChannels <= 0)
            throw new ArgumentException($"Conv2d: channel counts must be positive, got in_channels={inChannels}, out_channels={outChannels}.");
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"Conv2d: in_channels={inChannels} and out_channels={outChannels} must both be divisible by groups={groups}.");
        if (kernelSize.Height <= 0 || kernelSize.Width <= 0 || stride.Height <= 0 || stride.Width <= 0 || dilation.Height <= 0 || dilation.Width <= 0)
            throw new ArgumentException($"Conv2d: kernel_size {kernelSize}, stride {stride} and dilation {dilation} must be positive.");
        if (padding.Height < 0 || padding.Width < 0) throw new ArgumentException($"Conv2d: padding must be non-negative, got {padding}.");
        if (paddingMode is not null and not "same" and not "valid")
            throw new ArgumentException($"Conv2d: padding must be \"valid\", \"same\" or numbers, got \"{paddingMode}\".");
        if (paddingMode == "same" && (stride.Height != 1 || stride.Width != 1))
            throw new ArgumentException($"Conv2d: padding='same' is not supported for strided convolutions (stride {stride}).");
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"Conv2d: dtype must be floating-point, got {dtype}.");
        (InChannels, OutChannels, KernelSize, Stride, Padding, PaddingMode, Dilation, Groups) =
            (inChannels, outChannels, kernelSize, stride, padding, paddingMode, dilation, groups);
        Weight = RegisterParameter("weight", Tensor.Zeros([outChannels, inChannels / groups, kernelSize.Height, kernelSize.Width], dtype))!;
        Bias = RegisterParameter("bias", bias ? Tensor.Zeros([outChannels], dtype) : null);
        ResetParameters(generator);
    }

    /// <summary>PyTorch's default: weight by kaiming_uniform(a = √5), i.e. U(±1/√fan_in), and bias U(±1/√fan_in),
    /// with fan_in = (in/groups)·KH·KW.</summary>
    public void ResetParameters(Generator? generator = null)
    {
        Init.KaimingUniform_(Weight, a: Math.Sqrt(5), generator: generator);
        if (Bias is not null)
        {
            double bound = 1 / Math.Sqrt(Init.CalculateFanInAndFanOut(Weight).FanIn);
            Init.Uniform_(Bias, -bound, bound, generator);
        }
    }

    public override Tensor Forward(Tensor input) => PaddingMode is { } mode
        ? Functional.Conv2d(input, Weight, mode, Bias, Stride, Dilation, Groups)
        : Functional.Conv2d(input, Weight, Bias, Stride, Padding, Dilation, Groups);

    protected override string ExtraRepr()
    {
        var text = $"{InChannels}, {OutChannels}, kernel_size={KernelSize}, stride={Stride}";
        if (PaddingMode is not null) text += $", padding={PaddingMode}";
        else if (Padding != new Size2(0, 0)) text += $", padding={Padding}";
        if (Dilation != new Size2(1, 1)) text += $", dilation={Dilation}";
        if (Groups != 1) text += $", groups={Groups}";
        return Bias is null ? text + ", bias=False" : text;
    }
}
