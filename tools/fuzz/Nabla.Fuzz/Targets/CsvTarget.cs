using System.Text;
using Nabla.Data;

namespace Nabla.Fuzz.Targets;

/// <summary>
/// The CSV reader on arbitrary bytes. The first byte picks the settings (header or not, ',' or ';', label by name,
/// first or last column, Int64 or Float32 labels); the rest is the file. Documented failures:
/// <see cref="DataFormatException"/> for a malformed file, and the reader's own argument errors ("Csv: …") for a
/// label column the file does not have.
/// </summary>
public sealed class CsvTarget : IFuzzTarget
{
    public string Name => "csv";

    public IEnumerable<byte[]> Seeds()
    {
        yield return Seed(0b0001, "a,b,label\n1,2,0\n3.5,-4e2,1\n");
        yield return Seed(0b0000, "1,2,0\n3,4,1\n");
        yield return Seed(0b0010, "1;2;0\n\"3\";4;1\n");
        yield return Seed(0b0101, "x,label\n0.25,1\n");
        yield return Seed(0b1000, "1,2,0.5\n");
    }

    public void Run(byte[] input)
    {
        if (input.Length == 0) return;
        byte settings = input[0];
        bool hasHeader = (settings & 1) != 0;
        char separator = (settings & 2) != 0 ? ';' : ',';
        CsvColumn label = (settings & 4) != 0 && hasHeader ? "label" : (settings & 16) != 0 ? 0 : -1;
        var labelDType = (settings & 8) != 0 ? DType.Float32 : DType.Int64;
        var data = Csv.Read(input[1..], "fuzz.csv", label, hasHeader, separator, labelDType);
        if (data.Features.Rank != 2 || data.Targets.Rank != 1 || data.Features.Shape[0] != data.Count)
            throw new InvalidOperationException($"csv: inconsistent shapes {data.Features.Shape.Rank}-d features for {data.Count} labels.");
    }

    public bool IsDocumented(Exception e) =>
        e is DataFormatException || (e is ArgumentException && e.Message.StartsWith("Csv: ", StringComparison.Ordinal));

    private static byte[] Seed(byte settings, string text) => [settings, .. Encoding.UTF8.GetBytes(text)];
}
