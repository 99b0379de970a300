using F = Nabla.NN.Functional;

namespace Nabla.Checks;

internal static partial class OpCatalog
{
    /// <summary>NN.Functional's convolutions, pooling and batch norm; their cases are in tests/reference/conv.json.
    /// Pairs are [h, w] lists (<c>pair</c> turns them into tuples for torch); an optional bias is a third input.</summary>
    private static OpDefinition[] Convolution() =>
    [
        // padding: a pair, or "same" / "valid"
        new("conv2d", (t, a) => a.IsString("padding")
                ? F.Conv2d(t[0], t[1], a.String("padding"), Bias(t), a.Pair("stride"), a.Pair("dilation"), a.Int("groups"))
                : F.Conv2d(t[0], t[1], Bias(t), a.Pair("stride"), a.Pair("padding"), a.Pair("dilation"), a.Int("groups")),
            "F.conv2d(t[0], t[1], t[2] if len(t) > 2 else None, stride=pair(a['stride']), padding=pair(a['padding']),"
            + " dilation=pair(a['dilation']), groups=a['groups'])", Reference: ConvReference),
        new("conv_transpose2d", (t, a) => F.ConvTranspose2d(t[0], t[1], Bias(t), a.Pair("stride"), a.Pair("padding"),
                a.Pair("output_padding"), a.Int("groups"), a.Pair("dilation")),
            "F.conv_transpose2d(t[0], t[1], t[2] if len(t) > 2 else None, stride=pair(a['stride']), padding=pair(a['padding']),"
            + " output_padding=pair(a['output_padding']), groups=a['groups'], dilation=pair(a['dilation']))", Reference: ConvReference),
        new("max_pool2d", (t, a) => F.MaxPool2d(t[0], a.Pair("kernel_size"), a.Pair("stride"), a.Pair("padding"), a.Bool("ceil_mode")),
            "F.max_pool2d(t[0], pair(a['kernel_size']), pair(a['stride']), pair(a['padding']), ceil_mode=a['ceil_mode'])",
            Reference: ConvReference),
        new("max_pool2d_indices", (t, a) =>
                F.MaxPool2dWithIndices(t[0], a.Pair("kernel_size"), a.Pair("stride"), a.Pair("padding"), a.Bool("ceil_mode")).Indices,
            "F.max_pool2d(t[0], pair(a['kernel_size']), pair(a['stride']), pair(a['padding']), ceil_mode=a['ceil_mode'],"
            + " return_indices=True)[1]", Differentiable: false, Reference: ConvReference),
        new("avg_pool2d", (t, a) => F.AvgPool2d(t[0], a.Pair("kernel_size"), a.Pair("stride"), a.Pair("padding"), a.Bool("ceil_mode"),
                a.Bool("count_include_pad")),
            "F.avg_pool2d(t[0], pair(a['kernel_size']), pair(a['stride']), pair(a['padding']), ceil_mode=a['ceil_mode'],"
            + " count_include_pad=a['count_include_pad'])", Reference: ConvReference),
        new("adaptive_avg_pool2d", (t, a) => F.AdaptiveAvgPool2d(t[0], a.Pair("output_size")),
            "F.adaptive_avg_pool2d(t[0], pair(a['output_size']))", Reference: ConvReference),
        // inputs: x, running_mean, running_var, weight, bias (running stats never require grad)
        new("batch_norm", (t, a) => F.BatchNorm(t[0], t[1], t[2], t[3], t[4], a.Bool("training"), a.Double("momentum"), a.Double("eps")),
            "F.batch_norm(t[0], t[1], t[2], t[3], t[4], training=a['training'], momentum=a['momentum'], eps=a['eps'])",
            Reference: ConvReference),
    ];

    private const string ConvReference = "conv.json";

    private static Tensor? Bias(Tensor[] t) => t.Length > 2 ? t[2] : null;
}
