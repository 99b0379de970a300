namespace Nabla.Fuzz;

/// <summary>
/// One reader under fuzz. A target turns bytes into a call of the public API and says which exceptions that API
/// documents; anything else it throws, or a wrong result it detects, is a bug. Add a target as one file in
/// Targets/ and one line in <see cref="Targets.FuzzTargets.All"/>.
/// </summary>
public interface IFuzzTarget
{
    /// <summary>The name used on the command line, e.g. "safetensors".</summary>
    string Name { get; }

    /// <summary>Valid (and interesting) inputs the mutations start from; also AFL's input folder.</summary>
    IEnumerable<byte[]> Seeds();

    /// <summary>Reads the input as a user would. Throws the reader's exception for bad input, or any other
    /// exception for a bug (including a check of the result that fails, e.g. a save/load round trip).</summary>
    void Run(byte[] input);

    /// <summary>Whether <paramref name="e"/>, thrown by <see cref="Run"/>, is a documented rejection of bad input.</summary>
    bool IsDocumented(Exception e);

    /// <summary>A mutation that knows the format (e.g. edits JSON and fixes a length field), or null for byte-level
    /// mutations only. The fuzzer mixes both.</summary>
    byte[]? MutateStructured(byte[] input, Random random) => null;
}
