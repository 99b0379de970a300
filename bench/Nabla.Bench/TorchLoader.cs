namespace Nabla.Bench;

/// <summary>
/// Makes TorchSharp's native bridge loadable on Debian 12 and then initialises libtorch.
/// </summary>
/// <remarks>
/// TorchSharp 0.107.0's <c>libLibTorchSharp.so</c> was linked against a newer libstdc++ and carries a
/// version requirement on <c>GLIBCXX_3.4.32</c> (GCC 13), whose only symbol it "uses" is
/// <c>std::ios_base_library_init()</c>, a marker that GCC 13's &lt;iostream&gt; emits a reference to and that no
/// relocation ever resolves. Debian 12's libstdc++ stops at GLIBCXX_3.4.30, so the loader refuses the library.
/// <see cref="PrepareNativeLibraries"/> marks that one requirement weak in the copies under this program's
/// base directory (never in the NuGet cache); <see cref="ElfVersionPatcher"/> refuses if a relocation did
/// reference a symbol of that version. It must run before any member of <c>TorchSharp.torch</c> is touched,
/// because the <c>torch</c> static constructor loads the native libraries.
/// </remarks>
public static class TorchLoader
{
    const string Bridge = "libLibTorchSharp.so";

    /// <summary>Patches every copy of libLibTorchSharp.so below <see cref="AppContext.BaseDirectory"/>. Idempotent.</summary>
    public static IReadOnlyList<ElfVersionPatcher.Result> PrepareNativeLibraries(TextWriter log)
    {
        var results = new List<ElfVersionPatcher.Result>();
        if (!OperatingSystem.IsLinux()) return results;
        string baseDir = AppContext.BaseDirectory;
        // Framework-dependent builds: runtimes/linux-x64/native/; RID-specific builds/publish: the base directory;
        // TorchSharp's own fallback consolidates into cpu/. Search all of them.
        foreach (var path in Directory.EnumerateFiles(baseDir, Bridge, SearchOption.AllDirectories))
        {
            var r = ElfVersionPatcher.WeakenVersionRequirement(path, "libstdc++.so.6", "GLIBCXX_3.4.32");
            results.Add(r);
            if (r.Outcome == ElfVersionPatcher.Outcome.Refused)
                throw new InvalidOperationException($"Refusing to patch {path}: {r.Detail}");
            log.WriteLine($"[torch-loader] {Path.GetRelativePath(baseDir, path)}: {r.Outcome} ({r.Detail})");
        }
        if (results.Count == 0)
            log.WriteLine($"[torch-loader] warning: no {Bridge} found below {baseDir}");
        return results;
    }

    /// <summary>Loads libtorch and pins its intra-op thread pool to <paramref name="threads"/> threads.</summary>
    public static void Initialize(int threads)
    {
        TorchSharp.torch.set_num_threads(threads);
        TorchSharp.torch.manual_seed(1234);
    }
}
