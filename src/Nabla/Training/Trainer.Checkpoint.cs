using System.Globalization;
using Nabla.Data;
using Nabla.IO;
using Nabla.NN;

namespace Nabla.Training;

public sealed partial class Trainer
{
    private const string FormatKey = "nabla.training_checkpoint";
    private Dictionary<string, Tensor>? pendingTrainLoader, pendingValidationLoader;

    /// <summary>
    /// Writes everything a bit-exact resume needs into one safetensors file, atomically: the model's and the
    /// optimizer's state (<c>model.*</c>, <c>optimizer.*</c>), the schedule's and every stateful callback's
    /// (<c>scheduler.*</c>, <c>callbacks.{i}.*</c>), the loaders' positions and generators (<c>loader.train.*</c>,
    /// <c>loader.validation.*</c>), Generator.Default, each Dropout's own generator and <see cref="Generators"/>
    /// (<c>generator.*</c>, Int64 [6]); the completed epoch count and the history go into the header's metadata.
    /// </summary>
    public void SaveCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        AddPrefixed(tensors, "model.", Model.StateDict());
        AddPrefixed(tensors, "optimizer.", Optimizer.StateDict());
        if (Scheduler is not null) AddPrefixed(tensors, "scheduler.", Scheduler.StateDict());
        for (int i = 0; i < Callbacks.Count; i++)
            if (Callbacks[i].StateDict() is { } state) AddPrefixed(tensors, $"callbacks.{i}.", state);
        if ((TrainLoader?.StateDict() ?? pendingTrainLoader) is { } train) AddPrefixed(tensors, "loader.train.", train);
        if ((ValidationLoader?.StateDict() ?? pendingValidationLoader) is { } validation) AddPrefixed(tensors, "loader.validation.", validation);
        foreach (var (name, generator) in AllGenerators())
            lock (generator) tensors["generator." + name] = Tensor.FromArray(generator.GetState().Select(w => (long)w).ToArray());
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [FormatKey] = "1",
            ["epoch"] = Epoch.ToString(CultureInfo.InvariantCulture),
            ["callbacks"] = string.Join(",", Callbacks.Select(c => c.GetType().Name)),
            ["history"] = HistoryJson.Write(History),
        };
        Safetensors.Save(path, tensors, metadata);
    }

    /// <summary>
    /// Restores a <see cref="SaveCheckpoint"/> file into this trainer, which must be built like the one that saved it
    /// (same model architecture, optimizer, schedule and callbacks, in the same order): weights, optimizer and schedule
    /// state, callbacks, generators, epoch count and history now; the loaders' positions at the start of the next
    /// <see cref="Fit"/> (so give it loaders built the same way). Continuing then gives the same numbers bit for bit
    /// as a run that never stopped.
    /// </summary>
    /// <exception cref="SafetensorsException">the file is not valid safetensors.</exception>
    /// <exception cref="InvalidDataException">the file is not a training checkpoint, or does not fit this trainer.</exception>
    public void Resume(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = Safetensors.Load(path);
        var meta = file.Metadata;
        if (!meta.ContainsKey(FormatKey) || !meta.TryGetValue("epoch", out var epochText) || !meta.TryGetValue("history", out var historyText))
            throw new InvalidDataException($"Trainer.Resume: '{path}' is a safetensors file but not a training checkpoint (no '{FormatKey}' metadata).");
        string callbacks = string.Join(",", Callbacks.Select(c => c.GetType().Name));
        if (meta.GetValueOrDefault("callbacks", "") != callbacks)
            throw new InvalidDataException($"Trainer.Resume: '{path}' was saved with callbacks [{meta.GetValueOrDefault("callbacks")}], this trainer has [{callbacks}].");
        var groups = Group(file.Tensors);
        try
        {
            Model.LoadStateDict(groups.GetValueOrDefault("model") ?? []);
            Optimizer.LoadStateDict(groups.GetValueOrDefault("optimizer") ?? []);
            if (Scheduler is not null) Scheduler.LoadStateDict(groups.GetValueOrDefault("scheduler") ?? []);
            for (int i = 0; i < Callbacks.Count; i++)
                if (groups.TryGetValue($"callbacks.{i}", out var state)) Callbacks[i].LoadStateDict(state);
            var generators = groups.GetValueOrDefault("generator") ?? [];
            foreach (var (name, generator) in AllGenerators())
            {
                if (!generators.TryGetValue(name, out var state))
                    throw new ArgumentException($"no state for generator '{name}'");
                lock (generator) generator.SetState(state.ToLongArray().Select(w => (ulong)w).ToArray());
            }
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Trainer.Resume: '{path}' does not fit this trainer: {e.Message}", e);
        }
        pendingTrainLoader = groups.GetValueOrDefault("loader.train");
        pendingValidationLoader = groups.GetValueOrDefault("loader.validation");
        History.Clear();
        foreach (var record in HistoryJson.Read(historyText)) History.Add(record);
        Epoch = int.Parse(epochText, CultureInfo.InvariantCulture);
    }

    private void ApplyPendingLoaderState()
    {
        if (pendingTrainLoader is not null) TrainLoader!.LoadStateDict(pendingTrainLoader);
        if (pendingValidationLoader is not null) ValidationLoader?.LoadStateDict(pendingValidationLoader);
        (pendingTrainLoader, pendingValidationLoader) = (null, null);
    }

    /// <summary>Every random source whose state a resume needs, by checkpoint name.</summary>
    private IEnumerable<(string Name, Generator Generator)> AllGenerators()
    {
        yield return ("default", Generator.Default);
        foreach (var (name, module) in Model.NamedModules())
            if (module is Dropout { Generator: { } g }) yield return ("dropout." + (name.Length == 0 ? "model" : name), g);
        foreach (var (name, generator) in Generators) yield return ("user." + name, generator);
    }

    private static void AddPrefixed(Dictionary<string, Tensor> into, string prefix, IReadOnlyDictionary<string, Tensor> values)
    {
        foreach (var (key, value) in values) into[prefix + key] = value;
    }

    /// <summary>Splits "model.fc1.weight" into group "model" and key "fc1.weight"; the groups with two-part prefixes
    /// (callbacks.{i}, loader.train, loader.validation) are recognised first.</summary>
    private static Dictionary<string, Dictionary<string, Tensor>> Group(Dictionary<string, Tensor> tensors)
    {
        var groups = new Dictionary<string, Dictionary<string, Tensor>>(StringComparer.Ordinal);
        foreach (var (key, value) in tensors)
        {
            var parts = key.Split('.', 3);
            bool twoPart = parts.Length == 3 && parts[0] is "callbacks" or "loader";
            string group = twoPart ? parts[0] + "." + parts[1] : parts[0];
            string rest = key[(group.Length + 1)..];
            if (!groups.TryGetValue(group, out var dict)) groups[group] = dict = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            dict[rest] = value;
        }
        return groups;
    }
}
