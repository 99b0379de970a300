namespace Nabla;

// PyTorch's subscripts: x[0, 1], x[.., 1..3], x[^1], x[TensorIndex.Ellipsis, 0], x[idx, labels], x[mask], and
// assignment through all of them. Integers, ranges and NewAxis give views; index tensors and masks give copies whose
// gradient scatters back. Assignment writes in place and follows PyTorch's rules: an error on a leaf that requires
// grad (outside NoGrad), recorded on any other tensor, so gradients flow to the assigned values.
public sealed partial class Tensor
{
    /// <summary>
    /// x[i, j, ...] as in PyTorch: an int or Index (<c>^1</c>) selects and removes a dim; a Range (<c>1..^1</c>) or
    /// <see cref="TensorIndex.Slice"/> keeps a strided part of it; <see cref="TensorIndex.NewAxis"/> inserts a dim;
    /// <see cref="TensorIndex.Ellipsis"/> stands for the dims not named. An Int64 tensor indexes (index tensors
    /// broadcast together); a floating-point tensor is a 0/1 mask (there is no Bool dtype) selecting where it is
    /// non-zero, so <c>x[x.Gt(0)]</c> is the 1-d tensor of x's positive elements.
    /// </summary>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public Tensor this[params TensorIndex[] indices]
    {
        get => IndexPlan.Build("Index", shape, indices).Apply(this);
        set => PutInPlace("Index assignment", IndexPlan.Build("Index assignment", shape, indices), value, accumulate: false);
    }

    /// <summary>
    /// A copy of this tensor with values written at indices (PyTorch's index_put): indices are Int64 index tensors
    /// or 0/1 masks for the leading dims, values broadcast to the indexed shape; with accumulate, values at repeated
    /// indices are summed into the tensor instead of overwriting it. Differentiable w.r.t. this tensor and values.
    /// </summary>
    public Tensor IndexPut(Tensor[] indices, Tensor values, bool accumulate = false)
    {
        const string op = "IndexPut";
        var plan = IndexPlan.Build(op, shape, ToIndices(op, indices));
        ArgumentNullException.ThrowIfNull(values);
        var y = CloneDetached();
        var gathered = y.PutValues(op, plan, values, accumulate);
        return Dispatch.NeedsGrad(this, values) && DType.IsFloatingPoint()
            ? Dispatch.Record(y, new IndexPutBackward(this, values, plan, gathered, accumulate))
            : y;
    }

    /// <summary>IndexPut in place (PyTorch's index_put_), recorded by autograd like an assignment.</summary>
    public Tensor IndexPut_(Tensor[] indices, Tensor values, bool accumulate = false)
    {
        const string op = "IndexPut_";
        PutInPlace(op, IndexPlan.Build(op, shape, ToIndices(op, indices)), values, accumulate);
        return this;
    }

    private static TensorIndex[] ToIndices(string op, Tensor[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var result = new TensorIndex[indices.Length];
        for (int i = 0; i < indices.Length; i++)
            result[i] = indices[i] ?? throw new ArgumentNullException(nameof(indices), $"{op}: the index tensor at position {i} is null.");
        return result;
    }

    private void PutInPlace(string op, IndexPlan plan, Tensor value, bool accumulate)
    {
        ArgumentNullException.ThrowIfNull(value);
        CheckAssignable(op);
        var gathered = PutValues(op, plan, value, accumulate);
        if (!GradMode.IsEnabled || !(RequiresGrad || value.RequiresGrad) || !DType.IsFloatingPoint()) return;
        // The node's first input stands for this tensor's history before the write (its values are never read).
        var before = new Tensor(Storage.Alias(), shape, strides, Offset);
        if (GradFn is not null) before.SetRequiresGradFromOp(GradFn);
        SetRequiresGradFromOp(new IndexPutBackward(before, value, plan, gathered, accumulate));
    }

    private void CheckAssignable(string op)
    {
        if (!GradMode.IsEnabled) return;
        if (IsLeaf && RequiresGrad)
            throw new InvalidOperationException(
                $"{op}: a leaf tensor that requires grad (shape {ShapeUtil.Format(shape)}) cannot be modified in place; wrap the update in Tensor.NoGrad() or assign into a Clone().");
        if (GradFn is { IsReleased: false } node && node.Inputs.Any(input => input is not null && input.Storage == Storage))
            throw new InvalidOperationException(
                $"{op}: this tensor (shape {ShapeUtil.Format(shape)}) is a view of a tensor that requires grad (grad_fn={node.Name}); assign into that tensor itself, or into a Clone() of the view.");
    }

    /// <summary>Writes value (broadcast to the indexed shape, converted to this dtype) at the plan's positions,
    /// bypassing autograd; returns the indexed shape with value's leading size-1 dims dropped, for the gradient.</summary>
    private int[] PutValues(string op, IndexPlan plan, Tensor value, bool accumulate)
    {
        var target = plan.ResultShape;
        var valueShape = value.shape.AsSpan();
        while (valueShape.Length > target.Length && valueShape[0] == 1) valueShape = valueShape[1..]; // PyTorch drops these too
        bool fits = valueShape.Length <= target.Length;
        for (int i = 1; fits && i <= valueShape.Length; i++) fits = valueShape[^i] == 1 || valueShape[^i] == target[^i];
        if (!fits)
            throw new ArgumentException($"{op}: a value of shape {ShapeUtil.Format(value.shape)} cannot be broadcast to the indexed shape {ShapeUtil.Format(target)} (tensor of shape {ShapeUtil.Format(shape)}).");
        using (NoGrad())
        {
            var values = value.Detach().To(DType).Reshape(valueShape.ToArray());
            if (values.Storage == Storage) values = values.CloneDetached(); // x[a] = x[b] may overlap
            var view = plan.ApplyBasic(Detach());
            if (plan.Advanced is not { } advanced)
                view.CopyRaw(op, accumulate ? view + values : values);
            else
            {
                var gathered = advanced.ToGatheredLayout(values.Expand(target));
                var dst = view.IsContiguous ? view : view.CloneDetached();
                advanced.PutRaw(dst, gathered, accumulate);
                if (dst != view) view.CopyRaw(op, dst);
            }
        }
        BumpVersion();
        return valueShape.ToArray();
    }

    // ∂/∂self = g where nothing was written (g itself with accumulate); ∂/∂values = g[indices], summed to values' shape.
    private sealed class IndexPutBackward(Tensor self, Tensor values, IndexPlan plan, int[] valueShape, bool accumulate) : Node(self, values)
    {
        private readonly int[] selfShape = self.shape;
        private readonly int[] valuesShape = values.shape;

        protected internal override Tensor?[] Backward(Tensor g)
        {
            Tensor? gSelf = null, gValues = null;
            if (NeedsGrad(0))
            {
                if (accumulate) gSelf = g;
                else
                {
                    var untouched = Ones(selfShape, g.DType);
                    using (NoGrad()) untouched.PutValues("IndexPut", plan, Scalar(0, g.DType), accumulate: false);
                    gSelf = g * untouched;
                }
            }
            if (NeedsGrad(1)) gValues = plan.Apply(g).SumTo(valueShape).Reshape(valuesShape);
            return [gSelf, gValues];
        }
    }
}
