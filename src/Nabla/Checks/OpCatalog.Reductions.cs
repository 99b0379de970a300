namespace Nabla.Checks;

internal static partial class OpCatalog
{
    /// <summary>Reductions, args {dims: [..] | null (every dim), keep_dim}, and the normalisations along one dim.</summary>
    private static OpDefinition[] Reductions() =>
    [
        new("sum", (t, a) => a.Dims is { } d ? t[0].Sum(d, a.KeepDim) : t[0].Sum(),
            "t[0].sum() if a['dims'] is None else t[0].sum(dim=tuple(a['dims']), keepdim=a['keep_dim'])"),
        new("mean", (t, a) => a.Dims is { } d ? t[0].Mean(d, a.KeepDim) : t[0].Mean(),
            "t[0].mean() if a['dims'] is None else t[0].mean(dim=tuple(a['dims']), keepdim=a['keep_dim'])"),
        // max/min over several dims are amax/amin
        new("max", (t, a) => a.Dims is { } d ? t[0].Amax(d, a.KeepDim) : t[0].Max(),
            "t[0].max() if a['dims'] is None else torch.amax(t[0], dim=tuple(a['dims']), keepdim=a['keep_dim'])"),
        new("min", (t, a) => a.Dims is { } d ? t[0].Amin(d, a.KeepDim) : t[0].Min(),
            "t[0].min() if a['dims'] is None else torch.amin(t[0], dim=tuple(a['dims']), keepdim=a['keep_dim'])"),
        // correction 0 | 1 is torch 1.13's unbiased False | True
        new("var", (t, a) => t[0].Var(a.Dims, a.Int("correction"), a.KeepDim),
            "t[0].var(unbiased=a['correction'] == 1) if a['dims'] is None"
            + " else torch.var(t[0], dim=tuple(a['dims']), unbiased=a['correction'] == 1, keepdim=a['keep_dim'])"),
        new("std", (t, a) => t[0].Std(a.Dims, a.Int("correction"), a.KeepDim),
            "t[0].std(unbiased=a['correction'] == 1) if a['dims'] is None"
            + " else torch.std(t[0], dim=tuple(a['dims']), unbiased=a['correction'] == 1, keepdim=a['keep_dim'])"),
        // p: a number or "inf"
        new("norm", (t, a) => t[0].Norm(a.NormOrder("p"), a.Dims, a.KeepDim),
            "torch.linalg.vector_norm(t[0], ord=float(a['p']), dim=None if a['dims'] is None else tuple(a['dims']), keepdim=a['keep_dim'])"),
        // dim null: index into the flattened tensor
        new("argmax", (t, a) => t[0].ArgMax(a.IntOrNull("dim"), a.KeepDim),
            "torch.argmax(t[0]) if a['dim'] is None else torch.argmax(t[0], dim=a['dim'], keepdim=a['keep_dim'])", Differentiable: false),
        new("argmin", (t, a) => t[0].ArgMin(a.IntOrNull("dim"), a.KeepDim),
            "torch.argmin(t[0]) if a['dim'] is None else torch.argmin(t[0], dim=a['dim'], keepdim=a['keep_dim'])", Differentiable: false),
        new("logsumexp", (t, a) => t[0].LogSumExp(a.Dims ?? throw new InvalidDataException("logsumexp needs dims"), a.KeepDim),
            "torch.logsumexp(t[0], dim=tuple(a['dims']), keepdim=a['keep_dim'])"),
        new("softmax", (t, a) => t[0].Softmax(a.Int("dim")), "torch.softmax(t[0], dim=a['dim'])"),
        new("log_softmax", (t, a) => t[0].LogSoftmax(a.Int("dim")), "torch.log_softmax(t[0], dim=a['dim'])"),
        // both results flattened and joined; torch 1.13 takes correction only with dims, so null is every dim
        new("var_mean", (t, a) => Joined(t[0].VarMean(a.Dims, a.Int("correction"), a.KeepDim)),
            "torch.cat([r.reshape(-1) for r in torch.var_mean(t[0], dim=tuple(range(t[0].dim())) if a['dims'] is None"
            + " else tuple(a['dims']), correction=a['correction'], keepdim=a['keep_dim'])])"),
        new("std_mean", (t, a) => Joined(t[0].StdMean(a.Dims, a.Int("correction"), a.KeepDim)),
            "torch.cat([r.reshape(-1) for r in torch.std_mean(t[0], dim=tuple(range(t[0].dim())) if a['dims'] is None"
            + " else tuple(a['dims']), correction=a['correction'], keepdim=a['keep_dim'])])"),
    ];

    /// <summary>Order statistics: the values (differentiable) and, as "_indices" ops, their int64 indices.</summary>
    private static OpDefinition[] OrderStatistics() =>
    [
        new("max_dim", (t, a) => t[0].Max(a.Int("dim"), a.KeepDim).Values, "torch.max(t[0], a['dim'], keepdim=a['keep_dim'])[0]"),
        new("max_dim_indices", (t, a) => t[0].Max(a.Int("dim"), a.KeepDim).Indices,
            "torch.max(t[0], a['dim'], keepdim=a['keep_dim'])[1]", Differentiable: false),
        new("min_dim", (t, a) => t[0].Min(a.Int("dim"), a.KeepDim).Values, "torch.min(t[0], a['dim'], keepdim=a['keep_dim'])[0]"),
        new("min_dim_indices", (t, a) => t[0].Min(a.Int("dim"), a.KeepDim).Indices,
            "torch.min(t[0], a['dim'], keepdim=a['keep_dim'])[1]", Differentiable: false),
        new("sort", (t, a) => t[0].Sort(a.Int("dim"), a.Bool("descending"), stable: true).Values,
            "torch.sort(t[0], dim=a['dim'], descending=a['descending'], stable=True)[0]"),
        new("sort_indices", (t, a) => t[0].Sort(a.Int("dim"), a.Bool("descending"), stable: true).Indices,
            "torch.sort(t[0], dim=a['dim'], descending=a['descending'], stable=True)[1]", Differentiable: false),
        new("argsort", (t, a) => t[0].ArgSort(a.Int("dim"), a.Bool("descending"), stable: true),
            "torch.argsort(t[0], dim=a['dim'], descending=a['descending'], stable=True)", Differentiable: false),
        new("topk", (t, a) => t[0].TopK(a.Int("k"), a.Int("dim"), a.Bool("largest")).Values,
            "torch.topk(t[0], a['k'], dim=a['dim'], largest=a['largest'])[0]"),
        new("topk_indices", (t, a) => t[0].TopK(a.Int("k"), a.Int("dim"), a.Bool("largest")).Indices,
            "torch.topk(t[0], a['k'], dim=a['dim'], largest=a['largest'])[1]", Differentiable: false),
        new("median", (t, a) => t[0].Median(), "torch.median(t[0])"),
        new("median_dim", (t, a) => t[0].Median(a.Int("dim"), a.KeepDim).Values, "torch.median(t[0], a['dim'], keepdim=a['keep_dim'])[0]"),
        new("median_dim_indices", (t, a) => t[0].Median(a.Int("dim"), a.KeepDim).Indices,
            "torch.median(t[0], a['dim'], keepdim=a['keep_dim'])[1]", Differentiable: false),
        new("kthvalue", (t, a) => t[0].Kthvalue(a.Int("k"), a.Int("dim"), a.KeepDim).Values,
            "torch.kthvalue(t[0], a['k'], dim=a['dim'], keepdim=a['keep_dim'])[0]"),
        new("kthvalue_indices", (t, a) => t[0].Kthvalue(a.Int("k"), a.Int("dim"), a.KeepDim).Indices,
            "torch.kthvalue(t[0], a['k'], dim=a['dim'], keepdim=a['keep_dim'])[1]", Differentiable: false),
    ];
}
