using Nabla.IO;

namespace Nabla.Tests.Optim;

/// <summary>Sends state dicts through one safetensors file (in memory), each under its own prefix, as a training
/// checkpoint would: what comes back is only what the file can hold.</summary>
public static class CheckpointRoundTrip
{
    public static Dictionary<string, Dictionary<string, Tensor>> Run(Dictionary<string, Dictionary<string, Tensor>> parts)
    {
        var flat = parts.SelectMany(part => part.Value.Select(e => (Key: $"{part.Key}/{e.Key}", e.Value)))
            .ToDictionary(e => e.Key, e => e.Value);
        using var stream = new MemoryStream();
        Safetensors.Save(stream, flat);
        stream.Position = 0;
        var loaded = Safetensors.Load(stream, "checkpoint").Tensors;
        return parts.Keys.ToDictionary(name => name, name => loaded
            .Where(e => e.Key.StartsWith(name + "/", StringComparison.Ordinal))
            .ToDictionary(e => e.Key[(name.Length + 1)..], e => e.Value));
    }

    /// <summary>Parameters as a state dict keyed "0", "1", ...</summary>
    public static Dictionary<string, Tensor> Parameters(Tensor[] parameters) =>
        parameters.Select((p, i) => (i, p)).ToDictionary(e => $"{e.i}", e => e.p.Detach());

    /// <summary>The parameters back from <see cref="Parameters"/>'s dict, as fresh leaves that require grad.</summary>
    public static Tensor[] Restore(Dictionary<string, Tensor> dict) =>
        Enumerable.Range(0, dict.Count).Select(i => dict[$"{i}"].RequiresGrad_()).ToArray();
}
