using System.Diagnostics;
using Nabla.Data;
using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Training;

/// <summary>What one training step computed from a batch: the loss to minimise, and the output and target that
/// metrics read (null output: no metrics for this model).</summary>
public readonly record struct StepResult(Tensor Loss, Tensor? Output, Tensor Target);

/// <summary>Maps a batch to the model's output and the loss's target: the path for models with several inputs
/// (e.g. <c>b => (model.Call(b.Features[.., 0], b.Features[.., 1]), b.Target)</c>).</summary>
public delegate (Tensor Output, Tensor Target) BatchAdapter(Batch batch);

/// <summary>Computes the loss of a batch any way it likes (losses with three inputs, auxiliary losses, ...).</summary>
public delegate StepResult BatchStep(Batch batch);

/// <summary>
/// The training loop (Keras' fit, Lightning's Trainer) on Nabla's module contract: per batch ZeroGrad → forward → loss
/// → Backward → optimizer Step; per epoch an optional validation pass in <see cref="Module.Eval"/> mode under NoGrad;
/// metrics and callbacks; a <see cref="History"/> of every epoch. <see cref="Epoch"/> counts completed epochs, so
/// <c>Fit(train, 10)</c> after <see cref="Resume"/> from epoch 3 runs epochs 4 … 10.
/// <code>
/// var trainer = new Trainer(model, new CrossEntropyLoss(), new SGD(model.Parameters(), lr: 0.1, momentum: 0.9))
/// {
///     Metrics = { new Accuracy() },
///     Callbacks = { new EarlyStopping("val_loss", patience: 3) },
/// };
/// History history = trainer.Fit(trainLoader, epochs: 10, validation: testLoader);
/// </code>
/// </summary>
public sealed partial class Trainer
{
    private readonly BatchStep step;
    private (string Name, Tensor Parameter)[] namedParameters;

    /// <summary>The main path: a one-input model and a loss (input, target).</summary>
    public Trainer(Module<Tensor, Tensor> model, Module<Tensor, Tensor, Tensor> loss, Optimizer optimizer)
        : this(model, loss, optimizer, b => (model.Call(b.Features), b.Target))
    {
        ArgumentNullException.ThrowIfNull(model);
    }

    /// <summary>Any model: <paramref name="adapter"/> calls it on a batch and names the loss's target.</summary>
    public Trainer(Module model, Module<Tensor, Tensor, Tensor> loss, Optimizer optimizer, BatchAdapter adapter)
        : this(model, optimizer, AdapterStep(loss, adapter))
    {
    }

    /// <summary>The general path: <paramref name="step"/> computes a batch's loss (and the output metrics read).</summary>
    public Trainer(Module model, Optimizer optimizer, BatchStep step)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(step);
        Model = model;
        Optimizer = optimizer;
        this.step = step;
        namedParameters = model.NamedParameters().ToArray();
    }

    private static BatchStep AdapterStep(Module<Tensor, Tensor, Tensor> loss, BatchAdapter adapter)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(adapter);
        return b =>
        {
            var (output, target) = adapter(b);
            return new StepResult(loss.Call(output, target), output, target);
        };
    }

    public Module Model { get; }

    public Optimizer Optimizer { get; }

    /// <summary>Metrics computed on the training pass (as the weights move) and on the validation pass.</summary>
    public IList<Metric> Metrics { get; } = new List<Metric>();

    /// <summary>Callbacks (early stopping, checkpoints, schedules, loggers, ...).</summary>
    public IList<Callback> Callbacks { get; } = new List<Callback>();

    /// <summary>A learning-rate schedule stepped by the trainer, per epoch or per batch (<see cref="SchedulerInterval"/>);
    /// its state goes into checkpoints. (ReduceLROnPlateau is a callback: <see cref="ReduceLROnPlateauCallback"/>.)</summary>
    public LRScheduler? Scheduler { get; init; }

    public StepInterval SchedulerInterval { get; init; } = StepInterval.Epoch;

    /// <summary>How progress is shown: a bar on a terminal, a line per epoch otherwise (Auto), or not at all.</summary>
    public ProgressMode Progress { get; set; } = ProgressMode.Auto;

    /// <summary>Where plain progress lines go (default Console.Out).</summary>
    public TextWriter? ProgressWriter { get; set; }

    /// <summary>Record per-parameter gradient norms every batch and weight norms every epoch (on by default).</summary>
    public bool TrackNorms { get; set; } = true;

    /// <summary>
    /// Reuse the memory of each batch for a later one once its step is done (on by default): a batch the
    /// <see cref="DataLoader"/> gathered goes back to the storage pool after the step, its metrics and the callbacks'
    /// <see cref="Callback.OnBatchEnd"/>, so training allocates no new batch buffers — above the runtime's default
    /// large-object threshold (85 KB, e.g. 64 MNIST images) fresh ones would each wait for a full collection. The
    /// price: the batch's feature and target tensors must not be kept past the step. A model, hook or
    /// <see cref="BatchStep"/> that stores its input for later must <c>Clone()</c> it, or set this to false.
    /// </summary>
    public bool RecycleBatches { get; set; } = true;

    /// <summary>Further random sources to save in checkpoints and restore on resume (e.g. a transform's), by name.
    /// Generator.Default, the loaders' generators and every Dropout's own generator are saved anyway.</summary>
    public IDictionary<string, Generator> Generators { get; } = new Dictionary<string, Generator>(StringComparer.Ordinal);

    /// <summary>Every epoch trained so far (including those before a resume).</summary>
    public History History { get; } = new();

    /// <summary>Completed epochs.</summary>
    public int Epoch { get; private set; }

    /// <summary>The loaders of the Fit in progress (checkpoints save their positions).</summary>
    public DataLoader? TrainLoader { get; private set; }

    public DataLoader? ValidationLoader { get; private set; }

    /// <summary>True once a callback asked training to stop.</summary>
    public bool StopRequested { get; private set; }

    /// <summary>Why training stopped early, or null.</summary>
    public string? StopReason { get; private set; }

    /// <summary>Ends training after the current batch (if called from OnBatchEnd) or the current epoch.</summary>
    public void Stop(string reason)
    {
        StopRequested = true;
        StopReason ??= reason;
    }

    /// <summary>
    /// Trains until <paramref name="epochs"/> epochs are complete (counting those before a <see cref="Resume"/>), or a
    /// callback stops it. Returns <see cref="History"/>.
    /// </summary>
    /// <exception cref="ArgumentException">epochs is negative, or a loader is empty.</exception>
    public History Fit(DataLoader train, int epochs, DataLoader? validation = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), $"Trainer.Fit: epochs must be ≥ 0, got {epochs}.");
        if (train.Count == 0) throw new ArgumentException("Trainer.Fit: the training loader yields no batch.", nameof(train));
        (TrainLoader, ValidationLoader) = (train, validation);
        ApplyPendingLoaderState();
        (StopRequested, StopReason) = (false, null);
        namedParameters = Model.NamedParameters().ToArray();
        var callbacks = OrderedCallbacks();
        var display = ProgressDisplays.Create(Progress, ProgressWriter, epochs);
        if (display is not null) callbacks.Add(display);
        try
        {
            void Loop()
            {
                foreach (var c in callbacks) c.OnTrainBegin(this);
                while (Epoch < epochs && !StopRequested) RunEpoch(train, validation, callbacks);
                foreach (var c in callbacks) c.OnTrainEnd(this);
            }
            if (display is IWrapsTraining wrapper) wrapper.Run(Loop);
            else Loop();
        }
        finally
        {
            (TrainLoader, ValidationLoader) = (null, null);
        }
        return History;
    }

    private List<Callback> OrderedCallbacks()
    {
        var list = Callbacks.Select((c, i) => (c, i)).OrderBy(x => x.c.Order).ThenBy(x => x.i).Select(x => x.c).ToList();
        if (Scheduler is not null) list.Insert(0, new LRSchedulerCallback(Scheduler, SchedulerInterval));
        return list;
    }

    private void RunEpoch(DataLoader train, DataLoader? validation, List<Callback> callbacks)
    {
        int epoch = Epoch + 1;
        long start = Stopwatch.GetTimestamp();
        Model.Train();
        foreach (var c in callbacks) c.OnEpochBegin(this, epoch);
        double lr = Optimizer.ParamGroups[0].Lr;
        foreach (var m in Metrics) m.Reset();
        var gradNormSums = new double[namedParameters.Length];
        double lossSum = 0;
        long samples = 0;
        int batches = train.Count, index = train.Position;
        foreach (var batch in train)
        {
            Optimizer.ZeroGrad();
            var result = step(batch);
            result.Loss.Backward();
            if (TrackNorms) AddGradientNorms(gradNormSums);
            Optimizer.Step();
            int size = BatchSize(batch);
            double loss = result.Loss.Item();
            lossSum += loss * size;
            samples += size;
            if (result.Output is { } output)
                using (Tensor.NoGrad())
                    foreach (var m in Metrics) m.Update(output.Detach(), result.Target);
            var info = new BatchInfo(epoch, index++, batches, size, loss, lossSum / samples);
            foreach (var c in callbacks) c.OnBatchEnd(this, info);
            if (RecycleBatches) DataLoader.Recycle(batch);
            if (StopRequested) break;
        }
        double trainSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var trainMetrics = Metrics.ToDictionary(m => m.Name, m => m.Compute());
        Evaluation? evaluation = validation is null ? null : Evaluate(validation);
        var record = new EpochRecord
        {
            Epoch = epoch,
            TrainLoss = samples == 0 ? double.NaN : lossSum / samples,
            TrainMetrics = trainMetrics,
            ValidationLoss = evaluation?.Loss,
            ValidationMetrics = evaluation?.Metrics ?? new Dictionary<string, double>(),
            LearningRate = lr,
            Seconds = Stopwatch.GetElapsedTime(start).TotalSeconds,
            SamplesPerSecond = samples / Math.Max(trainSeconds, 1e-9),
            GradientNorms = TrackNorms ? Named(gradNormSums.Select(s => s / Math.Max(index, 1))) : new Dictionary<string, double>(),
            WeightNorms = TrackNorms ? Named(namedParameters.Select(p => L2Norm(p.Parameter))) : new Dictionary<string, double>(),
        };
        History.Add(record);
        Epoch = epoch;
        foreach (var c in callbacks) c.OnEpochEnd(this, record);
    }

    /// <summary>Loss (mean over samples) and metrics of the model on <paramref name="loader"/>, in evaluation mode
    /// under NoGrad; the model's training mode is restored afterwards. Uses fresh copies of <see cref="Metrics"/>.</summary>
    public Evaluation Evaluate(DataLoader loader) => Evaluate(Model, step, loader, Metrics, RecycleBatches);

    /// <summary>Evaluates any one-input model with a loss and metrics (fresh copies of them) on a loader. Batch memory is
    /// reused as in <see cref="RecycleBatches"/>: the model must not keep its input past its forward.</summary>
    public static Evaluation Evaluate(Module<Tensor, Tensor> model, Module<Tensor, Tensor, Tensor> loss, DataLoader loader, IEnumerable<Metric> metrics)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Evaluate(model, AdapterStep(loss, b => (model.Call(b.Features), b.Target)), loader, metrics, recycle: true);
    }

    private static Evaluation Evaluate(Module model, BatchStep step, DataLoader loader, IEnumerable<Metric> metrics, bool recycle)
    {
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(metrics);
        bool wasTraining = model.Training;
        var fresh = metrics.Select(m => m.Clone()).ToList();
        double lossSum = 0;
        long samples = 0;
        model.Eval();
        try
        {
            using var noGrad = Tensor.NoGrad();
            foreach (var batch in loader)
            {
                var result = step(batch);
                int size = BatchSize(batch);
                lossSum += result.Loss.Item() * size;
                samples += size;
                if (result.Output is { } output)
                    foreach (var m in fresh) m.Update(output, result.Target);
                if (recycle) DataLoader.Recycle(batch);
            }
        }
        finally
        {
            model.Train(wasTraining);
        }
        return new Evaluation(samples == 0 ? double.NaN : lossSum / samples, fresh.ToDictionary(m => m.Name, m => m.Compute()));
    }

    private static int BatchSize(Batch batch) => batch.Features.ShapeRef.Length > 0 ? batch.Features.ShapeRef[0] : 1;

    private void AddGradientNorms(double[] sums)
    {
        for (int i = 0; i < namedParameters.Length; i++)
            if (namedParameters[i].Parameter.GradInternal is { } g) sums[i] += L2Norm(g); // read without handing it out: the buffer stays recyclable
    }

    private Dictionary<string, double> Named(IEnumerable<double> values) =>
        namedParameters.Zip(values).ToDictionary(x => x.First.Name, x => x.Second);

    /// <summary>‖t‖₂ in double precision, straight from the storage when contiguous.</summary>
    internal static double L2Norm(Tensor t)
    {
        if (t.IsContiguous && t.DType == DType.Float32)
            return Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(t.Span<float>()));
        if (t.IsContiguous && t.DType == DType.Float64)
            return Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(t.Span<double>()));
        using var noGrad = Tensor.NoGrad();
        return t.Detach().Double().Norm().Item();
    }
}

/// <summary>The loss and metrics of one evaluation pass.</summary>
public sealed record Evaluation(double Loss, IReadOnlyDictionary<string, double> Metrics);

/// <summary>When a learning-rate schedule steps.</summary>
public enum StepInterval { Epoch, Batch }
