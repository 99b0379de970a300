using System.Reflection;
using NetArchTest.Rules;

namespace Nabla.Tests.Architecture;

/// <summary>The dependency rules of docs/architecture.md: kernels know no tensors or graphs, the tensor/op/autograd
/// core knows no higher layer, and the library references nothing native, no CLI and no plotting.</summary>
public class DependencyRulesTests
{
    private static readonly Assembly Library = typeof(Tensor).Assembly;

    private static string Failures(TestResult result) =>
        result.IsSuccessful ? "" : string.Join(", ", result.FailingTypeNames ?? []);

    [Fact]
    public void KernelsReferenceNoTensorOrAutogradType()
    {
        var result = Types.InAssembly(Library).That().ResideInNamespace("Nabla.Kernels")
            .ShouldNot().HaveDependencyOnAny(
                typeof(Tensor).FullName!, typeof(Node).FullName!, typeof(GradMode).FullName!,
                typeof(Function).FullName!, typeof(FunctionContext).FullName!, "Nabla.Autograd", "Nabla.Engine", "Nabla.Dispatch")
            .GetResult();
        Assert.True(result.IsSuccessful, "Kernels types that reference Tensor or autograd: " + Failures(result));
    }

    [Fact]
    public void KernelsAndTheOpTableAreNotPublicApi()
    {
        var exposed = Library.GetExportedTypes()
            .Where(t => t.Namespace is "Nabla.Kernels" or "Nabla.Checks" || t.Name is "Dispatch" or "Engine" or "ShapeUtil")
            .Select(t => t.FullName).ToList();
        Assert.True(exposed.Count == 0, "Implementation types in the public API: " + string.Join(", ", exposed));
    }

    [Fact]
    public void TheCoreReferencesNoHigherLayer()
    {
        // Tensor, its ops and nodes, and the autograd engine live in the root namespace "Nabla".
        var core = Types.InAssembly(Library).That().ResideInNamespaceMatching(@"^Nabla$");
        var result = core.ShouldNot().HaveDependencyOnAny("Nabla.NN", "Nabla.Optim", "Nabla.Data", "Nabla.Training", "Nabla.IO")
            .GetResult();
        Assert.True(result.IsSuccessful, "Core types (Ops, Tensors, Autograd) that reference a higher layer: " + Failures(result));
    }

    [Fact]
    public void OpsReferenceNoNeuralNetworkType()
    {
        var result = Types.InAssembly(Library).That().HaveNameEndingWith("Backward0").Or().HaveName("Tensor")
            .ShouldNot().HaveDependencyOn("Nabla.NN").GetResult();
        Assert.True(result.IsSuccessful, "Ops that reference Nabla.NN: " + Failures(result));
    }

    [Fact]
    public void TheLibraryReferencesOnlyManagedPackagesAndNoTool()
    {
        // Every assembly the core library may reference: the runtime, System.Numerics.Tensors, and the managed
        // packages chosen for data (CsvHelper) and terminal progress (Spectre.Console). No CLI, no plotting, no
        // package with native code.
        string[] allowed = ["System", "Microsoft.Win32", "netstandard", "mscorlib", "CsvHelper", "Spectre.Console"];
        var references = Library.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var unexpected = references.Where(r => !allowed.Any(a => r == a || r.StartsWith(a + ".", StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, "Nabla references: " + string.Join(", ", unexpected));
        Assert.DoesNotContain(references, r => r.Contains("Cli", StringComparison.Ordinal) || r.Contains("Plot", StringComparison.Ordinal)
                                               || r.Contains("Torch", StringComparison.Ordinal) || r.Contains("Onnx", StringComparison.Ordinal));
    }

    [Fact]
    public void NoLibraryMethodIsImplementedByThrowingNotSupported()
    {
        // Scans the library's sources: a method that exists only to throw "not supported" means the type does not
        // fit its contract (the module contract removed the last ones).
        var src = Path.Combine(RepoRoot(), "src", "Nabla");
        var offenders = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => x.line.Contains("=> throw new NotSupportedException", StringComparison.Ordinal))
            .Select(x => $"{Path.GetFileName(x.f)}:{x.i + 1}")
            .ToList();
        Assert.True(offenders.Count == 0, "Methods implemented by throwing NotSupportedException: " + string.Join(", ", offenders));
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Nabla.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("Nabla.slnx not found above " + AppContext.BaseDirectory);
    }
}
