using System.Globalization;

namespace Nabla.Optim;

public abstract partial class Optimizer
{
    /// <summary>
    /// Everything needed to resume exactly, as tensors (so a safetensors writer can save it), laid out like PyTorch's
    /// optimizer state dict with parameters numbered by position across all groups:
    /// <c>param_groups.{g}.params</c> (Int64 indices), <c>param_groups.{g}.{option}</c> (0-d Float64),
    /// <c>state.{i}.step</c> and other scalars (0-d Float64), <c>state.{i}.{buffer}</c> (copies of the buffers).
    /// </summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var dict = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        int index = 0;
        for (int g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            dict[$"param_groups.{g}.params"] = Tensor.FromArray(Enumerable.Range(index, group.Params.Count).Select(i => (long)i).ToArray());
            foreach (var (option, value) in group.Options) dict[$"param_groups.{g}.{option}"] = Tensor.Scalar(value, DType.Float64);
            foreach (var p in group.Params)
            {
                if (state.TryGetValue(p, out var st))
                {
                    dict[$"state.{index}.step"] = Tensor.Scalar(st.Step, DType.Float64);
                    foreach (var (name, value) in st.Scalars) dict[$"state.{index}.{name}"] = Tensor.Scalar(value, DType.Float64);
                    foreach (var (name, buffer) in st.Buffers) dict[$"state.{index}.{name}"] = buffer.CloneDetached();
                }
                index++;
            }
        }
        return dict;
    }

    /// <summary>Names of per-parameter scalars besides "step" (stored as 0-d tensors, restored as numbers).</summary>
    protected virtual IReadOnlyCollection<string> ScalarStateNames => [];

    /// <summary>
    /// Restores groups' options and per-parameter state from <see cref="StateDict"/>'s output. The optimizer must have
    /// the same number of groups and of parameters per group; parameter i of the dict is matched to the i-th parameter
    /// here (by position, as in PyTorch). Buffers are copied and converted to their parameter's dtype, so continuing
    /// gives the same numbers as not having stopped. Nothing changes if the dict is rejected.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var parameters = groups.SelectMany(g => g.Params).ToArray();
        var options = groups.Select(_ => new Dictionary<string, double>(StringComparer.Ordinal)).ToArray();
        var loaded = new Dictionary<int, ParamState>();
        int savedGroups = 0;
        while (stateDict.ContainsKey($"param_groups.{savedGroups}.params")) savedGroups++;
        if (savedGroups != groups.Count)
            throw new ArgumentException($"{Name}.LoadStateDict: the state dict has {savedGroups} param groups, this optimizer has {groups.Count}.");
        for (int g = 0, offset = 0; g < groups.Count; offset += groups[g].Params.Count, g++)
        {
            var ids = stateDict[$"param_groups.{g}.params"].ToLongArray();
            if (ids.Length != groups[g].Params.Count)
                throw new ArgumentException($"{Name}.LoadStateDict: param group {g} has {ids.Length} parameters in the state dict, {groups[g].Params.Count} here.");
            for (int i = 0; i < ids.Length; i++)
                if (ids[i] != offset + i)
                    throw new ArgumentException($"{Name}.LoadStateDict: param group {g} lists parameter {ids[i]} at position {i}; expected {offset + i}.");
        }
        foreach (var (key, value) in stateDict)
        {
            var parts = key.Split('.');
            if (parts.Length == 3 && parts[0] == "param_groups" && TryIndex(parts[1], groups.Count, out int g))
            {
                if (parts[2] != "params") options[g][parts[2]] = ScalarOf(key, value);
            }
            else if (parts.Length == 3 && parts[0] == "state" && TryIndex(parts[1], parameters.Length, out int i))
            {
                if (!loaded.TryGetValue(i, out var st)) loaded[i] = st = new ParamState();
                LoadStateEntry(st, parts[2], key, value, parameters[i]);
            }
            else throw new ArgumentException($"{Name}.LoadStateDict: unexpected key '{key}'.");
        }
        var missing = defaults.Keys.Where(k => options.Any(o => !o.ContainsKey(k))).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"{Name}.LoadStateDict: missing option(s) {string.Join(", ", missing)} in the param groups.");

        for (int g = 0; g < groups.Count; g++)
            foreach (var (option, value) in options[g]) groups[g][option] = value;
        state.Clear();
        foreach (var (i, st) in loaded) state[parameters[i]] = st;
    }

    private void LoadStateEntry(ParamState st, string name, string key, Tensor value, Tensor parameter)
    {
        if (name == "step") st.Step = checked((long)ScalarOf(key, value));
        else if (ScalarStateNames.Contains(name)) st.SetScalar(name, ScalarOf(key, value));
        else if (!ShapeUtil.SameShape(value.ShapeRef, parameter.ShapeRef))
            throw new ArgumentException(
                $"{Name}.LoadStateDict: '{key}' has shape {ShapeUtil.Format(value.ShapeRef)}, its parameter has shape {ShapeUtil.Format(parameter.ShapeRef)}.");
        else st.SetBuffer(name, value.To(parameter.DType).CloneDetached());
    }

    private double ScalarOf(string key, Tensor value) => value.Numel == 1 ? value.Item()
        : throw new ArgumentException($"{Name}.LoadStateDict: '{key}' should hold one number, it has shape {ShapeUtil.Format(value.ShapeRef)}.");

    private static bool TryIndex(string text, int count, out int index) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index < count;
}
