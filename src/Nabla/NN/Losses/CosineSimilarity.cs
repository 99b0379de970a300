namespace Nabla.NN;

/// <summary>Cosine of the angle between x1 and x2 along dim (not a loss: it returns similarities, one per vector).
/// Forward takes two tensors; see <see cref="Functional.CosineSimilarity"/>.</summary>
public sealed class CosineSimilarity(int dim = 1, double eps = 1e-8) : Module
{
    public int Dim { get; } = dim;
    public double Eps { get; } = eps;

    public override Tensor Forward(Tensor input) =>
        throw new NotSupportedException("CosineSimilarity takes (x1, x2): call Forward(x1, x2), not Forward(input).");

    public Tensor Forward(Tensor x1, Tensor x2) => Functional.CosineSimilarity(x1, x2, Dim, Eps);
}
