namespace Nabla.Optim;

/// <summary>
/// What an optimizer remembers about one parameter (PyTorch's optimizer.state[p]): the number of steps taken on it,
/// buffers shaped like it (exp_avg, momentum_buffer, ...) and scalars (NAdam's mu_product). Names are PyTorch's.
/// Created the first time the parameter is stepped with a gradient.
/// </summary>
public sealed class ParamState
{
    private readonly Dictionary<string, Tensor> buffers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> scalars = new(StringComparer.Ordinal);

    /// <summary>Steps taken on this parameter (steps where its gradient was null do not count).</summary>
    public long Step { get; internal set; }

    /// <summary>Tensors shaped like the parameter, by name.</summary>
    public IReadOnlyDictionary<string, Tensor> Buffers => buffers;

    /// <summary>Per-parameter scalars other than the step count, by name.</summary>
    public IReadOnlyDictionary<string, double> Scalars => scalars;

    /// <summary>The named buffer, created as a tensor like <paramref name="parameter"/> filled with
    /// <paramref name="initialValue"/> when absent.</summary>
    internal Tensor Buffer(string name, Tensor parameter, double initialValue = 0)
    {
        if (!buffers.TryGetValue(name, out var buffer))
        {
            buffer = Tensor.Full(parameter.ShapeRef, initialValue, parameter.DType);
            buffers[name] = buffer;
        }
        return buffer;
    }

    internal bool HasBuffer(string name) => buffers.ContainsKey(name);

    internal void SetBuffer(string name, Tensor value) => buffers[name] = value;

    internal double Scalar(string name, double initialValue) =>
        scalars.TryGetValue(name, out var value) ? value : initialValue;

    internal void SetScalar(string name, double value) => scalars[name] = value;
}
