namespace Nabla;

/// <summary>
/// Reverse-mode sweep: an iterative topological walk (no recursion, so chains of any length are safe), then one pass
/// from outputs to leaves in which every node receives the sum of its consumers' gradients before it runs.
/// The bookkeeping collections are reused per thread, so a training step's backward allocates none of them.
/// </summary>
internal sealed class Engine
{
    [ThreadStatic] private static Engine? idle;

    private readonly Dictionary<Tensor, int> pending = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Tensor, Tensor> grads = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Tensor, Tensor?> captured = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Tensor> visited = new(ReferenceEqualityComparer.Instance);
    private readonly Stack<Tensor> walk = new();
    private readonly Stack<Tensor> ready = new();
    private readonly LeafAccumulator leaves = new();
    private bool capturing, createGraph;

    /// <param name="capture">Tensors whose total gradient is returned (Autograd.Grad); null to accumulate into leaves instead.</param>
    public static Tensor?[]? Run(Tensor[] outputs, Tensor[] gradOutputs, bool retainGraph, bool createGraph, Tensor[]? capture)
    {
        var engine = idle ?? new Engine(); // a nested backward (inside a node) gets its own instance
        idle = null;
        try
        {
            return engine.Sweep(outputs, gradOutputs, retainGraph, createGraph, capture);
        }
        finally
        {
            engine.Clear();
            idle = engine;
        }
    }

    private Tensor?[]? Sweep(Tensor[] outputs, Tensor[] gradOutputs, bool retainGraph, bool createGraph, Tensor[]? capture)
    {
        this.createGraph = createGraph;
        capturing = capture is not null;
        if (capture is not null)
            foreach (var t in capture) captured[t] = null;
        CountConsumers(outputs);
        leaves.Begin(gradOutputs);

        using (GradMode.Set(createGraph))
        {
            for (int i = 0; i < outputs.Length; i++)
            {
                var output = outputs[i];
                if (!output.RequiresGrad)
                    throw new InvalidOperationException(
                        $"Backward: output {i} (shape {ShapeUtil.Format(output.ShapeRef)}) does not require grad and has no grad_fn; nothing to differentiate.");
                Deliver(output, gradOutputs[i], countDown: false);
            }
            foreach (var output in outputs)
                if (output.GradFn is not null && pending.GetValueOrDefault(output) == 0 && grads.ContainsKey(output) && !ready.Contains(output))
                    ready.Push(output);

            while (ready.Count > 0)
            {
                var tensor = ready.Pop();
                if (!grads.Remove(tensor, out var grad)) continue;
                var node = tensor.GradFn!;
                var inputs = node.Inputs;
                node.CheckVersions();
                var inputGrads = node.Backward(grad);
                for (int i = 0; i < inputs.Length; i++)
                {
                    if (inputs[i] is not { RequiresGrad: true } input) continue;
                    if (inputGrads[i] is { } g)
                        Deliver(input, Conform(node, g, input), countDown: true);
                    else if (input.GradFn is not null && --pending[input] == 0 && grads.ContainsKey(input))
                        ready.Push(input); // no contribution along this edge, but the input may now be complete
                }
                if (!retainGraph) node.Release();
            }
        }

        if (capture is null) return null;
        var result = new Tensor?[capture.Length];
        for (int i = 0; i < capture.Length; i++) result[i] = captured[capture[i]];
        return result;
    }

    private void Clear()
    {
        pending.Clear();
        grads.Clear();
        captured.Clear();
        visited.Clear();
        walk.Clear();
        ready.Clear();
        leaves.Finish();
    }

    /// <summary>Adds one gradient contribution to a tensor: captured, accumulated into a leaf, or summed for a node.</summary>
    private void Deliver(Tensor target, Tensor g, bool countDown)
    {
        if (capturing && captured.TryGetValue(target, out var sofar))
            captured[target] = sofar is null ? g : sofar + g;

        if (target.GradFn is null)
        {
            if (!capturing) leaves.Accumulate(target, g, createGraph);
            return;
        }

        grads[target] = grads.TryGetValue(target, out var existing) ? existing + g : g;
        if (countDown && --pending[target] == 0) ready.Push(target);
    }

    /// <summary>Sums a broadcast gradient back to the input's shape and casts it to the input's dtype.</summary>
    private static Tensor Conform(Node node, Tensor g, Tensor input)
    {
        if (!ShapeUtil.SameShape(g.ShapeRef, input.ShapeRef))
        {
            if (g.Rank < input.Rank)
                throw new InvalidOperationException(
                    $"{node.Name} returned a gradient of shape {ShapeUtil.Format(g.ShapeRef)} for an input of shape {ShapeUtil.Format(input.ShapeRef)}.");
            g = g.SumTo(input.ShapeRef);
        }
        return g.DType == input.DType ? g : g.To(input.DType);
    }

    /// <summary>How many graph edges lead into each non-leaf tensor reachable from the outputs.</summary>
    private void CountConsumers(Tensor[] outputs)
    {
        foreach (var o in outputs)
            if (o.GradFn is not null && visited.Add(o)) walk.Push(o);
        while (walk.Count > 0)
        {
            var t = walk.Pop();
            foreach (var input in t.GradFn!.Inputs)
            {
                if (input is not { RequiresGrad: true } || input.GradFn is null) continue;
                pending[input] = pending.GetValueOrDefault(input) + 1;
                if (visited.Add(input)) walk.Push(input);
            }
        }
    }
}
