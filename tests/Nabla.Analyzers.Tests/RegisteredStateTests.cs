using static Nabla.Analyzers.Tests.AnalyzerHarness;

namespace Nabla.Analyzers.Tests;

/// <summary>No NABLA001 where the state is registered, aliased, or not state at all.</summary>
public class RegisteredStateTests
{
    [Fact]
    public async Task AssignmentsFromRegisterCallsAreRegisteredThroughCastsNullForgivingAndConditionals()
    {
        Assert.Empty(await Analyze("""
            sealed class Layer : Module<Tensor, Tensor>
            {
                private readonly Linear fc;
                public Tensor Weight { get; }
                public Tensor? Bias { get; }
                public Tensor? Running { get; }
                private readonly Module<Tensor, Tensor> act;
                public Layer(bool bias, Tensor? stats)
                {
                    fc = RegisterModule("fc", new Linear(2, 3));
                    Weight = RegisterParameter("weight", Tensor.Zeros([3]))!;
                    Bias = bias ? RegisterParameter("bias", Tensor.Zeros([3])) : null;
                    Running = RegisterBuffer("running", stats) ?? throw new ArgumentNullException(nameof(stats));
                    act = (Module<Tensor, Tensor>)RegisterModule("act", new Tanh());
                }
                public override Tensor Forward(Tensor x) => act.Call(fc.Call(x) * Weight);
            }
            """));
    }

    [Fact]
    public async Task RegisteringTheMemberOrTheVariableItCameFromCounts()
    {
        Assert.Empty(await Analyze("""
            sealed class Layer : Module<Tensor, Tensor>
            {
                private readonly Linear first, second, third;
                private readonly Tensor scale;
                public Layer(Linear given)
                {
                    first = new Linear(1, 1);
                    RegisterModule("first", first);
                    var made = RegisterModule("second", new Linear(1, 1));
                    second = made;
                    RegisterModule("third", given);
                    third = given;
                    Tensor s;
                    s = RegisterBuffer("scale", Tensor.Ones([1]))!;
                    scale = s;
                }
                public override Tensor Forward(Tensor x) => third.Call(second.Call(first.Call(x))) * scale;
            }
            """));
    }

    [Fact]
    public async Task AliasesOfRegisteredMembersAndStateOfSubmodulesAreNotReported()
    {
        Assert.Empty(await Analyze("""
            sealed class Tied : Module<Tensor, Tensor>
            {
                private readonly Embedding embedding;
                private readonly Embedding sameEmbedding;
                private readonly ModuleList<Linear> blocks;
                private readonly Linear firstBlock;
                private readonly Tensor decoderWeight;
                public Tied(Embedding shared)
                {
                    embedding = RegisterModule("embedding", new Embedding(10, 4));
                    sameEmbedding = embedding;
                    blocks = RegisterModule("blocks", new ModuleList<Linear>(new Linear(4, 4)));
                    firstBlock = blocks[0];
                    decoderWeight = embedding.Weight;
                }
                public override Tensor Forward(Tensor x) => firstBlock.Call(sameEmbedding.Call(x)).MatMul(decoderWeight.T);
            }
            """));
    }

    [Fact]
    public async Task StaticFieldsUnassignedMembersForwardCachesAndNonModulesAreIgnored()
    {
        Assert.Empty(await Analyze("""
            sealed class Layer : Module<Tensor, Tensor>
            {
                private static readonly Tensor Two = Tensor.Scalar(2.0);
                private static Linear? shared;
                private Tensor? lastInput;
                public Linear? Attached { get; set; }
                public Layer() { shared ??= new Linear(1, 1); }
                public override Tensor Forward(Tensor x) { lastInput = x; return x * Two; }
            }
            sealed class Trainer
            {
                private readonly Linear model = new(1, 1);
                private readonly Tensor weights = Tensor.Ones([1]);
                public Tensor Step(Tensor x) => model.Call(x) * weights;
            }
            """));
    }

    [Fact]
    public async Task PragmaAndSuppressMessageSilenceADeliberateConstant()
    {
        Assert.Empty(await Analyze("""
            sealed class Layer : Module<Tensor, Tensor>
            {
            #pragma warning disable NABLA001 // a fixed constant, deliberately not state
                private readonly Tensor eps = Tensor.Scalar(1e-5);
            #pragma warning restore NABLA001
                [SuppressMessage("Nabla.Registration", "NABLA001", Justification = "fixed, not state")]
                private readonly Tensor half = Tensor.Scalar(0.5);
                public override Tensor Forward(Tensor x) => x * half + eps;
            }
            """));
    }
}
