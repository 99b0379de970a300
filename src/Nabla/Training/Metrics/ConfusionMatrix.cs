using System.Globalization;
using System.Text;

namespace Nabla.Training;

/// <summary>
/// Counts of (actual class, predicted class) pairs, and the per-class scores read from them (scikit-learn's
/// confusion_matrix and precision_recall_fscore_support): precision_c = TP / (TP + FP), recall_c = TP / (TP + FN),
/// F1_c = 2·P·R / (P + R); a score whose denominator is 0 is 0 (scikit-learn's zero_division=0). Macro averages are
/// plain means over the classes.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] counts;

    public ConfusionMatrix(int numClasses, Scores scores = Scores.Logits)
    {
        if (numClasses < 2) throw new ArgumentOutOfRangeException(nameof(numClasses), $"ConfusionMatrix: needs at least 2 classes, got {numClasses}.");
        if (Classification.IsBinary(scores) && numClasses != 2)
            throw new ArgumentException($"ConfusionMatrix: {scores} outputs have 2 classes, not {numClasses}.", nameof(numClasses));
        (NumClasses, Scores) = (numClasses, scores);
        counts = new long[numClasses, numClasses];
    }

    public int NumClasses { get; }

    public Scores Scores { get; }

    /// <summary>Samples of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted] => counts[actual, predicted];

    public long Total { get; private set; }

    public void Reset()
    {
        Array.Clear(counts);
        Total = 0;
    }

    /// <summary>Adds a batch of outputs (scored as <see cref="Scores"/>) and targets.</summary>
    public void Update(Tensor output, Tensor target)
    {
        var predicted = Classification.PredictedClasses(output, Scores);
        Add(Classification.TargetClasses(target, predicted.Length), predicted);
    }

    /// <summary>Adds pairs of class indices.</summary>
    /// <exception cref="ArgumentException">the lengths differ or a class is outside 0 … NumClasses − 1.</exception>
    public void Add(ReadOnlySpan<long> actual, ReadOnlySpan<long> predicted)
    {
        if (actual.Length != predicted.Length)
            throw new ArgumentException($"ConfusionMatrix.Add: {actual.Length} targets but {predicted.Length} predictions.");
        for (int i = 0; i < actual.Length; i++)
        {
            if ((ulong)actual[i] >= (ulong)NumClasses || (ulong)predicted[i] >= (ulong)NumClasses)
                throw new ArgumentException($"ConfusionMatrix.Add: sample {i} has target {actual[i]} and prediction {predicted[i]}; classes are 0 … {NumClasses - 1}.");
        }
        for (int i = 0; i < actual.Length; i++) counts[actual[i], predicted[i]]++;
        Total += actual.Length;
    }

    public double Accuracy => Total == 0 ? double.NaN : (double)Enumerable.Range(0, NumClasses).Sum(c => counts[c, c]) / Total;

    public double Precision(int c) => Ratio(counts[c, c], Column(c));

    public double Recall(int c) => Ratio(counts[c, c], Row(c));

    public double F1(int c)
    {
        double p = Precision(c), r = Recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double MacroPrecision => Macro(Precision);

    public double MacroRecall => Macro(Recall);

    public double MacroF1 => Macro(F1);

    /// <summary>Samples whose target is class c (scikit-learn's support).</summary>
    public long Support(int c) => Row(c);

    private long Row(int c)
    {
        long sum = 0;
        for (int j = 0; j < NumClasses; j++) sum += counts[c, j];
        return sum;
    }

    private long Column(int c)
    {
        long sum = 0;
        for (int i = 0; i < NumClasses; i++) sum += counts[i, c];
        return sum;
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    private double Macro(Func<int, double> score) => Enumerable.Range(0, NumClasses).Average(score);

    /// <summary>The counts (rows: actual, columns: predicted) and a per-class precision / recall / F1 / support table
    /// with the macro averages, as text.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        int width = Math.Max(6, Total.ToString(inv).Length + 1);
        text.Append("actual\\pred");
        for (int j = 0; j < NumClasses; j++) text.Append(j.ToString(inv).PadLeft(width));
        text.AppendLine();
        for (int i = 0; i < NumClasses; i++)
        {
            text.Append(i.ToString(inv).PadLeft(11));
            for (int j = 0; j < NumClasses; j++) text.Append(counts[i, j].ToString(inv).PadLeft(width));
            text.AppendLine();
        }
        text.AppendLine().AppendLine("class  precision  recall      f1  support");
        for (int c = 0; c < NumClasses; c++)
            text.AppendLine(inv, $"{c,5}  {Precision(c),9:F4}  {Recall(c),6:F4}  {F1(c),6:F4}  {Support(c),7}");
        text.Append(inv, $"macro  {MacroPrecision,9:F4}  {MacroRecall,6:F4}  {MacroF1,6:F4}  {Total,7}");
        return text.ToString();
    }
}

/// <summary>Which score a <see cref="ClassScore"/> metric reads from its confusion matrix.</summary>
public enum ClassScoreKind { Precision, Recall, F1 }

/// <summary>
/// Precision, recall or F1 of one class, or their macro average over all classes, accumulated in a
/// <see cref="ConfusionMatrix"/> over the epoch. Named "precision", "recall", "f1" with the prefix "macro_" or the
/// suffix "_class{c}" (e.g. "macro_f1", "recall_class1").
/// </summary>
public sealed class ClassScore : Metric
{
    private readonly ConfusionMatrix matrix;

    /// <param name="kind">precision, recall or F1.</param>
    /// <param name="numClasses">the number of classes (2 for binary outputs).</param>
    /// <param name="classIndex">one class, or null for the macro average.</param>
    /// <param name="scores">what the model outputs.</param>
    public ClassScore(ClassScoreKind kind, int numClasses, int? classIndex = null, Scores scores = Scores.Logits)
    {
        matrix = new ConfusionMatrix(numClasses, scores);
        if (classIndex is { } c && (c < 0 || c >= numClasses))
            throw new ArgumentOutOfRangeException(nameof(classIndex), $"ClassScore: class {c} is outside 0 … {numClasses - 1}.");
        (Kind, ClassIndex) = (kind, classIndex);
    }

    public ClassScoreKind Kind { get; }

    public int? ClassIndex { get; }

    public override string Name
    {
        get
        {
            string score = Kind.ToString().ToLowerInvariant();
            return ClassIndex is { } c ? $"{score}_class{c}" : "macro_" + score;
        }
    }

    public override void Reset() => matrix.Reset();

    public override void Update(Tensor output, Tensor target) => matrix.Update(output, target);

    public override double Compute()
    {
        if (matrix.Total == 0) return double.NaN;
        return (Kind, ClassIndex) switch
        {
            (ClassScoreKind.Precision, { } c) => matrix.Precision(c),
            (ClassScoreKind.Recall, { } c) => matrix.Recall(c),
            (ClassScoreKind.F1, { } c) => matrix.F1(c),
            (ClassScoreKind.Precision, null) => matrix.MacroPrecision,
            (ClassScoreKind.Recall, null) => matrix.MacroRecall,
            _ => matrix.MacroF1,
        };
    }

    public override Metric Clone() => new ClassScore(Kind, matrix.NumClasses, ClassIndex, matrix.Scores);
}
