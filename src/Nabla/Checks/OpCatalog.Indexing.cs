namespace Nabla.Checks;

internal static partial class OpCatalog
{
    private const string IndexingReference = "indexing.json";

    /// <summary>C# indexers, index assignment and operators, each with the same expression in Python's syntax; their
    /// cases are in tests/reference/indexing.json. A float index tensor is a mask (<c>mask</c> makes it bool for torch);
    /// an assignment writes into a clone of input 0 (<c>assigned</c>), a non-leaf as PyTorch requires.</summary>
    private static OpDefinition[] Indexing() =>
    [
        // basic indexing: views
        IndexingOp("int_int", t => t[0][1, 2], "t[0][1, 2]"),
        IndexingOp("range_cols", t => t[0][.., 1..3], "t[0][:, 1:3]"),
        IndexingOp("from_end", t => t[0][^1], "t[0][-1]"),
        IndexingOp("trim", t => t[0][1.., ..^1], "t[0][1:, :-1]"),
        IndexingOp("step", t => t[0][.., TensorIndex.Slice(0, 5, 2)], "t[0][:, 0:5:2]"),
        IndexingOp("negative_slice", t => t[0][TensorIndex.Slice(-3, -1)], "t[0][-3:-1]"),
        IndexingOp("ellipsis", t => t[0][TensorIndex.Ellipsis, 0], "t[0][..., 0]"),
        IndexingOp("newaxis", t => t[0][TensorIndex.NewAxis, .., 1], "t[0][None, :, 1]"),
        IndexingOp("ellipsis_newaxis", t => t[0][0, TensorIndex.Ellipsis, TensorIndex.NewAxis], "t[0][0, ..., None]"),
        IndexingOp("non_contiguous", t => t[0].T[1.., 2], "t[0].t()[1:, 2]"),
        // advanced indexing: copies whose gradient scatters back
        IndexingOp("labels", t => t[0][Tensor.Arange(5), t[1]], "t[0][torch.arange(5), t[1]]"),
        IndexingOp("index_repeat", t => t[0][t[1]], "t[0][t[1]]"),
        IndexingOp("index_2d", t => t[0][t[1]], "t[0][t[1]]"),
        IndexingOp("index_broadcast", t => t[0][t[1][.., TensorIndex.NewAxis], t[2]], "t[0][t[1][:, None], t[2]]"),
        IndexingOp("index_middle", t => t[0][.., t[1]], "t[0][:, t[1]]"),
        IndexingOp("index_separated", t => t[0][t[1], .., t[2]], "t[0][t[1], :, t[2]]"),
        IndexingOp("index_int_mix", t => t[0][0, .., t[1]], "t[0][0, :, t[1]]"),
        IndexingOp("index_adjacent_pair", t => t[0][.., t[1], t[2]], "t[0][:, t[1], t[2]]"),
        IndexingOp("index_negative", t => t[0][t[1]], "t[0][t[1]]"),
        IndexingOp("index_0d", t => t[0][t[1]], "t[0][t[1]]"),
        IndexingOp("index_then_slice", t => t[0][t[1], 1..], "t[0][t[1], 1:]"),
        IndexingOp("index_non_contiguous", t => t[0].T[t[1]], "t[0].t()[t[1]]"),
        IndexingOp("mask_full", t => t[0][t[1]], "t[0][mask(t[1])]"),
        IndexingOp("mask_rows", t => t[0][t[1]], "t[0][mask(t[1])]"),
        IndexingOp("mask_dim1", t => t[0][.., t[1]], "t[0][:, mask(t[1])]"),
        IndexingOp("mask_gt", t => t[0][t[0] > 0], "t[0][t[0] > 0]"),
        IndexingOp("mask_with_index", t => t[0][t[1], t[2]], "t[0][mask(t[1]), t[2]]"),
        // assignment: recorded on a non-leaf, gradients reach the values
        IndexingOp("set_mask_scalar", t => Assigned(t[0], y => y[t[1]] = 0.5), "assigned(t[0], lambda y: y.__setitem__(mask(t[1]), 0.5))"),
        IndexingOp("set_column", t => Assigned(t[0], y => y[.., 0] = t[1]), "assigned(t[0], lambda y: y.__setitem__((slice(None), 0), t[1]))"),
        IndexingOp("set_index_values", t => Assigned(t[0], y => y[t[1]] = t[2]), "assigned(t[0], lambda y: y.__setitem__(t[1], t[2]))"),
        IndexingOp("set_index_broadcast", t => Assigned(t[0], y => y[t[1]] = t[2]), "assigned(t[0], lambda y: y.__setitem__(t[1], t[2]))"),
        IndexingOp("set_step", t => Assigned(t[0], y => y[TensorIndex.Slice(step: 2)] = t[1]),
            "assigned(t[0], lambda y: y.__setitem__(slice(None, None, 2), t[1]))"),
        IndexingOp("set_mask_values", t => Assigned(t[0], y => y[t[1]] = t[2]), "assigned(t[0], lambda y: y.__setitem__(mask(t[1]), t[2]))"),
        IndexingOp("set_pairs", t => Assigned(t[0], y => y[t[1], t[2]] = t[3]), "assigned(t[0], lambda y: y.__setitem__((t[1], t[2]), t[3]))"),
        IndexingOp("set_middle_index", t => Assigned(t[0], y => y[.., t[1]] = t[2]),
            "assigned(t[0], lambda y: y.__setitem__((slice(None), t[1]), t[2]))"),
        IndexingOp("index_put", t => t[0].IndexPut([t[1], t[2]], t[3]), "t[0].index_put((t[1], t[2]), t[3])"),
        IndexingOp("index_put_accumulate", t => t[0].IndexPut([t[1]], t[2], accumulate: true), "t[0].index_put((t[1],), t[2], accumulate=True)"),
        IndexingOp("index_put_accumulate_pairs", t => t[0].IndexPut([t[1], t[2]], t[3], accumulate: true),
            "t[0].index_put((t[1], t[2]), t[3], accumulate=True)"),
        // operators; comparisons and ~ give 0/1 in the input's dtype, with no gradient
        IndexingOp("gt_tensor", t => t[0] > t[1], "(t[0] > t[1]).to(t[0].dtype)", differentiable: false),
        IndexingOp("le_scalar", t => t[0] <= 0.0, "(t[0] <= 0.0).to(t[0].dtype)", differentiable: false),
        IndexingOp("lt_rscalar", t => 1.0 < t[0], "(1.0 < t[0]).to(t[0].dtype)", differentiable: false),
        IndexingOp("ge_rscalar", t => 1.0 >= t[0], "(1.0 >= t[0]).to(t[0].dtype)", differentiable: false),
        IndexingOp("not_mask", t => ~t[0], "(~mask(t[0])).to(t[0].dtype)", differentiable: false),
        IndexingOp("remainder", t => t[0] % t[1], "t[0] % t[1]"),
        IndexingOp("remainder_scalar", t => t[0] % -1.5, "t[0] % -1.5"),
        // torch 1.13 has no gradient of remainder w.r.t. the divisor (newer versions: -floor(a / b)); GradCheck covers it
        IndexingOp("rremainder", t => 5.0 % t[0], "5.0 % t[0]", differentiable: false),
        IndexingOp("fmod", t => t[0].Fmod(t[1]), "torch.fmod(t[0], t[1])"),
        // int64 inputs
        IndexingOp("remainder_int64", t => t[0] % t[1], "t[0] % t[1]", differentiable: false),
        IndexingOp("fmod_int64", t => t[0].Fmod(t[1]), "torch.fmod(t[0], t[1])", differentiable: false),
        IndexingOp("bitwise_not_int64", t => ~t[0], "~t[0]", differentiable: false),
        IndexingOp("index_int64_source", t => t[0][t[1], 1..], "t[0][t[1], 1:]", differentiable: false),
    ];

    /// <summary>An indexing op: no args, so the call sees only the inputs.</summary>
    private static OpDefinition IndexingOp(string name, Func<Tensor[], Tensor> call, string torch, bool differentiable = true) =>
        new(name, (t, a) => call(t), torch, differentiable, IndexingReference);
}
