using Nabla.Optim;

namespace Nabla.Cli.Train;

/// <summary>Builds the optimizer and learning-rate schedule a run names.</summary>
internal static class OptimizerFactory
{
    public static readonly string[] Names = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"];

    public static readonly string[] Schedules = ["none", "step", "cosine", "exponential"];

    public static void Validate(OptimizerSettings s)
    {
        if (!Names.Contains(s.Name)) throw new UsageException($"unknown optimizer '{s.Name}'; choose one of {string.Join(", ", Names)}.");
        if (!Schedules.Contains(s.Schedule)) throw new UsageException($"unknown schedule '{s.Schedule}'; choose one of {string.Join(", ", Schedules)}.");
        if (!(s.Lr > 0) || !double.IsFinite(s.Lr)) throw new UsageException($"--lr must be a positive number, got {s.Lr}.");
        if (!(s.WeightDecay >= 0)) throw new UsageException($"--weight-decay must be ≥ 0, got {s.WeightDecay}.");
        if (!(s.Momentum >= 0 && s.Momentum < 1)) throw new UsageException($"--momentum must be in [0, 1), got {s.Momentum}.");
        if (!(s.Gamma > 0 && s.Gamma <= 1)) throw new UsageException($"--gamma must be in (0, 1], got {s.Gamma}.");
    }

    public static Optimizer Create(OptimizerSettings s, IEnumerable<Tensor> parameters) => s.Name switch
    {
        "sgd" => new SGD(parameters, lr: s.Lr, weightDecay: s.WeightDecay),
        "momentum" => new SGD(parameters, lr: s.Lr, momentum: s.Momentum, weightDecay: s.WeightDecay),
        "nesterov" => new SGD(parameters, lr: s.Lr, momentum: s.Momentum, weightDecay: s.WeightDecay, nesterov: true),
        "adagrad" => new Adagrad(parameters, lr: s.Lr, weightDecay: s.WeightDecay),
        "rmsprop" => new RMSprop(parameters, lr: s.Lr, weightDecay: s.WeightDecay),
        "adam" => new Adam(parameters, lr: s.Lr, weightDecay: s.WeightDecay),
        _ => new AdamW(parameters, lr: s.Lr, weightDecay: s.WeightDecay),
    };

    /// <summary>The schedule, stepped once per epoch: step (×gamma every third of the run), cosine annealing to 0,
    /// exponential (×gamma every epoch); null for a constant rate.</summary>
    public static LRScheduler? Schedule(OptimizerSettings s, Optimizer optimizer, int epochs) => s.Schedule switch
    {
        "step" => new StepLR(optimizer, stepSize: Math.Max(1, epochs / 3), gamma: s.Gamma),
        "cosine" => new CosineAnnealingLR(optimizer, tMax: Math.Max(1, epochs)),
        "exponential" => new ExponentialLR(optimizer, s.Gamma),
        _ => null,
    };
}
