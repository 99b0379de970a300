namespace Nabla.Data;

/// <summary>
/// A data file is malformed: truncated, corrupt (e.g. bad gzip data), of the wrong kind (magic number, type byte),
/// inconsistent with its own header or with its companion file (images ≠ labels), or holding a missing or
/// non-numeric value. The message names the file and the problem. Thrown by every reader in Nabla.Data. Derives
/// from <see cref="IOException"/> (<see cref="InvalidDataException"/> is sealed), like the safetensors reader's
/// exception, so "this file could not be loaded" is caught together with missing or unreadable files.
/// </summary>
public sealed class DataFormatException : IOException
{
    public DataFormatException(string fileName, string problem, Exception? inner = null)
        : base($"{fileName}: {problem}", inner)
    {
        FileName = fileName;
        Problem = problem;
    }

    /// <summary>The file (or the name given to an in-memory source).</summary>
    public string FileName { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
