namespace Nabla.Optim;

/// <summary>
/// What an optimizer remembers about one parameter (PyTorch's <c>optimizer.state[p]</c>): named tensors ("buffers":
/// exp_avg, momentum_buffer, ... shaped like the parameter; LBFGS's flat history has other shapes) and named numbers
/// ("scalars": the step count, NAdam's mu_product, LBFGS's n_iter). Names are PyTorch's. Everything here goes into
/// <see cref="Optimizer.StateDict"/> and comes back with <see cref="Optimizer.LoadStateDict"/>, so an optimizer that
/// keeps all it needs here resumes exactly. Built-in optimizers create it the first time a parameter is stepped with a
/// gradient; a custom one gets it from <c>Optimizer.StateOf(parameter)</c>.
/// </summary>
public sealed class ParamState
{
    /// <summary>The scalar that holds <see cref="Step"/>.</summary>
    public const string StepName = "step";

    private readonly Dictionary<string, Tensor> buffers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> scalars = new(StringComparer.Ordinal);

    /// <summary>Steps taken on this parameter (steps where its gradient was null do not count); the "step" scalar,
    /// 0 while it is unset.</summary>
    public long Step
    {
        get => (long)Scalar(StepName);
        set => SetScalar(StepName, value);
    }

    /// <summary>The tensors, by name.</summary>
    public IReadOnlyDictionary<string, Tensor> Buffers => buffers;

    /// <summary>The numbers (including "step" once set), by name.</summary>
    public IReadOnlyDictionary<string, double> Scalars => scalars;

    /// <summary>The named buffer; when absent, first created like <paramref name="parameter"/> (its shape and dtype)
    /// and filled with <paramref name="initialValue"/>.</summary>
    public Tensor Buffer(string name, Tensor parameter, double initialValue = 0)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (!buffers.TryGetValue(name, out var buffer))
            buffers[name] = buffer = Tensor.Full(parameter.ShapeRef, initialValue, parameter.DType);
        return buffer;
    }

    public bool HasBuffer(string name) => buffers.ContainsKey(name);

    public bool TryGetBuffer(string name, out Tensor buffer) => buffers.TryGetValue(name, out buffer!);

    /// <summary>Stores <paramref name="value"/> itself (no copy) under <paramref name="name"/>.</summary>
    public void SetBuffer(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        buffers[name] = value;
    }

    /// <summary>The named number, or <paramref name="initialValue"/> while it is unset.</summary>
    public double Scalar(string name, double initialValue = 0) =>
        scalars.TryGetValue(name, out var value) ? value : initialValue;

    public bool HasScalar(string name) => scalars.ContainsKey(name);

    public void SetScalar(string name, double value) => scalars[name] = value;

    /// <summary>Forgets the buffer or scalar called <paramref name="name"/>; false if there was none.</summary>
    public bool Remove(string name) => buffers.Remove(name) | scalars.Remove(name);
}
