namespace Nabla.Checks;

internal static partial class OpCatalog
{
    /// <summary>Elementwise ops: arithmetic (tensor and scalar), functions, comparisons, selection.</summary>
    private static OpDefinition[] Elementwise() =>
    [
        // binary operators, broadcasting
        new("add", (t, a) => t[0] + t[1], "t[0] + t[1]"),
        new("sub", (t, a) => t[0] - t[1], "t[0] - t[1]"),
        new("mul", (t, a) => t[0] * t[1], "t[0] * t[1]"),
        new("div", (t, a) => t[0] / t[1], "t[0] / t[1]"),
        // tensor-scalar and scalar-tensor, args {scalar}
        new("add_scalar", (t, a) => t[0] + a.Double("scalar"), "t[0] + a['scalar']"),
        new("sub_scalar", (t, a) => t[0] - a.Double("scalar"), "t[0] - a['scalar']"),
        new("mul_scalar", (t, a) => t[0] * a.Double("scalar"), "t[0] * a['scalar']"),
        new("div_scalar", (t, a) => t[0] / a.Double("scalar"), "t[0] / a['scalar']"),
        new("rsub_scalar", (t, a) => a.Double("scalar") - t[0], "a['scalar'] - t[0]"),
        new("rdiv_scalar", (t, a) => a.Double("scalar") / t[0], "a['scalar'] / t[0]"),
        // unary functions
        new("neg", (t, a) => -t[0], "-t[0]"),
        new("pow", (t, a) => t[0].Pow(a.Double("exponent")), "torch.pow(t[0], a['exponent'])"),
        new("pow_tensor", (t, a) => t[0].Pow(t[1]), "torch.pow(t[0], t[1])"),
        new("exp", (t, a) => t[0].Exp(), "torch.exp(t[0])"),
        new("log", (t, a) => t[0].Log(), "torch.log(t[0])"),
        new("sqrt", (t, a) => t[0].Sqrt(), "torch.sqrt(t[0])"),
        new("abs", (t, a) => t[0].Abs(), "torch.abs(t[0])"),
        new("sign", (t, a) => t[0].Sign(), "torch.sign(t[0])", Differentiable: false),
        new("tanh", (t, a) => t[0].Tanh(), "torch.tanh(t[0])"),
        new("sigmoid", (t, a) => t[0].Sigmoid(), "torch.sigmoid(t[0])"),
        new("relu", (t, a) => t[0].Relu(), "torch.relu(t[0])"),
        new("clamp", (t, a) => t[0].Clamp(a.DoubleOrNull("min"), a.DoubleOrNull("max")), "torch.clamp(t[0], min=a['min'], max=a['max'])"),
        new("maximum", (t, a) => Tensor.Maximum(t[0], t[1]), "torch.maximum(t[0], t[1])"),
        new("minimum", (t, a) => Tensor.Minimum(t[0], t[1]), "torch.minimum(t[0], t[1])"),
        // where(cond, x, y): cond is a 0/1 mask in a float dtype (Nabla has no Bool)
        new("where", (t, a) => Tensor.Where(t[0], t[1], t[2]), "torch.where(t[0] != 0, t[1], t[2])"),
        // comparisons: a 0/1 mask in the input's dtype
        new("eq", (t, a) => t[0].Eq(t[1]), "torch.eq(t[0], t[1]).to(t[0].dtype)", Differentiable: false),
        new("ne", (t, a) => t[0].Ne(t[1]), "torch.ne(t[0], t[1]).to(t[0].dtype)", Differentiable: false),
        new("gt", (t, a) => t[0].Gt(t[1]), "torch.gt(t[0], t[1]).to(t[0].dtype)", Differentiable: false),
        new("ge", (t, a) => t[0].Ge(t[1]), "torch.ge(t[0], t[1]).to(t[0].dtype)", Differentiable: false),
        new("lt", (t, a) => t[0].Lt(t[1]), "torch.lt(t[0], t[1]).to(t[0].dtype)", Differentiable: false),
        new("le", (t, a) => t[0].Le(t[1]), "torch.le(t[0], t[1]).to(t[0].dtype)", Differentiable: false),
        // more functions
        new("sin", (t, a) => t[0].Sin(), "torch.sin(t[0])"),
        new("cos", (t, a) => t[0].Cos(), "torch.cos(t[0])"),
        new("expm1", (t, a) => t[0].Expm1(), "torch.expm1(t[0])"),
        new("reciprocal", (t, a) => t[0].Reciprocal(), "torch.reciprocal(t[0])"),
        new("rsqrt", (t, a) => t[0].Rsqrt(), "torch.rsqrt(t[0])"),
        new("log2", (t, a) => t[0].Log2(), "torch.log2(t[0])"),
        new("log10", (t, a) => t[0].Log10(), "torch.log10(t[0])"),
        new("floor", (t, a) => t[0].Floor(), "torch.floor(t[0])"),
        new("ceil", (t, a) => t[0].Ceil(), "torch.ceil(t[0])"),
        new("round", (t, a) => t[0].Round(), "torch.round(t[0])"),
        new("trunc", (t, a) => t[0].Trunc(), "torch.trunc(t[0])"),
        // masked_fill(mask, value): the mask is a 0/1 float tensor
        new("masked_fill", (t, a) => t[0].MaskedFill(t[1], a.Double("value")), "t[0].masked_fill(t[1] != 0, a['value'])"),
        new("lerp", (t, a) => t[0].Lerp(t[1], a.Double("weight")), "torch.lerp(t[0], t[1], a['weight'])"),
        new("lerp_tensor", (t, a) => t[0].Lerp(t[1], t[2]), "torch.lerp(t[0], t[1], t[2])"),
    ];
}
