using System.Collections;

namespace Nabla.NN;

/// <summary>
/// Submodules registered under string keys, kept in insertion order (torch.nn.ModuleDict). It has no Forward of its
/// own: the owning module looks modules up by key.
/// </summary>
public sealed class ModuleDict : Module, IEnumerable<KeyValuePair<string, Module>>
{
    private readonly List<string> keys = [];
    private readonly Dictionary<string, Module> modules = [];

    public ModuleDict(params (string Key, Module Module)[] entries)
    {
        foreach (var (key, module) in entries) Add(key, module);
    }

    public int Count => keys.Count;

    public IReadOnlyList<string> Keys => keys;

    public IEnumerable<Module> Values => keys.Select(k => modules[k]);

    public Module this[string key] => modules.TryGetValue(key, out var m) ? m
        : throw new KeyNotFoundException($"ModuleDict: no module under key '{key}' (keys: {string.Join(", ", keys)}).");

    public bool ContainsKey(string key) => modules.ContainsKey(key);

    /// <summary>Registers module under key; keys follow the same rules as names (non-empty, no '.', unique).</summary>
    public ModuleDict Add(string key, Module module)
    {
        RegisterModule(key, module);
        keys.Add(key);
        modules[key] = module;
        return this;
    }

    public override Tensor Forward(Tensor input) =>
        throw new InvalidOperationException("ModuleDict has no Forward: look modules up by key in the owning module's Forward.");

    public IEnumerator<KeyValuePair<string, Module>> GetEnumerator() =>
        keys.Select(k => new KeyValuePair<string, Module>(k, modules[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
