namespace Nabla.Checks;

internal static partial class OpCatalog
{
    /// <summary>Views, splitting and tiling, joining, gathering and scattering.</summary>
    private static OpDefinition[] Shapes() =>
    [
        new("reshape", (t, a) => t[0].Reshape(a.Ints("shape")), "t[0].reshape(a['shape'])"),
        new("view", (t, a) => t[0].View(a.Ints("shape")), "t[0].view(a['shape'])"),
        new("permute", (t, a) => t[0].Permute(a.Ints("dims")), "t[0].permute(a['dims'])"),
        new("transpose", (t, a) => t[0].Transpose(a.Int("dim0"), a.Int("dim1")), "t[0].transpose(a['dim0'], a['dim1'])"),
        new("expand", (t, a) => t[0].Expand(a.Ints("shape")), "t[0].expand(a['shape'])"),
        new("squeeze", (t, a) => a.IntOrNull("dim") is { } d ? t[0].Squeeze(d) : t[0].Squeeze(),
            "t[0].squeeze() if a['dim'] is None else t[0].squeeze(a['dim'])"),
        new("unsqueeze", (t, a) => t[0].Unsqueeze(a.Int("dim")), "t[0].unsqueeze(a['dim'])"),
        new("flatten", (t, a) => t[0].Flatten(a.Int("start_dim"), a.Int("end_dim")), "t[0].flatten(a['start_dim'], a['end_dim'])"),
        new("narrow", (t, a) => t[0].Narrow(a.Int("dim"), a.Int("start"), a.Int("length")), "t[0].narrow(a['dim'], a['start'], a['length'])"),
        // pieces, each flattened and scaled by its position + 1, then joined
        new("unbind", (t, a) => JoinedPieces(t[0].Unbind(a.Int("dim"))), "joined(t[0].unbind(a['dim']))"),
        // split: one size or a list of sizes
        new("split", (t, a) => JoinedPieces(a.IsArray("split") ? t[0].Split(a.Ints("split"), a.Int("dim")) : t[0].Split(a.Int("split"), a.Int("dim"))),
            "joined(t[0].split(a['split'], a['dim']))"),
        new("chunk", (t, a) => JoinedPieces(t[0].Chunk(a.Int("chunks"), a.Int("dim"))), "joined(t[0].chunk(a['chunks'], a['dim']))"),
        new("repeat", (t, a) => t[0].Repeat(a.Ints("repeats")), "t[0].repeat(*a['repeats'])"),
        new("tile", (t, a) => t[0].Tile(a.Ints("dims")), "torch.tile(t[0], tuple(a['dims']))"),
        new("flip", (t, a) => t[0].Flip(a.Ints("dims")), "torch.flip(t[0], a['dims'])"),
        // roll: dims null rolls the flattened tensor; shifts and dims are both numbers or both lists
        new("roll", (t, a) => a.IsNull("dims") ? t[0].Roll(a.Int("shifts"))
                : a.IsArray("dims") ? t[0].Roll(a.Ints("shifts"), a.Ints("dims"))
                : t[0].Roll(a.Int("shifts"), a.Int("dims")),
            "torch.roll(t[0], a['shifts'], a['dims']) if a['dims'] is not None else torch.roll(t[0], a['shifts'])"),
        new("cat", (t, a) => Tensor.Cat(t, a.Int("dim")), "torch.cat(t, dim=a['dim'])"),
        new("stack", (t, a) => Tensor.Stack(t, a.Int("dim")), "torch.stack(t, dim=a['dim'])"),
        new("gather", (t, a) => t[0].Gather(a.Int("dim"), t[1]), "torch.gather(t[0], a['dim'], t[1])"),
        new("index_select", (t, a) => t[0].IndexSelect(a.Int("dim"), t[1]), "torch.index_select(t[0], a['dim'], t[1])"),
        // out of place, differentiable with respect to self and src/source
        new("scatter_add", (t, a) => t[0].ScatterAdd(a.Int("dim"), t[1], t[2]), "t[0].scatter_add(a['dim'], t[1], t[2])"),
        new("index_add", (t, a) => t[0].IndexAdd(a.Int("dim"), t[1], t[2], a.Double("alpha")), "t[0].index_add(a['dim'], t[1], t[2], alpha=a['alpha'])"),
        new("one_hot", (t, a) => Tensor.OneHot(t[0], a.Int("num_classes")), "F.one_hot(t[0], a['num_classes'])", Differentiable: false),
    ];
}
