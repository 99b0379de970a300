namespace Nabla.NN;

/// <summary>Cosine of the angle between x1 and x2 along dim (not a loss: it returns similarities, one per vector);
/// see <see cref="Functional.CosineSimilarity"/>.</summary>
public sealed class CosineSimilarity(int dim = 1, double eps = 1e-8) : Module<Tensor, Tensor, Tensor>
{
    public int Dim { get; } = dim;
    public double Eps { get; } = eps;

    public override Tensor Forward(Tensor x1, Tensor x2) => Functional.CosineSimilarity(x1, x2, Dim, Eps);
}
