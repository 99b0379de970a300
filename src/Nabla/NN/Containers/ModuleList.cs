using System.Collections;

namespace Nabla.NN;

/// <summary>
/// A list of registered submodules named "0", "1", … (torch.nn.ModuleList). It has no Forward of its own: the owning
/// module iterates over it. The element type lets the owner call its items without casts
/// (a <c>ModuleList&lt;Module&lt;Tensor, Tensor&gt;&gt;</c> of layers); <see cref="ModuleList"/> holds any module.
/// </summary>
public class ModuleList<T> : Module, IReadOnlyList<T> where T : Module
{
    private readonly List<T> modules = [];

    public ModuleList(params T[] modules)
    {
        foreach (var m in modules) Append(m);
    }

    public ModuleList(IEnumerable<T> modules) : this(modules.ToArray()) { }

    public int Count => modules.Count;

    public T this[int index]
    {
        get
        {
            int i = index < 0 ? index + modules.Count : index;
            if (i < 0 || i >= modules.Count)
                throw new ArgumentOutOfRangeException(nameof(index), $"ModuleList: index {index} is out of range for {modules.Count} modules.");
            return modules[i];
        }
    }

    public ModuleList<T> Append(T module)
    {
        modules.Add(RegisterModule(modules.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module));
        return this;
    }

    public ModuleList<T> Extend(IEnumerable<T> more)
    {
        foreach (var m in more) Append(m);
        return this;
    }

    public IEnumerator<T> GetEnumerator() => modules.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A list of modules of any kind (torch.nn.ModuleList).</summary>
public sealed class ModuleList : ModuleList<Module>
{
    public ModuleList(params Module[] modules) : base(modules) { }

    public ModuleList(IEnumerable<Module> modules) : base(modules) { }
}
