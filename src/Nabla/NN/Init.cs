namespace Nabla.NN;

/// <summary>
/// Parameter initialisation (torch.nn.init): each function fills a tensor in place without recording a graph and
/// returns it. Random ones draw from the given Generator (Generator.Default when null). Fans and gains follow
/// PyTorch's _calculate_fan_in_and_fan_out and calculate_gain exactly.
/// </summary>
public static class Init
{
    /// <summary>Fills with samples of U(a, b).</summary>
    public static Tensor Uniform_(Tensor tensor, double a = 0, double b = 1, Generator? generator = null)
    {
        if (b < a) throw new ArgumentException($"Init.Uniform_: lower bound {a} is above upper bound {b}.");
        return Fill(tensor, "Uniform_", () => Tensor.Rand(tensor.Shape, generator, tensor.DType) * (b - a) + a);
    }

    /// <summary>Fills with samples of N(mean, std²).</summary>
    public static Tensor Normal_(Tensor tensor, double mean = 0, double std = 1, Generator? generator = null)
    {
        if (std < 0) throw new ArgumentException($"Init.Normal_: std must be non-negative, got {std}.");
        return Fill(tensor, "Normal_", () => Tensor.Randn(tensor.Shape, generator, tensor.DType) * std + mean);
    }

    /// <summary>Fills with one value (any dtype, Int64 included).</summary>
    public static Tensor Constant_(Tensor tensor, double value) => Fill(tensor, "Constant_", () => Tensor.Scalar(value, tensor.DType), anyDType: true);

    public static Tensor Zeros_(Tensor tensor) => Constant_(tensor, 0);

    public static Tensor Ones_(Tensor tensor) => Constant_(tensor, 1);

    /// <summary>Glorot: U(−a, a) with a = gain·√(6 / (fan_in + fan_out)).</summary>
    public static Tensor XavierUniform_(Tensor tensor, double gain = 1, Generator? generator = null)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        double std = gain * Math.Sqrt(2.0 / (fanIn + fanOut));
        double a = Math.Sqrt(3.0) * std; // a uniform on [−a, a] has std a/√3
        return Uniform_(tensor, -a, a, generator);
    }

    /// <summary>Glorot: N(0, std²) with std = gain·√(2 / (fan_in + fan_out)).</summary>
    public static Tensor XavierNormal_(Tensor tensor, double gain = 1, Generator? generator = null)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        return Normal_(tensor, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)), generator);
    }

    /// <summary>He: U(−bound, bound) with bound = gain·√(3 / fan), gain = CalculateGain(nonlinearity, a).</summary>
    public static Tensor KaimingUniform_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu",
        Generator? generator = null)
    {
        if (tensor.Numel == 0) return tensor; // PyTorch warns and leaves an empty tensor alone
        double std = CalculateGain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode));
        double bound = Math.Sqrt(3.0) * std;
        return Uniform_(tensor, -bound, bound, generator);
    }

    /// <summary>He: N(0, std²) with std = gain / √fan, gain = CalculateGain(nonlinearity, a).</summary>
    public static Tensor KaimingNormal_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu",
        Generator? generator = null)
    {
        if (tensor.Numel == 0) return tensor;
        return Normal_(tensor, 0, CalculateGain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode)), generator);
    }

    /// <summary>
    /// The recommended gain for a nonlinearity: 1 for linear, conv*, sigmoid; 5/3 for tanh; √2 for relu;
    /// √(2 / (1 + slope²)) for leaky_relu (slope defaults to 0.01); 3/4 for selu.
    /// </summary>
    public static double CalculateGain(string nonlinearity, double? param = null)
    {
        switch (nonlinearity)
        {
            case "linear" or "conv1d" or "conv2d" or "conv3d" or "conv_transpose1d" or "conv_transpose2d" or "conv_transpose3d" or "sigmoid":
                return 1;
            case "tanh":
                return 5.0 / 3;
            case "relu":
                return Math.Sqrt(2.0);
            case "leaky_relu":
                double slope = param ?? 0.01;
                return Math.Sqrt(2.0 / (1 + slope * slope));
            case "selu":
                return 3.0 / 4; // keeps the variance of a SELU network's inputs stable, as PyTorch documents
            default:
                throw new ArgumentException($"Init.CalculateGain: unsupported nonlinearity '{nonlinearity}' " +
                    "(expected linear, conv1d, conv2d, conv3d, conv_transpose1d/2d/3d, sigmoid, tanh, relu, leaky_relu or selu).");
        }
    }

    /// <summary>fan_in = size(1) · receptive field, fan_out = size(0) · receptive field (receptive field = product of dims 2…).</summary>
    public static (int FanIn, int FanOut) CalculateFanInAndFanOut(Tensor tensor)
    {
        if (tensor.Rank < 2)
            throw new ArgumentException($"Init: fan in and fan out can not be computed for a tensor with fewer than 2 dimensions (shape {ShapeUtil.Format(tensor.ShapeRef)}).");
        int receptiveField = 1;
        for (int d = 2; d < tensor.Rank; d++) receptiveField *= tensor.ShapeRef[d];
        return (tensor.ShapeRef[1] * receptiveField, tensor.ShapeRef[0] * receptiveField);
    }

    private static int Fan(Tensor tensor, string mode)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        return mode switch
        {
            "fan_in" => fanIn,
            "fan_out" => fanOut,
            _ => throw new ArgumentException($"Init: mode '{mode}' is not supported, use fan_in or fan_out."),
        };
    }

    /// <summary>Copies values() into tensor with autograd off, keeping the tensor's identity (and so its Module slot).</summary>
    private static Tensor Fill(Tensor tensor, string op, Func<Tensor> values, bool anyDType = false)
    {
        if (!anyDType && !tensor.DType.IsFloatingPoint())
            throw new ArgumentException($"Init.{op}: expected a floating-point tensor, got {tensor.DType} of shape {ShapeUtil.Format(tensor.ShapeRef)}.");
        using (Tensor.NoGrad()) tensor.Copy_(values());
        return tensor;
    }
}
