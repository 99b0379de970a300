namespace Nabla.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a half-written
/// file: the bytes go to a temporary file in the same directory (same file system, so the rename is atomic), are
/// flushed to disk, and only then replace the target with one rename. On any failure the temporary file is deleted
/// and an existing target is left untouched.
/// <para>
/// A process killed mid-write cannot delete its temporary file, so each write first removes the stale temporaries
/// of the same target (see <see cref="TemporarySuffix"/> for the naming and <see cref="DeleteStaleTemporaries"/> for
/// the rule); kills therefore leave at most one write's worth of leftovers per target, not one per kill.
/// </para>
/// </summary>
public static class AtomicFile
{
    /// <summary>Temporary files are named <c>&lt;target file name&gt;.&lt;32 hex digits&gt;.nabla-tmp</c> beside the target.</summary>
    public const string TemporarySuffix = ".nabla-tmp";

    /// <summary>A temporary not written to for this long, and held open by no writer, is a leftover (see
    /// <see cref="DeleteStaleTemporaries"/>).</summary>
    public static readonly TimeSpan StaleAge = TimeSpan.FromMinutes(1);

    private const int RandomDigits = 32; // a Guid in "N" format

    /// <summary>Creates or replaces <paramref name="path"/> with what <paramref name="write"/> puts into the stream.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"AtomicFile.Write: '{path}' names a root directory, not a file.", nameof(path));
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"AtomicFile.Write: cannot write '{path}': directory '{directory}' does not exist.");

        DeleteStaleTemporaries(fullPath); // before writing: leftovers may be what would fill the disk
        // A randomly named sibling: never collides with a concurrent writer. FileShare.None is what tells other
        // writers this one is alive (an exclusive lock on Unix, a sharing mode on Windows; both end with the process).
        string temp = Path.Combine(directory, $"{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true); // the data is on disk before the rename makes it visible
            }
            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Deletes the leftovers of earlier, interrupted writes to <paramref name="path"/> and returns how many. A file is
    /// a leftover when all three hold:
    /// <list type="number">
    /// <item>its name is exactly this target's temporary pattern (other targets' and other programs' files are never touched);</item>
    /// <item>no process holds it open: writers keep theirs open exclusively until the rename, and the lock of a killed
    /// process is gone with it — checked by opening it exclusively ourselves, which then deletes it on close;</item>
    /// <item>it was last written at least <see cref="StaleAge"/> ago: covers the instant between a writer creating its
    /// file and taking the lock, and systems where .NET file locking is switched off.</item>
    /// </list>
    /// Best effort: a file that cannot be inspected or deleted is left for the next write.
    /// </summary>
    public static int DeleteStaleTemporaries(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(fullPath);
        if (directory is null || !Directory.Exists(directory)) return 0;
        string prefix = Path.GetFileName(fullPath) + ".";
        int deleted = 0;
        try
        {
            // Filtered here, not by a search pattern: a target's own name may contain the pattern's wildcards.
            foreach (string candidate in Directory.EnumerateFiles(directory, "*" + TemporarySuffix))
            {
                if (!IsTemporaryOf(Path.GetFileName(candidate), prefix)) continue;
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(candidate) < StaleAge) continue;
                if (TryDeleteUnlocked(candidate)) deleted++;
            }
        }
        catch (IOException) { }                 // the directory vanished or cannot be listed: nothing to clean
        catch (UnauthorizedAccessException) { }
        return deleted;
    }

    private static bool IsTemporaryOf(string name, string prefix)
    {
        if (name.Length != prefix.Length + RandomDigits + TemporarySuffix.Length || !name.StartsWith(prefix, StringComparison.Ordinal))
            return false;
        foreach (char c in name.AsSpan(prefix.Length, RandomDigits))
            if (!char.IsAsciiHexDigitLower(c)) return false;
        return true;
    }

    /// <summary>Opens the file exclusively (fails while a writer holds it) and lets the close delete it.</summary>
    private static bool TryDeleteUnlocked(string file)
    {
        try
        {
            using (new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose)) { }
            return true;
        }
        catch (IOException) { return false; }  // held by a live writer, or already gone
        catch (UnauthorizedAccessException) { return false; }
    }

    private static void TryDelete(string temp)
    {
        try { File.Delete(temp); }
        catch (IOException) { } // best effort: the original exception is the one worth reporting
        catch (UnauthorizedAccessException) { }
    }
}
