using static Nabla.Analyzers.Tests.AnalyzerHarness;

namespace Nabla.Analyzers.Tests;

/// <summary>NABLA001: a Module or Tensor member that is assigned but never registered is reported, by name.</summary>
public class UnregisteredStateTests
{
    [Fact]
    public async Task ModuleFieldAssignedInConstructorIsReportedWithClassAndFieldName()
    {
        var messages = await Messages("""
            sealed class Linear2 : Module<Tensor, Tensor>
            {
                private readonly Linear hidden;
                public Linear2() { hidden = new Linear(2, 3); }
                public override Tensor Forward(Tensor x) => hidden.Call(x);
            }
            """);
        Assert.Equal(["NABLA001: Linear2.hidden holds a Module but is never registered: assign it from RegisterModule(\"hidden\", ...) " +
                      "so its parameters are trained and saved"], messages);
    }

    [Fact]
    public async Task TensorAutoPropertyIsReportedWithPyTorchStyleName()
    {
        var messages = await Messages("""
            sealed class Affine : Module<Tensor, Tensor>
            {
                public Tensor WeightMatrix { get; }
                public Affine() { WeightMatrix = Tensor.Zeros([2, 2]); }
                public override Tensor Forward(Tensor x) => x.MatMul(WeightMatrix);
            }
            """);
        Assert.Equal(["NABLA001: Affine.WeightMatrix holds a Tensor but is never registered: assign it from " +
                      "RegisterParameter(\"weight_matrix\", ...) if it is learned or RegisterBuffer(\"weight_matrix\", ...) if it is state, " +
                      "so it is trained, saved and converted by To() (a constant: RegisterBuffer with persistent: false)"], messages);
    }

    [Fact]
    public async Task InitializersAndEveryKindOfModuleTypeAreReported()
    {
        var flagged = await FlaggedMembers("""
            sealed class Net : Module<Tensor, Tensor>
            {
                private readonly Linear fc = new(2, 3);
                private readonly Module<Tensor, Tensor> act = new Tanh();
                private readonly ModuleList<Linear> blocks = new(new Linear(3, 3));
                private readonly Sequential? head;
                private readonly Tensor scale = Tensor.Ones([3]);
                private Module any;
                public Net(Module any) { this.any = any; head ??= new Sequential(new Linear(3, 1)); }
                public override Tensor Forward(Tensor x) => head!.Call(act.Call(fc.Call(x)) * scale);
            }
            """);
        Assert.Equal(["NABLA001 fc", "NABLA001 act", "NABLA001 blocks", "NABLA001 head", "NABLA001 scale", "NABLA001 any"], flagged);
    }

    [Fact]
    public async Task TypeParameterConstrainedToModuleAndIndirectSubclassesAreReported()
    {
        var flagged = await FlaggedMembers("""
            abstract class Block : Module<Tensor, Tensor> { }
            sealed class Wrapper<T> : Block where T : Module<Tensor, Tensor>
            {
                private readonly T inner;
                private readonly Tensor gate;
                public Wrapper(T inner, Tensor gate) { this.inner = inner; this.gate = gate; }
                public override Tensor Forward(Tensor x) => inner.Call(x) * gate;
            }
            """);
        Assert.Equal(["NABLA001 inner", "NABLA001 gate"], flagged);
    }

    [Fact]
    public async Task DeconstructionAndCompoundAssignmentsAreNotRegistrations()
    {
        var flagged = await FlaggedMembers("""
            sealed class Pair : Module<Tensor, Tensor>
            {
                private readonly Linear a, b;
                private Tensor total;
                public Pair() { (a, b) = (new Linear(1, 1), new Linear(1, 1)); total = Tensor.Zeros([1]); total += Tensor.Ones([1]); }
                public override Tensor Forward(Tensor x) => b.Call(a.Call(x)) + total;
            }
            """);
        Assert.Equal(["NABLA001 a", "NABLA001 b", "NABLA001 total"], flagged);
    }

    [Fact]
    public async Task PyTorchStyleParameterInitializedWithRequiresGradIsReported()
    {
        var flagged = await FlaggedMembers("""
            sealed class Scale : Module<Tensor, Tensor>
            {
                public Tensor Gain { get; }
                public Scale() { Gain = Tensor.Ones([1]); Gain.RequiresGrad = true; }
                public override Tensor Forward(Tensor x) => x * Gain;
            }
            """);
        Assert.Equal(["NABLA001 Gain"], flagged);
    }
}
