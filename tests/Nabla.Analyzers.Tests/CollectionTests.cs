using static Nabla.Analyzers.Tests.AnalyzerHarness;

namespace Nabla.Analyzers.Tests;

/// <summary>NABLA002: collections of modules (or tensors) whose elements never reach a Register* call.</summary>
public class CollectionTests
{
    [Fact]
    public async Task ListOfModulesFilledInTheConstructorIsReportedWithModuleListAdvice()
    {
        var messages = await Messages("""
            sealed class Mlp : Module<Tensor, Tensor>
            {
                private readonly List<Linear> layers = [];
                public Mlp() { for (int i = 0; i < 3; i++) layers.Add(new Linear(4, 4)); }
                public override Tensor Forward(Tensor x) { foreach (var l in layers) x = l.Call(x); return x; }
            }
            """);
        Assert.Equal(["NABLA002: Mlp.layers holds a List<Linear> whose elements are never registered: hold them in a ModuleList " +
                      "(assign it from RegisterModule(\"layers\", new ModuleList(...))) or pass each element to RegisterModule, " +
                      "so their parameters are trained and saved"], messages);
    }

    [Fact]
    public async Task ArraysDictionariesAndTensorListsAreReported()
    {
        var messages = await Messages("""
            sealed class Net : Module<Tensor, Tensor>
            {
                private readonly Linear[] heads = [new Linear(1, 1), new Linear(1, 1)];
                private readonly Dictionary<string, Module<Tensor, Tensor>> byName = new() { ["a"] = new Tanh() };
                private readonly List<Tensor> weights = [];
                public Net() { weights.Add(Tensor.Zeros([2])); }
                public override Tensor Forward(Tensor x) => heads[0].Call(byName["a"].Call(x)) * weights[0];
            }
            """);
        Assert.Equal(3, messages.Length);
        Assert.StartsWith("NABLA002: Net.heads holds a Linear[] whose elements are never registered", messages[0]);
        Assert.StartsWith("NABLA002: Net.byName holds a Dictionary<string, Module<Tensor, Tensor>> whose elements", messages[1]);
        Assert.Equal("NABLA002: Net.weights holds a List<Tensor> whose elements are never registered: pass each element to " +
                     "RegisterParameter or RegisterBuffer (named \"weights_0\", \"weights_1\", ...) so they are trained and saved", messages[2]);
    }

    [Fact]
    public async Task ContainerImplementationsThatRegisterEachElementAreNotReported()
    {
        // The shapes of ModuleList, Sequential and ModuleDict: Add(RegisterModule(...)), or RegisterModule(key, m) then dict[key] = m.
        Assert.Empty(await Analyze("""
            sealed class MyList : Module
            {
                private readonly List<Module> items = [];
                public MyList(params Module[] modules) { foreach (var m in modules) items.Add(RegisterModule(items.Count.ToString(), m)); }
            }
            sealed class MyDict : Module
            {
                private readonly Dictionary<string, Module> items = [];
                public void Add(string key, Module module) { RegisterModule(key, module); items[key] = module; }
            }
            """));
    }

    [Fact]
    public async Task ElementsRegisteredByLoopIndexOrWrappedInAModuleListAreNotReported()
    {
        Assert.Empty(await Analyze("""
            sealed class Net : Module<Tensor, Tensor>
            {
                private readonly List<Linear> byLoop = [new Linear(1, 1), new Linear(1, 1)];
                private readonly Linear[] byIndex = [new Linear(1, 1)];
                private readonly List<Linear> wrapped;
                private readonly List<Linear> viaLinq;
                private readonly Tensor[] gains = [Tensor.Ones([1])];
                public Net(int n)
                {
                    int k = 0;
                    foreach (var layer in byLoop) RegisterModule($"loop{k++}", layer);
                    for (int i = 0; i < byIndex.Length; i++) RegisterModule($"index{i}", byIndex[i]);
                    wrapped = [new Linear(1, 1)];
                    RegisterModule("wrapped", new ModuleList<Linear>(wrapped));
                    viaLinq = Enumerable.Range(0, n).Select(i => RegisterModule($"linq{i}", new Linear(1, 1))).ToList();
                    for (int i = 0; i < gains.Length; i++) RegisterParameter($"gain{i}", gains[i]);
                }
                public override Tensor Forward(Tensor x) => byLoop[0].Call(byIndex[0].Call(wrapped[0].Call(viaLinq[0].Call(x)))) * gains[0];
            }
            """));
    }

    [Fact]
    public async Task CollectionsOfRegisteredMembersAndEmptyOrForwardOnlyCollectionsAreNotReported()
    {
        Assert.Empty(await Analyze("""
            sealed class Net : Module<Tensor, Tensor>
            {
                private readonly Linear fc1, fc2;
                private readonly Linear[] both;
                private readonly List<Linear> spare = new();
                private readonly List<Tensor> activations = [];
                public Net()
                {
                    fc1 = RegisterModule("fc1", new Linear(1, 1));
                    fc2 = RegisterModule("fc2", new Linear(1, 1));
                    both = [fc1, fc2];
                }
                public override Tensor Forward(Tensor x)
                {
                    foreach (var l in both) { x = l.Call(x); activations.Add(x); }
                    return x;
                }
            }
            """));
    }
}
