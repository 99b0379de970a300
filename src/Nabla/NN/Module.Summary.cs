using System.Runtime.CompilerServices;

namespace Nabla.NN;

public abstract partial class Module
{
    /// <summary>
    /// Runs one forward pass on zeros of inputShape (batch dim included) and tabulates each module's output shape and
    /// parameter count, with the totals. dtype defaults to the model's first floating-point parameter's (Float32 if
    /// none); pass DType.Int64 for a model that starts with an Embedding.
    /// </summary>
    public ModelSummary Summary(int[] inputShape, DType? dtype = null) => Summary([inputShape], dtype);

    /// <summary>Summary of a module with several inputs (a Siamese pair, a loss): zeros of each shape, in Forward's
    /// order, all of one dtype (use the overload with tensors for mixed dtypes, e.g. Int64 class targets).</summary>
    public ModelSummary Summary(IReadOnlyList<int[]> inputShapes, DType? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        var type = dtype ?? Parameters().Select(p => p.DType).Where(d => d.IsFloatingPoint()).DefaultIfEmpty(DType.Float32).First();
        return Summary(inputShapes.Select(s => Tensor.Zeros(s, type)).ToArray());
    }

    /// <summary>
    /// Summary for example inputs, one per Forward argument. The pass runs in evaluation mode without recording a
    /// graph (so BatchNorm's running statistics and Dropout's random stream are untouched); every module's training
    /// flag is restored afterwards.
    /// </summary>
    public ModelSummary Summary(params Tensor[] exampleInputs)
    {
        ArgumentNullException.ThrowIfNull(exampleInputs);
        if (InputCount == 0)
            throw new InvalidOperationException($"Summary: {GetType().Name} has no Forward (it only holds modules); summarise the module that uses it.");
        if (exampleInputs.Length != InputCount)
            throw new ArgumentException($"Summary: {GetType().Name}.Forward takes {InputCount} input(s), but {exampleInputs.Length} example(s) were given.");
        var modules = NamedModules().ToList();
        var outputShapes = new Dictionary<Module, int[]?>(ReferenceEqualityComparer.Instance);
        var modes = modules.Select(m => (m.Module, m.Module.Training)).ToList();
        var hooks = modules.Select(m => m.Module.RegisterForwardHook((module, _, output) => outputShapes.TryAdd(module, FirstShape(output)))).ToList();
        try
        {
            Eval();
            using (Tensor.NoGrad()) CallBoxed(exampleInputs.Cast<object?>().ToArray());
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
                m.Module.TypeName,
                m.Name.Length == 0 ? 0 : m.Name.Count(c => c == '.') + 1,
                outputShapes.GetValueOrDefault(m.Module),
                own.Sum(p => (long)p.Numel),
                own.Where(p => p.RequiresGrad).Sum(p => (long)p.Numel),
                m.Module.children.Count > 0);
        }).ToList();
        return new ModelSummary(exampleInputs.Select(t => t.Shape.ToArray()).ToArray(), rows, ParameterCount(), ParameterCount(trainableOnly: true));
    }

    /// <summary>The shape of an output, or of its first tensor when it is a tuple or an array of tensors.</summary>
    private static int[]? FirstShape(object? output) => output switch
    {
        Tensor t => t.Shape.ToArray(),
        ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => FirstShape(tuple[i])).FirstOrDefault(s => s is not null),
        IEnumerable<Tensor> many => many.Select(t => t.Shape.ToArray()).FirstOrDefault(),
        _ => null,
    };
}
