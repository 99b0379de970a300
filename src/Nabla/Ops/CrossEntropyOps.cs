using Nabla.Kernels;

namespace Nabla;

// The common cross-entropy (logits [N, C] or [C], class-index targets, no weights/smoothing/ignored targets) as one
// fused node: a training step runs it every batch, and the composed form costs a dozen small ops. Its backward is
// gradchecked and compared with PyTorch through the same reference cases as the composed form.
public sealed partial class Tensor
{
    /// <summary>Mean (or sum) cross-entropy of logits against class indices; null when a target equals ignoreIndex
    /// (the caller then uses the general composed form).</summary>
    internal Tensor? FusedCrossEntropy(Tensor target, bool mean, long ignoreIndex, string op)
    {
        int classes = shape[^1];
        int rows = Rank == 1 ? 1 : shape[0];
        var targets = target.ToArray<long>();
        foreach (long t in targets)
        {
            if (t == ignoreIndex) return null;
            if (t < 0 || t >= classes)
                throw new ArgumentException($"{op}: target {t} is out of bounds for {classes} classes (input shape {ShapeUtil.Format(shape)}).");
        }
        var logits = Detach().Contiguous();
        double total = DType == DType.Float32
            ? Kernels.CrossEntropy.Forward<float>(logits.Span<float>(), targets, classes)
            : Kernels.CrossEntropy.Forward<double>(logits.Span<double>(), targets, classes);
        double scale = mean ? 1.0 / rows : 1.0;
        var y = Scalar(total * scale, DType);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new CrossEntropyBackward(this, Wrap(targets, [targets.Length]), scale)) : y;
    }

    // ∂L/∂x = g·scale·(softmax(x) − onehot(t)). The targets are a saved Int64 tensor, so Release frees them too.
    private sealed class CrossEntropyBackward(Tensor logits, Tensor targets, double scale) : Node([logits], [targets])
    {
        public override string Name => "NllLossBackward0";

        protected internal override Tensor?[] Backward(Tensor g)
        {
            var logits = Input(0);
            var targets = Saved(0).Span<long>();
            int classes = logits.shape[^1];
            if (CreateGraph) // the backward itself is being recorded (createGraph): compose Tensor ops
            {
                var onehot = OneHot(logits.Rank == 1 ? Saved(0).Reshape() : Saved(0), classes).To(logits.DType);
                return [g * scale * (logits.Softmax(-1) - onehot)];
            }
            var x = logits.Detach().Contiguous();
            var grad = new Tensor(logits.DType, (int[])logits.shape.Clone());
            double s = g.Item() * scale;
            if (logits.DType == DType.Float32)
                Kernels.CrossEntropy.Backward<float>(x.Span<float>(), targets, classes, (float)s, grad.Span<float>());
            else
                Kernels.CrossEntropy.Backward<double>(x.Span<double>(), targets, classes, s, grad.Span<double>());
            return [grad];
        }
    }
}
