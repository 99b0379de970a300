using Nabla.NN;

namespace Nabla.Tests.NN;

/// <summary>Module.Summary: output shapes and parameter counts per module, and the totals, as a table and as rows.</summary>
public class SummaryTests
{
    private sealed class TanhModule : Module<Tensor, Tensor>
    {
        public override Tensor Forward(Tensor input) => input.Tanh();
    }

    [Fact]
    public void LinearFrom3072To500HasTheCoursesCount()
    {
        var summary = new Linear(3072, 500, generator: new Generator(1)).Summary([1, 3072]);
        Assert.Equal((3072 + 1) * 500, summary.TotalParameters);
        var row = Assert.Single(summary.Rows);
        Assert.Equal(("", "Linear", 0), (row.Name, row.Type, row.Depth));
        Assert.Equal([1, 500], row.OutputShape!);
        Assert.Equal(1_536_500, row.Parameters);
        Assert.Contains("Total params: 1,536,500", summary.ToString());
    }

    [Fact]
    public void ShortcutNetworkHas2mnPlusMPlusLmPlusL()
    {
        const int n = 3072, m = 500, l = 10;
        var g = new Generator(2);
        var model = new Sequential(
            new Residual(new Linear(n, m, generator: g), shortcut: new Linear(n, m, bias: false, generator: g), activation: new TanhModule()),
            new Linear(m, l, generator: g));
        var summary = model.Summary([4, n]);
        Assert.Equal(2L * m * n + m + l * m + l, summary.TotalParameters);
        Assert.Equal(3_077_510, summary.TotalParameters);
        Assert.Equal(summary.TotalParameters, summary.Rows.Sum(r => r.Parameters)); // own parameters add up to the total

        var rows = summary.Rows.ToDictionary(r => r.Name);
        Assert.Equal(["", "0", "0.inner", "0.shortcut", "0.activation", "1"], summary.Rows.Select(r => r.Name));
        Assert.Equal((n + 1) * m, rows["0.inner"].Parameters);
        Assert.Equal(n * m, rows["0.shortcut"].Parameters);
        Assert.Equal((m + 1) * l, rows["1"].Parameters);
        Assert.Equal(0, rows["0"].Parameters);
        Assert.Equal([4, m], rows["0"].OutputShape!);
        Assert.Equal([4, m], rows["0.activation"].OutputShape!);
        Assert.Equal([4, l], rows[""].OutputShape!);
        Assert.Equal(2, rows["0.inner"].Depth);
    }

    [Fact]
    public void TableLayout()
    {
        var model = new Sequential(new Linear(4, 3, generator: new Generator(3)), new TanhModule(), new Dropout(0.2),
            new Linear(3, 2, generator: new Generator(4)));
        var expected = string.Join("\n",
            "Input shape: [8, 4]",
            "Layer (type)       Output Shape   Param #",
            "=========================================",
            "Sequential         [8, 2]              --",
            "  0 (Linear)       [8, 3]              15",
            "  1 (TanhModule)   [8, 3]               0",
            "  2 (Dropout)      [8, 3]               0",
            "  3 (Linear)       [8, 2]               8",
            "=========================================",
            "Total params: 23",
            "Trainable params: 23",
            "Non-trainable params: 0");
        Assert.Equal(expected, model.Summary([8, 4]).ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void FrozenParametersCountAsNonTrainable()
    {
        var first = new Linear(10, 5);
        var model = new Sequential(first, new Linear(5, 2));
        foreach (var p in first.Parameters()) p.RequiresGrad = false;
        var summary = model.Summary([1, 10]);
        Assert.Equal(67, summary.TotalParameters);
        Assert.Equal(12, summary.TrainableParameters);
        Assert.Equal(55, summary.NonTrainableParameters);
        Assert.Equal(0, summary.Rows.Single(r => r.Name == "0").TrainableParameters);
        Assert.Contains("Non-trainable params: 55", summary.ToString());
    }

    [Fact]
    public void SummaryLeavesStateAndModesAlone()
    {
        var bn = new BatchNorm1d(3);
        var dropout = new Dropout(0.5);
        var model = new Sequential(new Linear(2, 3), bn, dropout);
        dropout.Eval(); // a mixed state must come back exactly
        var summary = model.Summary([1, 2]); // batch of one: would throw in BatchNorm training mode
        Assert.Equal([1, 3], summary.Rows[0].OutputShape!);
        Assert.True(model.Training);
        Assert.True(bn.Training);
        Assert.False(dropout.Training);
        Assert.Equal(0, bn.NumBatchesTracked!.Item());
        Assert.All(bn.RunningMean!.ToFloatArray(), v => Assert.Equal(0f, v));
        Assert.Null(model[0].Parameters().First().Grad);
    }

    [Fact]
    public void EmbeddingModelsTakeInt64Inputs()
    {
        var model = new Sequential(new Embedding(100, 8), new Flatten(), new Linear(40, 3));
        var summary = model.Summary([2, 5], DType.Int64);
        Assert.Equal([[2, 3], [2, 5, 8], [2, 40], [2, 3]], summary.Rows.Select(r => r.OutputShape!));
        Assert.Equal(800 + 123, summary.TotalParameters);
        Assert.Equal([2, 5], summary.InputShape);
    }

    private sealed class TwoHeads : Module<Tensor, Tensor>
    {
        private readonly Linear used;

        public TwoHeads()
        {
            used = RegisterModule("used", new Linear(2, 2));
            RegisterModule("unused", new Linear(2, 7));
        }

        public override Tensor Forward(Tensor input) => used.Call(input);
    }

    [Fact]
    public void ModulesThatForwardNeverCalledShowNoShape()
    {
        var summary = new TwoHeads().Summary([1, 2]);
        Assert.Null(summary.Rows.Single(r => r.Name == "unused").OutputShape);
        Assert.Equal(21, summary.Rows.Single(r => r.Name == "unused").Parameters);
        Assert.Contains("unused (Linear)", summary.ToString());
    }
}
