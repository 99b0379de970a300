namespace Nabla.NN;

/// <summary>
/// A shortcut (residual) block: y = f(inner(x)) + shortcut(x). The shortcut is the identity when none is given (then
/// inner must keep x's shape) or a module such as Linear(n, m, bias: false) — the course's h₁ = f(W₁x + b₁) + Wₛx.
/// f is an activation module, or none (y = inner(x) + shortcut(x)). Children are named "inner", "shortcut" and
/// "activation", in that order, when present.
/// </summary>
public sealed class Residual : Module<Tensor, Tensor>
{
    public Module<Tensor, Tensor> Inner { get; }

    /// <summary>Null means the identity shortcut.</summary>
    public Module<Tensor, Tensor>? Shortcut { get; }

    /// <summary>Null means no activation after inner.</summary>
    public Module<Tensor, Tensor>? Activation { get; }

    public Residual(Module<Tensor, Tensor> inner, Module<Tensor, Tensor>? shortcut = null, Module<Tensor, Tensor>? activation = null)
    {
        Inner = RegisterModule("inner", inner);
        if (shortcut is not null) Shortcut = RegisterModule("shortcut", shortcut);
        if (activation is not null) Activation = RegisterModule("activation", activation);
    }

    public override Tensor Forward(Tensor input)
    {
        var main = Inner.Call(input);
        if (Activation is not null) main = Activation.Call(main);
        var skip = Shortcut is null ? input : Shortcut.Call(input);
        if (!ShapeUtil.SameShape(main.ShapeRef, skip.ShapeRef))
            throw new ArgumentException(
                $"Residual: the inner branch gives shape {ShapeUtil.Format(main.ShapeRef)} but the {(Shortcut is null ? "identity" : "shortcut")} " +
                $"branch gives {ShapeUtil.Format(skip.ShapeRef)} for input {ShapeUtil.Format(input.ShapeRef)}; use a shortcut module that maps to the inner output's shape.");
        return main + skip;
    }
}
