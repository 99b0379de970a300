namespace Nabla.Optim;

public enum PlateauMode { Min, Max }

public enum ThresholdMode { Rel, Abs }

/// <summary>
/// Lowers the lr by <c>factor</c> when a metric has stopped improving for more than <c>patience</c> epochs
/// (torch.optim.lr_scheduler.ReduceLROnPlateau). Improvement means below best·(1 − threshold) (Min, Rel), below
/// best − threshold (Min, Abs), above best·(1 + threshold) or best + threshold (Max). After a reduction, <c>cooldown</c>
/// epochs pass before bad epochs count again; the lr never goes below minLr, and changes smaller than eps are skipped.
/// </summary>
public sealed class ReduceLROnPlateau
{
    private readonly double[] minLrs;
    private double[] lastLr;

    public ReduceLROnPlateau(Optimizer optimizer, PlateauMode mode = PlateauMode.Min, double factor = 0.1, int patience = 10,
        double threshold = 1e-4, ThresholdMode thresholdMode = ThresholdMode.Rel, int cooldown = 0, double minLr = 0,
        double eps = 1e-8)
        : this(optimizer, [minLr], mode, factor, patience, threshold, thresholdMode, cooldown, eps) { }

    /// <summary>With a minimum lr per param group.</summary>
    public ReduceLROnPlateau(Optimizer optimizer, IReadOnlyList<double> minLr, PlateauMode mode = PlateauMode.Min,
        double factor = 0.1, int patience = 10, double threshold = 1e-4, ThresholdMode thresholdMode = ThresholdMode.Rel,
        int cooldown = 0, double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(minLr);
        if (factor >= 1) throw new ArgumentException($"ReduceLROnPlateau: factor must be < 1, got {factor}.");
        int n = optimizer.ParamGroups.Count;
        if (minLr.Count != 1 && minLr.Count != n)
            throw new ArgumentException($"ReduceLROnPlateau: expected {n} min lrs (one per param group), got {minLr.Count}.");
        Optimizer = optimizer;
        minLrs = minLr.Count == 1 ? Enumerable.Repeat(minLr[0], n).ToArray() : minLr.ToArray();
        (Mode, Factor, Patience, Threshold, ThresholdMode, Cooldown, Eps) = (mode, factor, patience, threshold, thresholdMode, cooldown, eps);
        Best = mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
        lastLr = optimizer.ParamGroups.Select(g => g.Lr).ToArray();
    }

    public Optimizer Optimizer { get; }
    public PlateauMode Mode { get; }
    public double Factor { get; }
    public int Patience { get; }
    public double Threshold { get; }
    public ThresholdMode ThresholdMode { get; }
    public int Cooldown { get; }
    public double Eps { get; }

    /// <summary>The best metric seen so far.</summary>
    public double Best { get; private set; }

    /// <summary>Epochs in a row without improvement (not counted during cooldown).</summary>
    public int NumBadEpochs { get; private set; }

    public int CooldownCounter { get; private set; }

    public int LastEpoch { get; private set; }

    public IReadOnlyList<double> LastLr => lastLr;

    /// <summary>Records one epoch's metric and lowers the lr if it has plateaued.</summary>
    public void Step(double metric)
    {
        LastEpoch++;
        if (IsBetter(metric, Best))
        {
            Best = metric;
            NumBadEpochs = 0;
        }
        else NumBadEpochs++;
        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            NumBadEpochs = 0; // bad epochs in cooldown are ignored
        }
        if (NumBadEpochs > Patience)
        {
            ReduceLr();
            CooldownCounter = Cooldown;
            NumBadEpochs = 0;
        }
        lastLr = Optimizer.ParamGroups.Select(g => g.Lr).ToArray();
    }

    /// <summary>
    /// The progress, as tensors under PyTorch's keys (0-d Float64 unless noted): <c>last_epoch</c>, <c>best</c>
    /// (±∞ before the first step), <c>num_bad_epochs</c>, <c>cooldown_counter</c> and <c>_last_lr</c> (one value per
    /// param group). The settings are not saved: build the schedule with the same arguments, then load.
    /// </summary>
    public Dictionary<string, Tensor> StateDict() => new(StringComparer.Ordinal)
    {
        ["last_epoch"] = Tensor.Scalar(LastEpoch, DType.Float64),
        ["best"] = Tensor.Scalar(Best, DType.Float64),
        ["num_bad_epochs"] = Tensor.Scalar(NumBadEpochs, DType.Float64),
        ["cooldown_counter"] = Tensor.Scalar(CooldownCounter, DType.Float64),
        ["_last_lr"] = Tensor.FromArray(lastLr.ToArray()),
    };

    /// <summary>Restores <see cref="StateDict"/>'s output; nothing changes if it is rejected (ArgumentException naming
    /// the key and the problem).</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var reader = new StateDictReader(nameof(ReduceLROnPlateau), stateDict);
        reader.RejectUnknownKeys(["last_epoch", "best", "num_bad_epochs", "cooldown_counter", "_last_lr"]);
        int Count(string key) => (int)reader.Count(key, reader.Tensor(key), key, max: int.MaxValue);
        int epoch = Count("last_epoch"), bad = Count("num_bad_epochs"), cooldown = Count("cooldown_counter");
        double best = reader.Scalar("best");
        if (double.IsNaN(best)) throw reader.Error("best is NaN.");
        var last = reader.Vector("_last_lr", Optimizer.ParamGroups.Count);
        (LastEpoch, NumBadEpochs, CooldownCounter, Best, lastLr) = (epoch, bad, cooldown, best, last);
    }

    /// <summary>Step with a one-element tensor (e.g. a validation loss).</summary>
    public void Step(Tensor metric) => Step(metric.Item());

    private bool IsBetter(double a, double best) => (Mode, ThresholdMode) switch
    {
        (PlateauMode.Min, ThresholdMode.Rel) => a < best * (1 - Threshold),
        (PlateauMode.Min, ThresholdMode.Abs) => a < best - Threshold,
        (PlateauMode.Max, ThresholdMode.Rel) => a > best * (Threshold + 1),
        _ => a > best + Threshold,
    };

    private void ReduceLr()
    {
        var groups = Optimizer.ParamGroups;
        for (int g = 0; g < groups.Count; g++)
        {
            double old = groups[g].Lr, updated = Math.Max(old * Factor, minLrs[g]);
            if (old - updated > Eps) groups[g].Lr = updated;
        }
    }
}
