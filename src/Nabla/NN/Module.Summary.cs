namespace Nabla.NN;

public abstract partial class Module
{
    /// <summary>
    /// Runs one forward pass on zeros of inputShape (batch dim included) and tabulates each module's output shape and
    /// parameter count, with the totals. dtype defaults to the model's first floating-point parameter's (Float32 if
    /// none); pass DType.Int64 for a model that starts with an Embedding.
    /// </summary>
    public ModelSummary Summary(int[] inputShape, DType? dtype = null)
    {
        var type = dtype ?? Parameters().Select(p => p.DType).Where(d => d.IsFloatingPoint()).DefaultIfEmpty(DType.Float32).First();
        return Summary(Tensor.Zeros(inputShape, type));
    }

    /// <summary>
    /// Summary for an example input. The pass runs in evaluation mode without recording a graph (so BatchNorm's running
    /// statistics and Dropout's random stream are untouched); every module's training flag is restored afterwards.
    /// </summary>
    public ModelSummary Summary(Tensor exampleInput)
    {
        var modules = NamedModules().ToList();
        var outputShapes = new Dictionary<Module, int[]>(ReferenceEqualityComparer.Instance);
        var modes = modules.Select(m => (m.Module, m.Module.Training)).ToList();
        var hooks = modules.Select(m => m.Module.RegisterForwardHook((module, _, output) => outputShapes.TryAdd(module, output.Shape))).ToList();
        try
        {
            Eval();
            using (Tensor.NoGrad()) Call(exampleInput);
        }
        finally
        {
            foreach (var hook in hooks) hook.Dispose();
            foreach (var (module, training) in modes) module.Training = training;
        }

        var rows = modules.Select(m =>
        {
            var own = m.Module.Parameters(recurse: false).ToList();
            return new SummaryRow(
                m.Name,
                m.Module.GetType().Name,
                m.Name.Length == 0 ? 0 : m.Name.Count(c => c == '.') + 1,
                outputShapes.GetValueOrDefault(m.Module),
                own.Sum(p => (long)p.Numel),
                own.Where(p => p.RequiresGrad).Sum(p => (long)p.Numel),
                m.Module.children.Count > 0);
        }).ToList();
        return new ModelSummary(exampleInput.Shape, rows, ParameterCount(), ParameterCount(trainableOnly: true));
    }
}
