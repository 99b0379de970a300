namespace Nabla.Checks;

/// <summary>
/// One op as the reference tests know it: its name in its reference file (tests/reference/ops.json, conv.json, nn.json
/// or indexing.json; a name is unique within its file), the Nabla call and the PyTorch
/// expression that produces the expected values. The call and the expression see the same inputs <c>t</c> (in the
/// case's order; a transposed input already transposed) and the same arguments <c>a</c>.
/// </summary>
/// <param name="Name">The op's key in its reference file and ops_manifest.json, PyTorch's snake_case name where there is one.</param>
/// <param name="Call">Nabla's call.</param>
/// <param name="Torch">A Python expression over <c>t</c> (list of tensors), <c>a</c> (args dict), <c>torch</c>,
/// <c>F</c> (torch.nn.functional) and the helpers <c>joined</c>, <c>pair</c>, <c>opt</c>, <c>mask</c>, <c>assigned</c>
/// (tests/reference/reference_common.py), evaluated by the generator.</param>
/// <param name="Differentiable">False for integer outputs and masks: the generator writes no gradients for them.</param>
/// <param name="Reference">The file under tests/reference/ that holds the op's cases, written by generate_&lt;name&gt;.py.</param>
internal sealed record OpDefinition(string Name, Func<Tensor[], OpArgs, Tensor> Call, string Torch, bool Differentiable = true,
    string Reference = "ops.json");
