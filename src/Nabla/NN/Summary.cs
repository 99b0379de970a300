using System.Globalization;
using System.Text;

namespace Nabla.NN;

/// <summary>
/// One row of <see cref="ModelSummary"/>: a module (by its dotted path, "" for the model itself), its type, its depth
/// in the tree, the shape of its first output (null if Forward never called it), and its OWN parameters (not those of
/// its children, so the column adds up to the model's total).
/// </summary>
public sealed record SummaryRow(string Name, string Type, int Depth, int[]? OutputShape, long Parameters, long TrainableParameters, bool HasChildren);

/// <summary>
/// The result of <see cref="Module.Summary(int[], DType?)"/>, like Keras' model.summary(): a row per module in
/// registration order, and the parameter totals. ToString() gives the table.
/// </summary>
public sealed class ModelSummary
{
    internal ModelSummary(IReadOnlyList<int[]> inputShapes, IReadOnlyList<SummaryRow> rows, long total, long trainable)
    {
        InputShapes = inputShapes;
        Rows = rows;
        TotalParameters = total;
        TrainableParameters = trainable;
    }

    /// <summary>The shape of the (first) input.</summary>
    public int[] InputShape => InputShapes[0];

    /// <summary>The shape of each input, in Forward's order.</summary>
    public IReadOnlyList<int[]> InputShapes { get; }
    public IReadOnlyList<SummaryRow> Rows { get; }

    /// <summary>Every parameter element, each shared tensor once.</summary>
    public long TotalParameters { get; }

    /// <summary>Those with RequiresGrad (frozen ones are excluded).</summary>
    public long TrainableParameters { get; }

    public long NonTrainableParameters => TotalParameters - TrainableParameters;

    /// <summary>The table as text.</summary>
    public override string ToString()
    {
        var cells = Rows.Select(r => (
            Layer: new string(' ', 2 * r.Depth) + (r.Name.Length == 0 ? r.Type : $"{r.Name} ({r.Type})"),
            Shape: r.OutputShape is null ? "--" : ShapeUtil.Format(r.OutputShape),
            Params: r.Parameters == 0 && r.HasChildren ? "--" : Count(r.Parameters))).ToList();
        const string layerHead = "Layer (type)", shapeHead = "Output Shape", paramHead = "Param #";
        int w1 = Math.Max(layerHead.Length, cells.Max(c => c.Layer.Length)) + 3;
        int w2 = Math.Max(shapeHead.Length, cells.Max(c => c.Shape.Length)) + 3;
        int w3 = Math.Max(paramHead.Length, cells.Max(c => c.Params.Length));
        string rule = new('=', w1 + w2 + w3);
        var text = new StringBuilder();
        text.Append(InputShapes.Count == 1 ? "Input shape: " : "Input shapes: ")
            .AppendLine(string.Join(", ", InputShapes.Select(s => ShapeUtil.Format(s))));
        text.AppendLine(layerHead.PadRight(w1) + shapeHead.PadRight(w2) + paramHead.PadLeft(w3));
        text.AppendLine(rule);
        foreach (var (layer, shape, parameters) in cells)
            text.AppendLine(layer.PadRight(w1) + shape.PadRight(w2) + parameters.PadLeft(w3));
        text.AppendLine(rule);
        text.Append("Total params: ").AppendLine(Count(TotalParameters));
        text.Append("Trainable params: ").AppendLine(Count(TrainableParameters));
        text.Append("Non-trainable params: ").Append(Count(NonTrainableParameters));
        return text.ToString();
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
