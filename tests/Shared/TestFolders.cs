namespace Nabla.Tests.Shared;

/// <summary>Data folders the tests read, found the way CI lays them out (linked into every test project).</summary>
internal static class TestFolders
{
    /// <summary>MNIST's test set: ../shared/data/mnist beside the repository (CI's layout), else /work/shared/data/mnist.</summary>
    public static string Mnist { get; } = FindMnist();

    private static string FindMnist()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Nabla.Tests.slnx"))) continue;
            string beside = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "mnist"));
            if (Directory.Exists(beside)) return beside;
            break;
        }
        return "/work/shared/data/mnist";
    }
}
