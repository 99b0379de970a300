using Nabla.Cli.Studies;
using Nabla.Data;
using Nabla.NN;
using Nabla.Optim;
using Nabla.Reports;

namespace Nabla.Cli.Experiments;

/// <summary>
/// 10:1 two-class data: trained plainly, a classifier buys accuracy with the majority class and misses much of the minority.
/// Three remedies: weigh the minority's errors up (BCE posWeight = negatives / positives), draw it as often as the majority
/// (WeightedRandomSampler), or add jittered copies of it (augmentation). Each should raise the minority's recall.
/// </summary>
internal sealed class ImbalanceExperiment : Experiment
{
    public override string Name => "imbalance";

    public override string Question => "With 10:1 classes, do class weights, oversampling and augmentation raise the minority's recall?";

    /// <summary>Jittered copies made of each minority training point, and their noise σ.</summary>
    public const int Copies = 9;
    public const double Jitter = 0.1;

    private static readonly (string Key, string Label)[] Methods =
        [("plain", "plain training"), ("weighted", "weighted BCE (posWeight)"), ("oversampled", "oversampling (WeightedRandomSampler)"), ("augmented", "augmentation (jittered minority copies)")];

    public override ExperimentResult Run(ExperimentContext context)
    {
        int samples = context.Quick ? 1100 : 2200, epochs = context.Quick ? 15 : 30;
        var g = new Generator(1);
        var (x, y) = Datasets.MakeMoons(samples, noise: 0.3, generator: g, minorityFraction: 1.0 / 11);   // class 1 is the minority
        var all = new TensorDataset(x, y);
        var split = Splits.TrainValidationTest(y, 0, 0.3, stratify: true, generator: g);
        var train = Train.DataSource.Rows(all, split.Train);
        var test = Train.DataSource.Rows(all, split.Test);
        var numbers = new Dictionary<string, double>();
        var series = new List<Series>();
        foreach (var (key, label) in Methods)
        {
            context.Log.WriteLine($"training: {label}");
            var (recallCurve, majority, minority) = Fit(key, train, test, epochs);
            numbers[$"majority_recall_{key}"] = majority;
            numbers[$"minority_recall_{key}"] = minority;
            series.Add(new Series(label, [.. Enumerable.Range(1, epochs).Select(e => (double)e)], recallCurve));
        }
        numbers["train_majority"] = ClassWeights.Counts(train.Targets, 2)[0];
        numbers["train_minority"] = ClassWeights.Counts(train.Targets, 2)[1];
        string chart = Path.Combine(context.Folder, "minority_recall.png");
        Charts.Lines(chart, "Minority-class recall on the test set per epoch (10:1 moons)", "epoch", "minority recall", series, legendLow: true);
        var table = new HtmlTable($"Per-class recall on the test set ({numbers["train_majority"]} majority, {numbers["train_minority"]} minority training points)",
            ["method", "majority recall", "minority recall"],
            [.. Methods.Select(m => (IReadOnlyList<string>)[m.Label, StudyReport.F4(numbers[$"majority_recall_{m.Key}"]), StudyReport.F4(numbers[$"minority_recall_{m.Key}"])])]);
        string finding = string.Create(StudyReport.Inv, $"minority recall {numbers["minority_recall_plain"]:0.000} with plain training, " +
            $"{numbers["minority_recall_weighted"]:0.000} with weighted BCE, {numbers["minority_recall_oversampled"]:0.000} with oversampling and " +
            $"{numbers["minority_recall_augmented"]:0.000} with augmentation; majority recall {numbers["majority_recall_plain"]:0.000} (plain) to " +
            $"{Methods.Skip(1).Min(m => numbers[$"majority_recall_{m.Key}"]):0.000} (lowest remedy).");
        return new ExperimentResult(finding, numbers, [table], [new HtmlImage("The minority class's recall while training, one line per method", chart)]);
    }

    /// <summary>Trains 2 → 16 relu → 1 (one logit, BCE) the method's way; returns the minority recall per epoch and the final recalls.</summary>
    private static (double[] MinorityRecall, double Majority, double Minority) Fit(string method, TensorDataset train, TensorDataset test, int epochs)
    {
        var g = new Generator(2);
        var model = new Sequential(new Linear(2, 16, generator: g), new ReLU(), new Linear(16, 1, generator: g));
        var optimizer = new Adam(model.Parameters(), lr: 0.01);
        var loss = method == "weighted" ? new BCEWithLogitsLoss(posWeight: ClassWeights.PosWeight(train.Targets.Float())) : new BCEWithLogitsLoss();
        var data = method == "augmented" ? WithJitteredMinority(train, g) : train;
        var loader = method == "oversampled"
            ? new DataLoader(data, 32, sampler: WeightedRandomSampler.Balanced(data.Targets), generator: new Generator(3))
            : new DataLoader(data, 32, shuffle: true, generator: new Generator(3));
        var curve = new double[epochs];
        (double Majority, double Minority) recalls = default;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            model.Train();
            foreach (var batch in loader)
            {
                optimizer.ZeroGrad();
                loss.Call(model.Call(batch.Features).Reshape(-1), batch.Target.Float()).Backward();
                optimizer.Step();
            }
            recalls = Recalls(model, test);
            curve[epoch] = recalls.Minority;
        }
        return (curve, recalls.Majority, recalls.Minority);
    }

    /// <summary>The training set plus <see cref="Copies"/> copies of every minority point, each moved by N(0, Jitter²) noise.</summary>
    private static TensorDataset WithJitteredMinority(TensorDataset train, Generator g)
    {
        var labels = train.Targets.ToLongArray();
        var minority = train.GetBatch([.. Enumerable.Range(0, labels.Length).Where(i => labels[i] == 1)]);
        var noise = new GaussianNoise(Jitter);
        var copies = Enumerable.Range(0, Copies).Select(_ => noise.Apply(minority.Features, g));
        return new TensorDataset(Tensor.Cat([train.Features, .. copies]), Tensor.Cat([train.Targets, .. Enumerable.Repeat(minority.Target, Copies)]));
    }

    /// <summary>Recall of class 0 (majority) and class 1 (minority): the share of each class predicted as itself (logit &gt; 0 ⇔ class 1).</summary>
    private static (double Majority, double Minority) Recalls(Module<Tensor, Tensor> model, TensorDataset test)
    {
        model.Eval();
        double[] logits;
        using (Tensor.NoGrad()) logits = model.Call(test.Features).ToDoubleArray();
        var labels = test.Targets.ToLongArray();
        double Recall(long c) => labels.Select((l, i) => (l, i)).Where(p => p.l == c).Average(p => (logits[p.i] > 0 ? 1L : 0L) == c ? 1.0 : 0.0);
        return (Recall(0), Recall(1));
    }
}
