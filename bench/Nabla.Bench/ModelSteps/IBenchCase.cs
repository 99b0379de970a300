namespace Nabla.Bench.ModelSteps;

/// <summary>
/// One model-step benchmark. Adding a case = one class implementing this interface, registered in
/// <see cref="ModelStepBench.Cases"/>. Both engines must do the same work per <see cref="IStepRunner.Step"/>
/// on the same data (<see cref="BenchData"/>), so that the first-step losses agree.
/// </summary>
public interface IBenchCase
{
    /// <summary>Short id used by <c>--only</c> (e.g. "mlp", "tiny").</summary>
    string Id { get; }
    /// <summary>Row label in the table.</summary>
    string Name { get; }
    /// <summary>What a step does, for the README/table footnote.</summary>
    string Description { get; }
    /// <summary>Steps in one timed repetition (full mode; quick mode divides by 4).</summary>
    int StepsPerRep { get; }
    /// <summary>The Nabla side, or null while it is not written yet (the row then shows "pending").</summary>
    IStepRunner? CreateNabla();
    /// <summary>The TorchSharp side.</summary>
    IStepRunner CreateTorch();
}

/// <summary>Holds one engine's model state; <see cref="Step"/> runs one full step.</summary>
public interface IStepRunner : IDisposable
{
    /// <summary>One step (forward, backward, and whatever the case specifies), without reading results back.</summary>
    void Step();
    /// <summary>Same as <see cref="Step"/> but returns the step's loss (used outside timed regions).</summary>
    double StepWithLoss();
}
