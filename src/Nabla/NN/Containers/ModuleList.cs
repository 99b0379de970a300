using System.Collections;

namespace Nabla.NN;

/// <summary>
/// A list of registered submodules named "0", "1", … (torch.nn.ModuleList). It has no Forward of its own: the owning
/// module iterates over it.
/// </summary>
public sealed class ModuleList : Module, IReadOnlyList<Module>
{
    private readonly List<Module> modules = [];

    public ModuleList(params Module[] modules)
    {
        foreach (var m in modules) Append(m);
    }

    public ModuleList(IEnumerable<Module> modules) : this(modules.ToArray()) { }

    public int Count => modules.Count;

    public Module this[int index]
    {
        get
        {
            int i = index < 0 ? index + modules.Count : index;
            if (i < 0 || i >= modules.Count)
                throw new ArgumentOutOfRangeException(nameof(index), $"ModuleList: index {index} is out of range for {modules.Count} modules.");
            return modules[i];
        }
    }

    public ModuleList Append(Module module)
    {
        modules.Add(RegisterModule(modules.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module));
        return this;
    }

    public ModuleList Extend(IEnumerable<Module> more)
    {
        foreach (var m in more) Append(m);
        return this;
    }

    public override Tensor Forward(Tensor input) =>
        throw new InvalidOperationException("ModuleList has no Forward: iterate over its modules in the owning module's Forward.");

    public IEnumerator<Module> GetEnumerator() => modules.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
