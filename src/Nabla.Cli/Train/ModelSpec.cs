using Nabla.NN;
using Nabla.NN.Models;
using Nabla.Training;

namespace Nabla.Cli.Train;

/// <summary>
/// What rebuilds a trained model: written to model.json beside model.safetensors, read by evaluate, predict and
/// summary. An MLP: Linear → [norm] → activation → [dropout] per hidden layer, then Linear to the class logits; with
/// EnsembleMembers &gt; 1, that many such MLPs whose probabilities are averaged. Data and Seed say how the training
/// data was loaded and split, so that evaluate can score the same test split.
/// </summary>
internal sealed record ModelSpec(string Kind, int InputFeatures, int Classes, int[] Hidden, string Activation, string Norm,
    double Dropout, int EnsembleMembers, string Dataset, string[] ClassNames, DataSettings? Data = null, long Seed = 0, int[]? InputShape = null)
{
    /// <summary>mlp, then the zoo's image models (Nabla.NN.Models.ModelZoo), which need InputShape [C, H, W].</summary>
    public static readonly string[] Kinds = [.. ModelZoo.Names];

    public static readonly string[] Activations = ["relu", "tanh", "sigmoid", "leaky-relu", "elu", "gelu", "identity"];

    public static readonly string[] Norms = ["none", "batch", "layer"];

    public static readonly string[] Inits = ["default", "zeros", "constant", "normal", "xavier", "kaiming"];

    /// <summary>Checks the settings a user can get wrong, with one message each.</summary>
    public void Validate()
    {
        if (Hidden.Any(h => h <= 0)) throw new UsageException($"--hidden sizes must be positive, got {string.Join(',', Hidden)}.");
        if (!Activations.Contains(Activation)) throw new UsageException($"unknown activation '{Activation}'; choose one of {string.Join(", ", Activations)}.");
        if (!Norms.Contains(Norm)) throw new UsageException($"unknown normalization '{Norm}'; choose one of {string.Join(", ", Norms)}.");
        if (!(Dropout >= 0 && Dropout < 1)) throw new UsageException($"--dropout must be in [0, 1), got {Dropout}.");
        if (EnsembleMembers < 1) throw new UsageException($"--ensemble must be at least 1, got {EnsembleMembers}.");
        if (!Kinds.Contains(Kind)) throw new UsageException($"unknown model '{Kind}'; choose one of {string.Join(", ", Kinds)}.");
        if (Kind != "mlp" && InputShape is null) throw new UsageException($"--model {Kind} needs image data (mnist or fashion-mnist).");
        if (InputFeatures < 1 || Classes < 2) throw new UsageException($"a classifier needs at least one feature and two classes, got {InputFeatures} and {Classes}.");
    }

    /// <summary>The model, each member initialised from <paramref name="generator"/> (then by <paramref name="init"/>).</summary>
    public Module<Tensor, Tensor> Build(Generator generator, string init = "default")
    {
        Validate();
        if (EnsembleMembers == 1) return BuildMember(generator, init);
        return new Ensemble(Enumerable.Range(0, EnsembleMembers).Select(_ => BuildMember(generator, init)).ToArray());
    }

    /// <summary>One member: the MLP, or the zoo model named Kind (its Linear layers re-initialised by init).</summary>
    public Module<Tensor, Tensor> BuildMember(Generator generator, string init)
    {
        if (Kind == "mlp") return BuildMlp(generator, init);
        var model = ModelZoo.Create(Kind, InputShape!, Classes, generator);
        Initialize(model, init, generator);
        return model;
    }

    /// <summary>One MLP (ensemble members are trained one at a time).</summary>
    public Sequential BuildMlp(Generator generator, string init)
    {
        var layers = new List<Module<Tensor, Tensor>>();
        int width = InputFeatures;
        foreach (int h in Hidden)
        {
            layers.Add(new Linear(width, h, generator: generator));
            if (Norm == "batch") layers.Add(new BatchNorm1d(h));
            if (Norm == "layer") layers.Add(new LayerNorm(h));
            layers.Add(ActivationModule());
            if (Dropout > 0) layers.Add(new Dropout(Dropout, generator: new Generator((long)generator.NextUInt64())));
            width = h;
        }
        layers.Add(new Linear(width, Classes, generator: generator));
        var model = new Sequential(layers.ToArray());
        Initialize(model, init, generator);
        return model;
    }

    private Module<Tensor, Tensor> ActivationModule() => Activation switch
    {
        "relu" => new ReLU(),
        "tanh" => new Tanh(),
        "sigmoid" => new Sigmoid(),
        "leaky-relu" => new LeakyReLU(),
        "elu" => new ELU(),
        "identity" => new Identity(),   // no nonlinearity: the layers compose to one linear map
        _ => new GELU(),
    };

    /// <summary>Re-initialises every Linear's weight (biases to 0) unless init is "default" (PyTorch's own).</summary>
    private void Initialize(Module model, string init, Generator g)
    {
        if (init == "default") return;
        if (!Inits.Contains(init)) throw new UsageException($"unknown --init '{init}'; choose one of {string.Join(", ", Inits)}.");
        string nonlinearity = Activation switch { "tanh" => "tanh", "sigmoid" => "sigmoid", "leaky-relu" => "leaky_relu", "identity" => "linear", _ => "relu" };
        using var noGrad = Tensor.NoGrad();
        foreach (var linear in model.Modules().OfType<Linear>())
        {
            var w = linear.Weight;
            _ = init switch
            {
                "zeros" => Init.Zeros_(w),
                "constant" => Init.Constant_(w, 0.1),
                "normal" => Init.Normal_(w, 0, 0.1, g),
                "xavier" => Init.XavierUniform_(w, Init.CalculateGain(nonlinearity), g),
                _ => Init.KaimingNormal_(w, nonlinearity: nonlinearity, generator: g),
            };
            if (linear.Bias is { } b) Init.Zeros_(b);
        }
    }
}
