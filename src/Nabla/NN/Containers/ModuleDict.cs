using System.Collections;

namespace Nabla.NN;

/// <summary>
/// Submodules registered under string keys, kept in insertion order (torch.nn.ModuleDict). It has no Forward of its
/// own: the owning module looks modules up by key. The element type lets the owner call its items without casts;
/// <see cref="ModuleDict"/> holds any module.
/// </summary>
public class ModuleDict<T> : Module, IEnumerable<KeyValuePair<string, T>> where T : Module
{
    private readonly List<string> keys = [];
    private readonly Dictionary<string, T> modules = [];

    public ModuleDict(params (string Key, T Module)[] entries)
    {
        foreach (var (key, module) in entries) Add(key, module);
    }

    public int Count => keys.Count;

    public IReadOnlyList<string> Keys => keys;

    public IEnumerable<T> Values => keys.Select(k => modules[k]);

    public T this[string key] => modules.TryGetValue(key, out var m) ? m
        : throw new KeyNotFoundException($"ModuleDict: no module under key '{key}' (keys: {string.Join(", ", keys)}).");

    public bool ContainsKey(string key) => modules.ContainsKey(key);

    /// <summary>Registers module under key; keys follow the same rules as names (non-empty, no '.', unique).</summary>
    public ModuleDict<T> Add(string key, T module)
    {
        RegisterModule(key, module);
        keys.Add(key);
        modules[key] = module;
        return this;
    }

    public IEnumerator<KeyValuePair<string, T>> GetEnumerator() =>
        keys.Select(k => new KeyValuePair<string, T>(k, modules[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Modules of any kind under string keys (torch.nn.ModuleDict).</summary>
public sealed class ModuleDict : ModuleDict<Module>
{
    public ModuleDict(params (string Key, Module Module)[] entries) : base(entries) { }
}
