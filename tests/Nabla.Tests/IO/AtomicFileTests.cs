using System.Diagnostics;
using Nabla.IO;

namespace Nabla.Tests.IO;

/// <summary>
/// Temporaries of <see cref="AtomicFile"/>: recognisably named, removed by the next save once their writer is gone,
/// and never mistaken for a live writer's file or another target's. (Failure mid-write leaving the old file intact
/// is in <see cref="SafetensorsTests"/>.)
/// </summary>
public sealed class AtomicFileTests : IDisposable
{
    private static readonly TimeSpan Old = AtomicFile.StaleAge + TimeSpan.FromMinutes(1);
    private readonly string dir = Directory.CreateTempSubdirectory("nabla-atomic-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void WriteUsesARecognisableTemporaryBesideTheTarget()
    {
        string target = Path.Combine(dir, "model.safetensors");
        string[] during = [];
        AtomicFile.Write(target, stream =>
        {
            stream.WriteByte(42);
            during = Directory.GetFiles(dir);
        });
        string temp = Assert.Single(during);
        Assert.Matches(@"^model\.safetensors\.[0-9a-f]{32}\.nabla-tmp$", Path.GetFileName(temp));
        Assert.Equal([42], File.ReadAllBytes(target));
        Assert.Equal([target], Directory.GetFiles(dir));
    }

    /// <summary>
    /// A real child process is killed in the middle of a save. While it lives its temporary is locked and survives
    /// cleanup; once killed, the next save removes it and writes a complete target. The child wrote its temporary a
    /// moment ago, so the test back-dates it past <see cref="AtomicFile.StaleAge"/> instead of waiting that long.
    /// </summary>
    [Fact]
    public void TemporaryOfAKilledSaveIsRemovedByTheNextSave()
    {
        string target = Path.Combine(dir, "model.safetensors");
        Safetensors.Save(target, new Dictionary<string, Tensor> { ["old"] = Tensor.Ones([3]) });
        byte[] before = File.ReadAllBytes(target);

        using var child = StartChild(target, megabytes: 8);
        try
        {
            string temp = Assert.Single(Directory.GetFiles(dir, "*.nabla-tmp"));
            Assert.Equal(8 << 20, new FileInfo(temp).Length);
            File.SetLastWriteTimeUtc(temp, DateTime.UtcNow - Old);
            Assert.Equal(0, AtomicFile.DeleteStaleTemporaries(target)); // a live writer's file is never taken
            Assert.True(File.Exists(temp));
            Assert.Equal(before, File.ReadAllBytes(target)); // the unfinished save is invisible under the target's name

            child.Kill(entireProcessTree: true);
            Assert.True(child.WaitForExit(30_000), "the child did not exit after being killed");
            Assert.True(File.Exists(temp)); // nobody could clean up: this is the leftover
            Assert.Equal(before, File.ReadAllBytes(target));

            var tensors = new Dictionary<string, Tensor> { ["new"] = Tensor.Arange(1000) };
            Safetensors.Save(target, tensors);
            Assert.False(File.Exists(temp));
            Assert.Equal([target], Directory.GetFiles(dir));
            Assert.Equal(tensors["new"].ToArray<long>(), Safetensors.Load(target).Tensors["new"].ToArray<long>());
        }
        finally
        {
            if (!child.HasExited) child.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void CleanupTakesOnlyThisTargetsOldUnlockedTemporaries()
    {
        string target = Path.Combine(dir, "model.safetensors");
        string Temp(string name) => Path.Combine(dir, name + "." + Guid.NewGuid().ToString("N") + ".nabla-tmp");
        string stale = Temp("model.safetensors"), fresh = Temp("model.safetensors"), locked = Temp("model.safetensors");
        string[] kept =
        [
            fresh,                                                   // young: its writer may not hold its lock yet
            locked,                                                  // old but held open: a slow live writer
            Temp("other.safetensors"),                               // another target's
            Temp("model"),                                           // a target whose name is a prefix of this one
            Path.Combine(dir, "model.safetensors.notrandom.nabla-tmp"), // not the pattern
            Path.Combine(dir, "model.safetensors.tmp"),              // not ours at all
        ];
        foreach (string file in kept.Append(stale)) File.WriteAllBytes(file, [1, 2, 3]);
        foreach (string file in kept.Append(stale).Where(f => f != fresh)) File.SetLastWriteTimeUtc(file, DateTime.UtcNow - Old);

        using (new FileStream(locked, FileMode.Open, FileAccess.Write, FileShare.None))
            Safetensors.Save(target, new Dictionary<string, Tensor> { ["w"] = Tensor.Ones([2]) });

        Assert.False(File.Exists(stale));
        Assert.Equal(kept.Append(target).Order(), Directory.GetFiles(dir).Order());
        Assert.Equal(1, AtomicFile.DeleteStaleTemporaries(target)); // the slow writer has let go of its file now
        Assert.False(File.Exists(locked));
    }

    [Fact]
    public void CleanupOfAMissingDirectoryFindsNothing() =>
        Assert.Equal(0, AtomicFile.DeleteStaleTemporaries(Path.Combine(dir, "absent", "m.safetensors")));

    /// <summary>Starts tests/AtomicWriteChild and waits until it is inside the write with its bytes on disk.</summary>
    private static Process StartChild(string target, int megabytes)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "AtomicWriteChild.dll"), target, megabytes.ToString() })
            info.ArgumentList.Add(arg);
        var child = Process.Start(info)!;
        var line = child.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(60)) || line.Result != "writing")
        {
            child.Kill(entireProcessTree: true);
            Assert.Fail($"AtomicWriteChild did not start writing: '{line.Status}' {child.StandardError.ReadToEnd()}");
        }
        return child;
    }
}
