namespace Nabla;

/// <summary>
/// Leaf.Grad += g for one backward sweep. A fresh gradient is adopted rather than copied (a training step's weight
/// gradients are large); while the sweep runs, an adopted buffer may still be read by other paths, so further
/// contributions to that leaf are added out of place. Once the sweep ends each adopted buffer belongs to its leaf alone,
/// so it is marked private: dropping it later returns it to the storage pool.
/// </summary>
internal sealed class LeafAccumulator
{
    private readonly HashSet<Storage> handedOut = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Tensor> borrowing = new(ReferenceEqualityComparer.Instance);

    /// <param name="seeds">Caller-owned gradients: never adopted, since the caller may still use them.</param>
    public void Begin(Tensor[] seeds)
    {
        foreach (var s in seeds) handedOut.Add(s.Storage);
    }

    public void Accumulate(Tensor leaf, Tensor g, bool createGraph)
    {
        var current = leaf.GradInternal;
        if (current is null)
        {
            if (createGraph) leaf.SetSharedGrad(g);
            else if (g.IsContiguous && !g.RequiresGrad && g.Numel == g.Storage.Length && handedOut.Add(g.Storage))
            {
                leaf.SetPrivateGrad(g);
                borrowing.Add(leaf);
            }
            else leaf.SetPrivateGrad(g.CloneDetached());
        }
        else if (createGraph || current.RequiresGrad)
            leaf.SetSharedGrad(current + g);
        else if (borrowing.Remove(leaf))
            leaf.SetPrivateGrad(current.Detach() + g.Detach());
        else
            current.AddInPlace(g);
    }

    /// <summary>The sweep is over: adopted buffers are now referenced by their leaves only.</summary>
    public void Finish()
    {
        borrowing.Clear();
        handedOut.Clear();
    }
}
