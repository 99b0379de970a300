using System.Collections;

namespace Nabla.NN;

/// <summary>
/// Runs its modules one after another (torch.nn.Sequential). Children are named "0", "1", … unless built from
/// (name, module) pairs, so state-dict keys read "0.weight", "fc1.bias" exactly as in PyTorch.
/// </summary>
public sealed class Sequential : Module<Tensor, Tensor>, IEnumerable<Module<Tensor, Tensor>>
{
    private readonly List<Module<Tensor, Tensor>> modules = [];

    /// <summary>An empty Sequential (its Forward returns the input); add modules with Append.</summary>
    public Sequential() { }

    public Sequential(params Module<Tensor, Tensor>[] modules)
    {
        foreach (var m in modules) Append(m);
    }

    public Sequential(params (string Name, Module<Tensor, Tensor> Module)[] namedModules)
    {
        foreach (var (name, module) in namedModules) modules.Add(RegisterModule(name, module));
    }

    public int Count => modules.Count;

    /// <summary>The i-th module (negative counts from the end).</summary>
    public Module<Tensor, Tensor> this[int index] => modules[NormalizeIndex(index)];

    /// <summary>Adds a module at the end, named by its position.</summary>
    public Sequential Append(Module<Tensor, Tensor> module)
    {
        modules.Add(RegisterModule(modules.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module));
        return this;
    }

    public override Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var m in modules) x = m.Call(x);
        return x;
    }

    public IEnumerator<Module<Tensor, Tensor>> GetEnumerator() => modules.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int NormalizeIndex(int index)
    {
        int i = index < 0 ? index + modules.Count : index;
        if (i < 0 || i >= modules.Count)
            throw new ArgumentOutOfRangeException(nameof(index), $"Sequential: index {index} is out of range for {modules.Count} modules.");
        return i;
    }
}
