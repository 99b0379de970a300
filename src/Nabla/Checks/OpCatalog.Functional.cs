using Nabla.NN;
using F = Nabla.NN.Functional;

namespace Nabla.Checks;

internal static partial class OpCatalog
{
    private const string NnReference = "nn.json";

    /// <summary>NN.Functional's activations and the special functions under them; their cases are in tests/reference/nn.json.
    /// relu, tanh, sigmoid, softmax and log_softmax are also ops of ops.json (as Tensor methods): the table is keyed by
    /// (reference file, name).</summary>
    private static OpDefinition[] Activations() =>
    [
        new("relu", (t, a) => F.Relu(t[0]), "F.relu(t[0])", Reference: NnReference),
        new("leaky_relu", (t, a) => F.LeakyRelu(t[0], a.Double("negative_slope")), "F.leaky_relu(t[0], a['negative_slope'])",
            Reference: NnReference),
        new("prelu", (t, a) => F.Prelu(t[0], t[1]), "F.prelu(t[0], t[1])", Reference: NnReference),
        new("elu", (t, a) => F.Elu(t[0], a.Double("alpha")), "F.elu(t[0], a['alpha'])", Reference: NnReference),
        new("gelu", (t, a) => F.Gelu(t[0], a.String("approximate")), "F.gelu(t[0], approximate=a['approximate'])", Reference: NnReference),
        new("silu", (t, a) => F.Silu(t[0]), "F.silu(t[0])", Reference: NnReference),
        new("tanh", (t, a) => F.Tanh(t[0]), "torch.tanh(t[0])", Reference: NnReference),
        new("sigmoid", (t, a) => F.Sigmoid(t[0]), "torch.sigmoid(t[0])", Reference: NnReference),
        new("softplus", (t, a) => F.Softplus(t[0], a.Double("beta"), a.Double("threshold")),
            "F.softplus(t[0], beta=a['beta'], threshold=a['threshold'])", Reference: NnReference),
        new("softmax", (t, a) => F.Softmax(t[0], a.Int("dim")), "F.softmax(t[0], dim=a['dim'])", Reference: NnReference),
        new("log_softmax", (t, a) => F.LogSoftmax(t[0], a.Int("dim")), "F.log_softmax(t[0], dim=a['dim'])", Reference: NnReference),
        new("erf", (t, a) => t[0].Erf(), "torch.erf(t[0])", Reference: NnReference),
        new("log1p", (t, a) => t[0].Log1p(), "torch.log1p(t[0])", Reference: NnReference),
    ];

    /// <summary>NN.Functional's losses (tests/reference/nn.json). An optional input (class weights, pos_weight) is present
    /// when its bool arg says so; <c>opt</c> picks it for torch. Arguments a case leaves out take PyTorch's defaults.</summary>
    private static OpDefinition[] Losses() =>
    [
        // inputs: input, target[, weight]
        new("cross_entropy", (t, a) => F.CrossEntropy(t[0], t[1], Optional(t, a, "weight", 2), IgnoreIndex(a), ReductionArg(a),
                a.DoubleOrNull("label_smoothing") ?? 0.0),
            "F.cross_entropy(t[0], t[1], weight=opt(t, a, 'weight', 2), ignore_index=a.get('ignore_index', -100),"
            + " reduction=a['reduction'], label_smoothing=a.get('label_smoothing', 0.0))", Reference: NnReference),
        new("nll_loss", (t, a) => F.NllLoss(t[0], t[1], Optional(t, a, "weight", 2), IgnoreIndex(a), ReductionArg(a)),
            "F.nll_loss(t[0], t[1], weight=opt(t, a, 'weight', 2), ignore_index=a.get('ignore_index', -100), reduction=a['reduction'])",
            Reference: NnReference),
        new("kl_div", (t, a) => F.KlDiv(t[0], t[1], ReductionArg(a), a.Bool("log_target")),
            "F.kl_div(t[0], t[1], reduction=a['reduction'], log_target=a['log_target'])", Reference: NnReference),
        new("bce", (t, a) => F.BinaryCrossEntropy(t[0], t[1], Optional(t, a, "weight", 2), ReductionArg(a)),
            "F.binary_cross_entropy(t[0], t[1], weight=opt(t, a, 'weight', 2), reduction=a['reduction'])", Reference: NnReference),
        // inputs: input, target[, weight][, pos_weight]
        new("bce_with_logits", (t, a) => F.BinaryCrossEntropyWithLogits(t[0], t[1], Optional(t, a, "weight", 2),
                Optional(t, a, "pos_weight", Flag(a, "weight") ? 3 : 2), ReductionArg(a)),
            "F.binary_cross_entropy_with_logits(t[0], t[1], weight=opt(t, a, 'weight', 2),"
            + " pos_weight=opt(t, a, 'pos_weight', 3 if a['weight'] else 2), reduction=a['reduction'])", Reference: NnReference),
        new("mse_loss", (t, a) => F.MseLoss(t[0], t[1], ReductionArg(a)), "F.mse_loss(t[0], t[1], reduction=a['reduction'])",
            Reference: NnReference),
        new("l1_loss", (t, a) => F.L1Loss(t[0], t[1], ReductionArg(a)), "F.l1_loss(t[0], t[1], reduction=a['reduction'])",
            Reference: NnReference),
        new("huber_loss", (t, a) => F.HuberLoss(t[0], t[1], ReductionArg(a), a.Double("delta")),
            "F.huber_loss(t[0], t[1], reduction=a['reduction'], delta=a['delta'])", Reference: NnReference),
        new("smooth_l1_loss", (t, a) => F.SmoothL1Loss(t[0], t[1], ReductionArg(a), a.Double("beta")),
            "F.smooth_l1_loss(t[0], t[1], reduction=a['reduction'], beta=a['beta'])", Reference: NnReference),
        new("cosine_similarity", (t, a) => F.CosineSimilarity(t[0], t[1], a.Int("dim"), a.Double("eps")),
            "F.cosine_similarity(t[0], t[1], dim=a['dim'], eps=a['eps'])", Reference: NnReference),
        // inputs: x1, x2, target (±1)
        new("cosine_embedding_loss", (t, a) => F.CosineEmbeddingLoss(t[0], t[1], t[2], a.Double("margin"), ReductionArg(a)),
            "F.cosine_embedding_loss(t[0], t[1], t[2], margin=a['margin'], reduction=a['reduction'])", Reference: NnReference),
        new("hinge_embedding_loss", (t, a) => F.HingeEmbeddingLoss(t[0], t[1], a.Double("margin"), ReductionArg(a)),
            "F.hinge_embedding_loss(t[0], t[1], margin=a['margin'], reduction=a['reduction'])", Reference: NnReference),
        new("margin_ranking_loss", (t, a) => F.MarginRankingLoss(t[0], t[1], t[2], a.Double("margin"), ReductionArg(a)),
            "F.margin_ranking_loss(t[0], t[1], t[2], margin=a['margin'], reduction=a['reduction'])", Reference: NnReference),
        new("multi_margin_loss", (t, a) => F.MultiMarginLoss(t[0], t[1], a.Int("p"), a.Double("margin"), Optional(t, a, "weight", 2),
                ReductionArg(a)),
            "F.multi_margin_loss(t[0], t[1], p=a['p'], margin=a['margin'], weight=opt(t, a, 'weight', 2), reduction=a['reduction'])",
            Reference: NnReference),
        // The course's class-weighted BCE, −mean(α·y·log ŷ + β·(1−y)·log(1−ŷ)), written out on torch's side; on ours it is
        // BCELoss with the per-element weight w = α·y + β·(1−y).
        new("weighted_bce_course", (t, a) => new BCELoss(weight: t[1] * a.Double("alpha") + (1.0 - t[1]) * a.Double("beta")).Forward(t[0], t[1]),
            "-(a['alpha'] * t[1] * torch.log(t[0]) + a['beta'] * (1 - t[1]) * torch.log(1 - t[0])).mean()", Reference: NnReference),
    ];

    /// <summary>The optional input at <paramref name="index"/> when the bool arg <paramref name="flag"/> is true.</summary>
    private static Tensor? Optional(Tensor[] t, OpArgs a, string flag, int index) => Flag(a, flag) ? t[index] : null;

    private static bool Flag(OpArgs a, string name) => !a.IsNull(name) && a.Bool(name);

    private static long IgnoreIndex(OpArgs a) => a.IntOrNull("ignore_index") ?? -100;

    private static Reduction ReductionArg(OpArgs a) => a.String("reduction") switch
    {
        "mean" => Reduction.Mean,
        "sum" => Reduction.Sum,
        "none" => Reduction.None,
        "batchmean" => Reduction.BatchMean,
        var other => throw new InvalidDataException($"op argument 'reduction': unknown reduction '{other}'"),
    };
}
