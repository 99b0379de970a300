using System.Globalization;

namespace Nabla.Optim;

public abstract partial class Optimizer
{
    /// <summary>
    /// Everything needed to resume exactly, as tensors (so a safetensors writer can save it), laid out like PyTorch's
    /// optimizer state dict with parameters numbered by position across all groups:
    /// <c>param_groups.{g}.params</c> (Int64 indices), <c>param_groups.{g}.{option}</c> (0-d Float64),
    /// <c>state.{i}.{scalar}</c> ("step" and the others: 0-d Float64), <c>state.{i}.{buffer}</c> (copies of the buffers).
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
                    foreach (var (name, value) in st.Scalars) dict[$"state.{index}.{name}"] = Tensor.Scalar(value, DType.Float64);
                    foreach (var (name, buffer) in st.Buffers) dict[$"state.{index}.{name}"] = buffer.CloneDetached();
                }
                index++;
            }
        }
        return dict;
    }

    /// <summary>Names of the per-parameter scalars besides "step" (a state dict holds them as 0-d tensors like 0-d
    /// buffers; this list tells them apart on loading).</summary>
    protected virtual IReadOnlyCollection<string> ScalarStateNames => [];

    /// <summary>Checks a buffer being loaded for <paramref name="parameter"/> (already converted to its dtype); throws
    /// an ArgumentException made by <paramref name="error"/> if it does not fit. By default a buffer has the parameter's
    /// shape; an optimizer with other buffers (LBFGS's flat history) overrides this.</summary>
    protected virtual void ValidateStateBuffer(string key, string name, Tensor buffer, Tensor parameter, Func<string, ArgumentException> error)
    {
        if (!ShapeUtil.SameShape(buffer.ShapeRef, parameter.ShapeRef))
            throw error($"'{key}' has shape {ShapeUtil.Format(buffer.ShapeRef)}, its parameter has shape {ShapeUtil.Format(parameter.ShapeRef)}.");
    }

    /// <summary>
    /// Restores groups' options and per-parameter state from <see cref="StateDict"/>'s output. The optimizer must have
    /// the same number of groups and of parameters per group; parameter i of the dict is matched to the i-th parameter
    /// here (by position, as in PyTorch). Loaded options pass the same <see cref="Validate"/> as constructed ones, step
    /// counts must be whole numbers, and buffers are copied and converted to their parameter's dtype, so continuing
    /// gives the same numbers as not having stopped. Nothing changes if the dict is rejected.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var reader = new StateDictReader(Name, stateDict);
        var parameters = groups.SelectMany(g => g.Params).ToArray();
        var groupOf = groups.SelectMany((g, index) => g.Params.Select(_ => index)).ToArray();
        var options = groups.Select(_ => new Dictionary<string, double>(StringComparer.Ordinal)).ToArray();
        var loaded = new Dictionary<int, ParamState>();
        int savedGroups = 0;
        while (stateDict.ContainsKey($"param_groups.{savedGroups}.params")) savedGroups++;
        if (savedGroups != groups.Count)
            throw reader.Error($"the state dict has {savedGroups} param groups, this optimizer has {groups.Count}.");
        for (int g = 0, offset = 0; g < groups.Count; offset += groups[g].Params.Count, g++)
        {
            var ids = stateDict[$"param_groups.{g}.params"].ToLongArray();
            if (ids.Length != groups[g].Params.Count)
                throw reader.Error($"param group {g} has {ids.Length} parameters in the state dict, {groups[g].Params.Count} here.");
            for (int i = 0; i < ids.Length; i++)
                if (ids[i] != offset + i)
                    throw reader.Error($"param group {g} lists parameter {ids[i]} at position {i}; expected {offset + i}.");
        }
        foreach (var (key, value) in stateDict)
        {
            var parts = key.Split('.');
            if (parts.Length == 3 && parts[0] == "param_groups" && TryIndex(parts[1], groups.Count, out int g))
            {
                if (parts[2] != "params") options[g][parts[2]] = reader.Scalar(key, value);
            }
            else if (parts.Length == 3 && parts[0] == "state" && TryIndex(parts[1], parameters.Length, out int i))
            {
                if (!loaded.TryGetValue(i, out var st)) loaded[i] = st = new ParamState();
                LoadStateEntry(reader, st, parts[2], key, value, parameters[i], $"parameter {i} (param group {groupOf[i]})");
            }
            else throw reader.Error($"unexpected key '{key}'.");
        }
        var missing = defaults.Keys.Where(k => options.Any(o => !o.ContainsKey(k))).ToList();
        if (missing.Count > 0)
            throw reader.Error($"missing option(s) {string.Join(", ", missing)} in the param groups.");
        for (int g = 0; g < groups.Count; g++)
        {
            var candidate = new ParamGroup(groups[g].Params);
            foreach (var (option, value) in options[g]) candidate[option] = value;
            Validate(new OptionCheck($"{Name}.LoadStateDict", candidate, g));
        }

        for (int g = 0; g < groups.Count; g++)
            foreach (var (option, value) in options[g]) groups[g][option] = value;
        state.Clear();
        foreach (var (i, st) in loaded) state[parameters[i]] = st;
    }

    private void LoadStateEntry(StateDictReader reader, ParamState st, string name, string key, Tensor value, Tensor parameter, string which)
    {
        if (name == ParamState.StepName) st.Step = reader.Count(key, value, $"step of {which}");
        else if (ScalarStateNames.Contains(name)) st.SetScalar(name, reader.Scalar(key, value));
        else
        {
            var buffer = value.To(parameter.DType).CloneDetached();
            ValidateStateBuffer(key, name, buffer, parameter, reader.Error);
            st.SetBuffer(name, buffer);
        }
    }

    private static bool TryIndex(string text, int count, out int index) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index < count;
}
