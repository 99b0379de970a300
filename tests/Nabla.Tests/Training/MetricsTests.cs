using Nabla.Training;

namespace Nabla.Tests.Training;

public class MetricsTests
{
    private static readonly Tensor Logits = Tensor.FromArray(new float[]
    {
        2, 1, 0,    // → 0
        0, 3, 1,    // → 1
        1, 0, 4,    // → 2
        5, 4, 0,    // → 0
        0, 1, 2,    // → 2
        3, 0, 2,    // → 0
    }, 6, 3);
    private static readonly Tensor Labels = Tensor.FromArray(new long[] { 0, 1, 1, 1, 2, 2 });

    [Fact]
    public void AccuracyFromLogitsProbabilitiesAndOneBinaryLogit()
    {
        var accuracy = new Accuracy();
        accuracy.Update(Logits, Labels);
        Assert.Equal(3.0 / 6, accuracy.Compute());
        var fromProbabilities = new Accuracy(Scores.Probabilities);
        fromProbabilities.Update(Logits.Softmax(1), Labels);
        Assert.Equal(3.0 / 6, fromProbabilities.Compute());

        var binary = new Accuracy(Scores.BinaryLogit);
        binary.Update(Tensor.FromArray(new float[] { -2, 0.5f, 3, -0.1f }, 4, 1), Tensor.FromArray(new float[] { 0, 1, 0, 0 }, 4, 1));
        Assert.Equal(0.75, binary.Compute());
        var probability = new Accuracy(Scores.BinaryProbability);
        probability.Update(Tensor.FromArray(new float[] { 0.2f, 0.6f, 0.51f }), Tensor.FromArray(new long[] { 0, 0, 1 }));
        Assert.Equal(2.0 / 3, probability.Compute(), 15);
        probability.Reset();
        Assert.True(double.IsNaN(probability.Compute()));
    }

    [Fact]
    public void TopKAccuracyCountsTheTargetAmongTheKBest()
    {
        var top2 = new TopKAccuracy(2);
        top2.Update(Logits, Labels);
        // the targets' ranks among the scores are 1, 1, 3, 2, 1, 2: all but sample 2 are in the top 2
        Assert.Equal(5.0 / 6, top2.Compute());
        Assert.Equal("top2_accuracy", top2.Name);
        var top3 = new TopKAccuracy(3);
        top3.Update(Logits, Labels);
        Assert.Equal(1.0, top3.Compute());
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TopKAccuracy(4).Update(Logits, Labels));
        Assert.StartsWith("TopKClasses: k must be in 1 … 3 (the number of classes), got 4.", ex.Message);
    }

    [Fact]
    public void ConfusionMatrixPrecisionRecallF1AndMacroAveragesMatchScikitLearn()
    {
        // sklearn.metrics.precision_recall_fscore_support([0,1,1,1,2,2], [0,1,2,0,2,0], zero_division=0):
        // precision [1/3, 1, 1/2], recall [1, 1/3, 1/2], f1 [1/2, 1/2, 1/2]
        var m = new ConfusionMatrix(3);
        m.Update(Logits, Labels);
        Assert.Equal(1, m[1, 2]);
        Assert.Equal(1, m[1, 0]);
        Assert.Equal(1, m[2, 0]);
        Assert.Equal([1.0 / 3, 1, 0.5], [m.Precision(0), m.Precision(1), m.Precision(2)]);
        Assert.Equal([1, 1.0 / 3, 0.5], [m.Recall(0), m.Recall(1), m.Recall(2)]);
        Assert.Equal(0.5, m.F1(0), 15);
        Assert.Equal(0.5, m.F1(1), 15);
        Assert.Equal((1.0 / 3 + 1 + 0.5) / 3, m.MacroPrecision, 15);
        Assert.Equal(0.5, m.MacroF1, 15);
        Assert.Equal(0.5, m.Accuracy);
        Assert.Contains("macro     0.6111  0.6111  0.5000        6", m.ToString());

        var recall1 = new ClassScore(ClassScoreKind.Recall, 3, classIndex: 1);
        recall1.Update(Logits, Labels);
        Assert.Equal(("recall_class1", 1.0 / 3), (recall1.Name, recall1.Compute()));
        var macroF1 = new ClassScore(ClassScoreKind.F1, 3);
        macroF1.Update(Logits, Labels);
        Assert.Equal(("macro_f1", 0.5), (macroF1.Name, Math.Round(macroF1.Compute(), 15)));
    }

    [Fact]
    public void AClassNeverPredictedHasPrecisionZero()
    {
        var m = new ConfusionMatrix(2);
        m.Add([0, 1, 1], [0, 0, 0]);
        Assert.Equal(0, m.Precision(1));
        Assert.Equal(0, m.F1(1));
        var ex = Assert.Throws<ArgumentException>(() => m.Add([0, 2], [0, 0]));
        Assert.Equal("ConfusionMatrix.Add: sample 1 has target 2 and prediction 0; classes are 0 … 1.", ex.Message);
    }

    [Fact]
    public void MeanSquaredAndAbsoluteErrorAccumulateOverBatches()
    {
        var mse = new MeanSquaredError();
        var mae = new MeanAbsoluteError();
        foreach (var m in new Metric[] { mse, mae })
        {
            m.Update(Tensor.FromArray(new float[] { 1, 2 }), Tensor.FromArray(new float[] { 0, 4 }));
            m.Update(Tensor.FromArray(new float[] { 3 }, 1, 1), Tensor.FromArray(new float[] { 3 }, 1, 1));
        }
        Assert.Equal(5.0 / 3, mse.Compute(), 15);
        Assert.Equal(1.0, mae.Compute(), 15);
        var ex = Assert.Throws<ArgumentException>(() => mse.Update(Tensor.Zeros([2]), Tensor.Zeros([3])));
        Assert.StartsWith("MeanSquaredError: output [2] and target [3] differ in size.", ex.Message);
    }

    [Fact]
    public void BadShapesAreReportedWithTheShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Accuracy().Update(Tensor.Zeros([4]), Tensor.Zeros([4], DType.Int64)));
        Assert.StartsWith("PredictedClasses: Logits must be [N, C] with C ≥ 1, got shape [4].", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new Accuracy().Update(Logits, Tensor.Zeros([5], DType.Int64)));
        Assert.StartsWith("Classification: expected 6 targets as [N] (or [N, 1]), got shape [5].", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new Accuracy(Scores.BinaryLogit).Update(Tensor.Zeros([3, 2]), Tensor.Zeros([3])));
        Assert.StartsWith("PredictedClasses: binary scores must be [N] or [N, 1], got shape [3, 2].", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new Accuracy(Scores.BinaryLogit).Update(Tensor.Zeros([2]), Tensor.FromArray(new float[] { 0.5f, 1 })));
        Assert.StartsWith("Classification: a Float32 target must hold class numbers (0, 1, …), found 0.5 at 0.", ex.Message);
    }
}
