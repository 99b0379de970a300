using System.Diagnostics;

namespace Nabla.Analyzers.Tests;

/// <summary>
/// The wiring, end to end: a project inside this repository that references src/Nabla gets the analyzer from
/// Directory.Build.targets, so `dotnet build` reports NABLA001 (an error here, as every warning is).
/// </summary>
public class RepositoryBuildTests
{
    [Fact]
    public void ProjectReferencingNablaGetsNabla001FromDotnetBuild()
    {
        var outputDir = new DirectoryInfo(AppContext.BaseDirectory); // tests/Nabla.Analyzers.Tests/bin/<Configuration>/net10.0/
        string configuration = outputDir.Parent!.Name;
        var root = outputDir;
        while (!File.Exists(Path.Combine(root.FullName, "Nabla.slnx"))) root = root.Parent ?? throw new InvalidOperationException("repository root not found");

        // Under bin/, so the repository's Directory.Build.* apply but the test project's own globs do not.
        string dir = Path.Combine(outputDir.FullName, "consumer-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <ItemGroup><ProjectReference Include="{Path.Combine(root.FullName, "src", "Nabla", "Nabla.csproj")}" /></ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(dir, "Linear2.cs"), """
                using Nabla;
                using Nabla.NN;
                public sealed class Linear2 : Module<Tensor, Tensor>
                {
                    private readonly Linear hidden = new(2, 3);
                    public override Tensor Forward(Tensor x) => hidden.Call(x);
                }
                """);
            // The referenced projects are already built (this test project depends on both): reuse their outputs.
            var (exitCode, output) = Run("dotnet", dir, "build", "Consumer.csproj", "-c", configuration, "-nologo",
                "-nodeReuse:false", "-p:UseSharedCompilation=false", "-p:BuildProjectReferences=false");
            Assert.NotEqual(0, exitCode);
            Assert.Contains("Linear2.cs(5,29): error NABLA001: Linear2.hidden holds a Module but is never registered: " +
                            "assign it from RegisterModule(\"hidden\", ...) so its parameters are trained and saved", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (int ExitCode, string Output) Run(string fileName, string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
