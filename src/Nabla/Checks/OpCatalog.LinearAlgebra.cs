namespace Nabla.Checks;

internal static partial class OpCatalog
{
    /// <summary>Matrix products, and compositions of several ops that test the graph as a whole.</summary>
    private static OpDefinition[] LinearAlgebra() =>
    [
        new("matmul", (t, a) => t[0].MatMul(t[1]), "torch.matmul(t[0], t[1])"),
        new("mm", (t, a) => t[0].Mm(t[1]), "torch.mm(t[0], t[1])"),
        new("bmm", (t, a) => t[0].Bmm(t[1]), "torch.bmm(t[0], t[1])"),
        new("mv", (t, a) => t[0].Mv(t[1]), "torch.mv(t[0], t[1])"),
        new("dot", (t, a) => t[0].Dot(t[1]), "torch.dot(t[0], t[1])"),
        new("outer", (t, a) => t[0].Outer(t[1]), "torch.outer(t[0], t[1])"),
        new("addmm", (t, a) => t[0].Addmm(t[1], t[2], a.Double("beta"), a.Double("alpha")),
            "torch.addmm(t[0], t[1], t[2], beta=a['beta'], alpha=a['alpha'])"),
        // softmax(tanh(x @ W^T + b), dim=1); inputs x [N, in], W [out, in], b [out]
        new("composite_mlp", (t, a) => (t[0].MatMul(t[1].Transpose(0, 1)) + t[2]).Tanh().Softmax(1),
            "torch.softmax(torch.tanh(t[0] @ t[1].transpose(0, 1) + t[2]), dim=1)"),
        // log_softmax(x * scale, dim=1): large logits stay finite
        new("composite_lse_stable", (t, a) => (t[0] * a.Double("scale")).LogSoftmax(1), "torch.log_softmax(t[0] * a['scale'], dim=1)"),
        // mean over rows of -log_softmax(x, 1)[i, target[i]]; inputs x [N, C], target int64 [N, 1]
        new("composite_cross_entropy", (t, a) => (-t[0].LogSoftmax(1).Gather(1, t[1])).Mean(),
            "(-torch.gather(torch.log_softmax(t[0], dim=1), 1, t[1])).mean()"),
        // one input used three times, so its gradients accumulate
        new("composite_reuse", (t, a) => (t[0] * t[0] + t[0].Exp()).Sum([1]), "(t[0] * t[0] + torch.exp(t[0])).sum(dim=1)"),
    ];
}
