using System.Globalization;
using System.Text;

namespace Nabla;

/// <summary>PyTorch-like printing: tensor([[1.0000, 2.0000], ...], dtype=torch.float64, grad_fn=&lt;AddBackward0&gt;).</summary>
internal static class TensorFormatter
{
    private const int SummarizeAbove = 1000;
    private const int EdgeItems = 3;

    public static string Format(Tensor t)
    {
        var values = t.ToDoubleArray();
        bool summarize = t.Numel > SummarizeAbove;
        var numberFormat = ChooseFormat(values, t.DType);
        int width = values.Length == 0 ? 0 : values.Max(v => FormatNumber(v, numberFormat).Length);
        var sb = new StringBuilder("tensor(");
        if (t.Rank == 0) sb.Append(FormatNumber(values[0], numberFormat));
        else if (t.Numel == 0) sb.Append("[]");
        else WriteDim(sb, t.ShapeRef, values, 0, 0, width, numberFormat, summarize, indent: 8);
        var suffix = new List<string>();
        if (t.Numel == 0 && t.Rank != 1) suffix.Add($"size=({string.Join(", ", t.ShapeRef)})");
        if (t.DType == DType.Float64) suffix.Add($"dtype={t.DType.TorchName()}"); // float32 and int64 are PyTorch's defaults
        if (t.GradFn is not null) suffix.Add($"grad_fn=<{t.GradFn.Name}>");
        else if (t.RequiresGrad) suffix.Add("requires_grad=True");
        foreach (var s in suffix) sb.Append(", ").Append(s);
        return sb.Append(')').ToString();
    }

    private static void WriteDim(StringBuilder sb, int[] shape, double[] values, int dim, int offset, int width, string fmt, bool summarize, int indent)
    {
        int size = shape[dim];
        int block = 1;
        for (int i = dim + 1; i < shape.Length; i++) block *= shape[i];
        sb.Append('[');
        bool skip = summarize && size > 2 * EdgeItems;
        bool first = true;
        for (int i = 0; i < size; i++)
        {
            if (skip && i == EdgeItems)
            {
                sb.Append(dim == shape.Length - 1 ? ",  ..." : ",\n" + new string(' ', indent + dim) + "...");
                i = size - EdgeItems - 1;
                continue;
            }
            if (!first) sb.Append(dim == shape.Length - 1 ? ", " : "," + new string('\n', shape.Length - dim - 1) + new string(' ', indent + dim));
            first = false;
            if (dim == shape.Length - 1) sb.Append(FormatNumber(values[offset + i], fmt).PadLeft(width));
            else WriteDim(sb, shape, values, dim + 1, offset + i * block, width, fmt, summarize, indent);
        }
        sb.Append(']');
    }

    /// <summary>Integers print bare; floats with 4 decimals, or in scientific notation when magnitudes are extreme.</summary>
    private static string ChooseFormat(double[] values, DType dtype)
    {
        if (dtype == DType.Int64) return "int";
        var finite = values.Where(double.IsFinite).Select(Math.Abs).ToArray();
        if (finite.Length == 0) return "F4";
        double max = finite.Max(), min = finite.Where(v => v > 0).DefaultIfEmpty(0).Min();
        bool wide = max >= 1e8 || (min > 0 && max / min > 1000);
        if (finite.All(v => v == Math.Floor(v))) return wide ? "E4" : "whole";
        return wide || (min > 0 && min < 1e-4) ? "E4" : "F4";
    }

    private static string FormatNumber(double v, string fmt)
    {
        if (double.IsNaN(v)) return "nan";
        if (double.IsPositiveInfinity(v)) return "inf";
        if (double.IsNegativeInfinity(v)) return "-inf";
        return fmt switch
        {
            "int" => ((long)v).ToString(CultureInfo.InvariantCulture),
            "whole" => v.ToString("F0", CultureInfo.InvariantCulture) + ".",
            "E4" => v.ToString("0.0000e+00", CultureInfo.InvariantCulture),
            _ => v.ToString(fmt, CultureInfo.InvariantCulture),
        };
    }
}
