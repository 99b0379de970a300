namespace Nabla;

/// <summary>Functional autograd (torch.autograd.grad): gradients returned rather than accumulated into .Grad.</summary>
public static partial class Autograd
{
    /// <summary>
    /// d(Σ outputs·gradOutputs)/d(inputs). With createGraph the results carry their own graph, so they can be
    /// differentiated again (second and third derivatives, Hessian-vector products).
    /// </summary>
    /// <param name="allowUnused">If false, an input the outputs do not depend on is an error; if true its gradient is null.</param>
    public static Tensor?[] Grad(Tensor[] outputs, Tensor[] inputs, Tensor[]? gradOutputs = null,
        bool? retainGraph = null, bool createGraph = false, bool allowUnused = false)
    {
        if (gradOutputs is not null && gradOutputs.Length != outputs.Length)
            throw new ArgumentException($"Grad: {gradOutputs.Length} gradOutputs given for {outputs.Length} outputs.");
        for (int i = 0; i < inputs.Length; i++)
            if (!inputs[i].RequiresGrad)
                throw new ArgumentException($"Grad: input {i} (shape {ShapeUtil.Format(inputs[i].ShapeRef)}) does not require grad.");
        var seeds = new Tensor[outputs.Length];
        for (int i = 0; i < outputs.Length; i++) seeds[i] = SeedFor(outputs[i], gradOutputs?[i], "Grad");
        var grads = Engine.Run(outputs, seeds, retainGraph ?? createGraph, createGraph, capture: inputs)!;
        for (int i = 0; i < grads.Length; i++)
            if (grads[i] is null && !allowUnused)
                throw new InvalidOperationException(
                    $"Grad: input {i} (shape {ShapeUtil.Format(inputs[i].ShapeRef)}) was not used to compute the outputs; pass allowUnused: true to get null for it.");
        return grads;
    }

    /// <summary>Single output, single input convenience form.</summary>
    public static Tensor Grad(Tensor output, Tensor input, Tensor? gradOutput = null, bool? retainGraph = null, bool createGraph = false) =>
        Grad([output], [input], gradOutput is null ? null : [gradOutput], retainGraph, createGraph)[0]!;

    internal static Tensor SeedFor(Tensor output, Tensor? gradient, string op)
    {
        if (gradient is null)
        {
            if (output.Numel != 1)
                throw new InvalidOperationException(
                    $"{op}: grad can be implicitly created only for scalar outputs; this output has shape {ShapeUtil.Format(output.ShapeRef)}, so pass a gradient of that shape.");
            return Tensor.OnesLike(output);
        }
        if (!ShapeUtil.SameShape(gradient.ShapeRef, output.ShapeRef))
            throw new ArgumentException(
                $"{op}: the gradient has shape {ShapeUtil.Format(gradient.ShapeRef)} but the output has shape {ShapeUtil.Format(output.ShapeRef)}.");
        return gradient;
    }
}
