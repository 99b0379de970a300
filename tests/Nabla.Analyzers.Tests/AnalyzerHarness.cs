using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Nabla.Analyzers.Tests;

/// <summary>Compiles a C# snippet against the real Nabla.dll and the running framework, and runs the analyzer over it.</summary>
internal static class AnalyzerHarness
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Diagnostics.CodeAnalysis;\nusing System.Linq;\nusing Nabla;\nusing Nabla.NN;\n";

    private static readonly MetadataReference[] References =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p)),
    ];

    /// <summary>The analyzer's diagnostics, sorted by position; the snippet must compile without errors.</summary>
    public static async Task<ImmutableArray<Diagnostic>> Analyze(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(Usings + source, new CSharpParseOptions(LanguageVersion.Latest), path: "Snippet.cs");
        var compilation = CSharpCompilation.Create("Snippet", [tree], References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "the snippet does not compile:\n" + string.Join("\n", errors.Select(e => e.ToString())));
        var diagnostics = await compilation.WithAnalyzers([new UnregisteredStateAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        return [.. diagnostics.OrderBy(d => d.Location.SourceSpan.Start)];
    }

    /// <summary>"ID: message" per diagnostic, for exact assertions.</summary>
    public static async Task<string[]> Messages(string source) =>
        [.. (await Analyze(source)).Select(d => $"{d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")];

    /// <summary>The member names the diagnostics point at (the identifier under the squiggle).</summary>
    public static async Task<string[]> FlaggedMembers(string source) =>
        [.. (await Analyze(source)).Select(d => $"{d.Id} {d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)}")];
}
