using System.Text.Json;
using Nabla.Cli.Train;
using Nabla.IO;
using Nabla.NN;

namespace Nabla.Cli.Models;

/// <summary>A model rebuilt from the output folder of <c>nabla train</c>: model.json (architecture) + model.safetensors.</summary>
internal sealed record SavedModel(string Folder, ModelSpec Spec, Module<Tensor, Tensor> Model)
{
    public static SavedModel Load(string folder)
    {
        if (!Directory.Exists(folder)) throw new UsageException($"run folder {folder} does not exist; pass the --out folder of a 'nabla train' run.");
        string config = Path.Combine(folder, RunFolder.ModelConfig), weights = Path.Combine(folder, RunFolder.Weights);
        foreach (var file in new[] { config, weights })
            if (!File.Exists(file)) throw new UsageException($"{file} is missing; pass the --out folder of a 'nabla train' run.");
        ModelSpec spec;
        try
        {
            spec = JsonSerializer.Deserialize(File.ReadAllText(config), CliJson.Default.ModelSpec)
                ?? throw new UsageException($"{config} holds no model description.");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{config} is not a valid model description: {e.Message}", e);
        }
        if (spec.Hidden is null || spec.ClassNames is null || spec.Activation is null || spec.Norm is null)
            throw new UsageException($"{config} lacks hidden, activation, norm or class_names.");
        var model = spec.Build(new Generator(0));
        var state = Safetensors.Load(weights).Tensors;
        try
        {
            model.LoadStateDict(state);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{weights} does not fit {config}: {e.Message}", e);
        }
        model.Eval();
        return new SavedModel(folder, spec, model);
    }

    /// <summary>Checks that rows of <paramref name="features"/> have the width the model takes.</summary>
    public void CheckFeatures(Tensor features, string source)
    {
        if (features.Rank != 2 || features.Size(1) != Spec.InputFeatures)
            throw new UsageException($"the model takes {Spec.InputFeatures} features per row, but {source} has shape {ShapeText(features)}.");
    }

    private static string ShapeText(Tensor t) => "[" + string.Join(", ", t.Shape) + "]";
}
