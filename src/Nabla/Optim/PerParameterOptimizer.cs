using System.Numerics;

namespace Nabla.Optim;

/// <summary>
/// An optimizer whose step updates each parameter on its own, from its gradient, its group's options and its own
/// <see cref="ParamState"/> (SGD, Adam and the rest). A subclass writes its math once, generic over the element type, in
/// <see cref="Update{T}"/>; this class picks float or double per parameter.
/// </summary>
public abstract class PerParameterOptimizer(IEnumerable<ParamGroup> paramGroups, IReadOnlyDictionary<string, double> defaults)
    : Optimizer(paramGroups, defaults)
{
    /// <summary>Updates one parameter in place. Runs under NoGrad; the state's step count has not been advanced yet.</summary>
    protected abstract void Update<T>(ParamUpdate<T> update) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// One optimization step over every parameter that has a gradient. Parameters whose Grad is null are skipped (their
    /// state does not advance), and so are frozen ones (RequiresGrad false).
    /// </summary>
    public override void Step()
    {
        using var noGrad = Tensor.NoGrad();
        for (int g = 0; g < ParamGroups.Count; g++)
        {
            var group = ParamGroups[g];
            for (int i = 0; i < group.Params.Count; i++)
            {
                var p = group.Params[i];
                if (p.GradInternal is null || !p.RequiresGrad) continue;
                var grad = CheckedGradient(p, g, i);
                var st = StateOf(p);
                var target = p.IsContiguous ? p : p.CloneDetached();
                if (p.DType == DType.Float32) Update(new ParamUpdate<float>(group, st, target, grad));
                else Update(new ParamUpdate<double>(group, st, target, grad));
                if (ReferenceEquals(target, p)) p.BumpVersion();
                else p.Copy_(target);
            }
        }
    }

    /// <summary>The gradient as a contiguous tensor of the parameter's dtype and shape (no copy when it already is one;
    /// the update reads its elements only, so a gradient carrying a graph is fine).</summary>
    private Tensor CheckedGradient(Tensor p, int group, int index)
    {
        var grad = p.GradInternal!;
        if (grad.DType != p.DType || !ShapeUtil.SameShape(grad.ShapeRef, p.ShapeRef))
            throw new InvalidOperationException(
                $"{Name}.Step: parameter {index} of param group {group} is {p.DType} {ShapeUtil.Format(p.ShapeRef)} but its gradient is {grad.DType} {ShapeUtil.Format(grad.ShapeRef)}.");
        return grad.IsContiguous ? grad : grad.CloneDetached();
    }
}

/// <summary>
/// One parameter's update as <see cref="PerParameterOptimizer"/> hands it to the math: the parameter and its gradient as
/// spans of <typeparamref name="T"/>, its group's options and its state, whose buffers come as spans too.
/// </summary>
public readonly ref struct ParamUpdate<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Tensor parameter;

    internal ParamUpdate(ParamGroup group, ParamState state, Tensor parameter, Tensor grad)
    {
        (Group, State, this.parameter) = (group, state, parameter);
        Param = parameter.Span<T>();
        Grad = grad.Span<T>();
    }

    public ParamGroup Group { get; }

    public ParamState State { get; }

    /// <summary>The parameter's elements (contiguous, row-major), updated in place.</summary>
    public Span<T> Param { get; }

    public ReadOnlySpan<T> Grad { get; }

    /// <summary>The elements of the named state buffer, created like the parameter and filled with
    /// <paramref name="initialValue"/> the first time.</summary>
    public Span<T> Buffer(string name, double initialValue = 0)
    {
        var buffer = State.Buffer(name, parameter, initialValue);
        if (buffer.DType != parameter.DType || !buffer.IsContiguous || !ShapeUtil.SameShape(buffer.ShapeRef, parameter.ShapeRef))
            throw new InvalidOperationException(
                $"State buffer '{name}' is {buffer.DType} {ShapeUtil.Format(buffer.ShapeRef)}; it must be a contiguous {parameter.DType} {ShapeUtil.Format(parameter.ShapeRef)} like its parameter.");
        return buffer.Span<T>();
    }
}
