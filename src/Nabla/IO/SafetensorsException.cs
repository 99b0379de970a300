namespace Nabla.IO;

/// <summary>
/// A safetensors file that cannot be read: the message names the file and the problem (and the tensor where one is
/// at fault). Derives from <see cref="IOException"/> (<see cref="InvalidDataException"/> is sealed), so code that
/// handles "this file could not be loaded" in general catches it with missing or unreadable files.
/// </summary>
public sealed class SafetensorsException : IOException
{
    public SafetensorsException(string fileName, string problem, Exception? inner = null)
        : base($"Safetensors file '{fileName}': {problem}", inner)
    {
        FileName = fileName;
        Problem = problem;
    }

    /// <summary>The path (or the name given for a stream) of the file at fault.</summary>
    public string FileName { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
