namespace Nabla.NN;

public abstract partial class Module
{
    /// <summary>Parameters and persistent buffers by dotted name, in registration order (PyTorch's state_dict).</summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, module) in NamedModules())
        {
            foreach (var (p, value) in module.parameters)
                if (value is not null) state[Join(name, p)] = value.Detach();
            foreach (var (b, value, persistent) in module.buffers)
                if (value is not null && persistent) state[Join(name, b)] = value.Detach();
        }
        return state;
    }

    /// <summary>
    /// Copies values into this module's parameters and buffers in place. Strict (the default) requires exactly the
    /// same keys; any missing, unexpected or mis-shaped key is listed in one error.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var own = StateDict();
        var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
        var misShaped = own.Where(kv => state.TryGetValue(kv.Key, out var v) && !ShapeUtil.SameShape(v.ShapeRef, kv.Value.ShapeRef))
            .Select(kv => $"{kv.Key}: expected {ShapeUtil.Format(kv.Value.ShapeRef)}, got {ShapeUtil.Format(state[kv.Key].ShapeRef)}").ToList();
        if (misShaped.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
        {
            var problems = new List<string>();
            if (strict && missing.Count > 0) problems.Add("missing keys: " + string.Join(", ", missing));
            if (strict && unexpected.Count > 0) problems.Add("unexpected keys: " + string.Join(", ", unexpected));
            if (misShaped.Count > 0) problems.Add("mis-shaped keys: " + string.Join("; ", misShaped));
            throw new ArgumentException($"LoadStateDict into {GetType().Name} failed — " + string.Join("; ", problems) + ".");
        }
        using (Tensor.NoGrad())
            foreach (var (key, target) in own)
                if (state.TryGetValue(key, out var value))
                    target.Copy_(value);
    }
}
