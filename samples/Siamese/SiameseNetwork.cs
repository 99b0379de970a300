using Nabla;
using Nabla.NN;
using Nabla.NN.Models;

namespace SiameseSample;

/// <summary>
/// A Siamese network: one encoder (the zoo's LeNet with an embedding instead of class logits) applied to both images
/// of a pair; the pair's similarity is the cosine of the two embeddings. Trained with CosineEmbeddingLoss it pulls
/// same-digit pairs towards cos = 1 and pushes other pairs below the margin — the course's signature-verification
/// setup, with digits for signatures.
/// </summary>
public sealed class SiameseNetwork : Module<Tensor, Tensor, Tensor>
{
    public LeNet Encoder { get; }

    public SiameseNetwork(int embeddingSize = 32, Generator? generator = null) =>
        Encoder = RegisterModule("encoder", new LeNet([1, 28, 28], embeddingSize, generator));

    /// <summary>cos(encoder(x1), encoder(x2)) per pair, [N].</summary>
    public override Tensor Forward(Tensor x1, Tensor x2) => Functional.CosineSimilarity(Encoder.Call(x1), Encoder.Call(x2));
}
