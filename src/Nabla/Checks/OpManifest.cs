using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Nabla.Checks;

/// <summary>
/// tests/reference/ops_manifest.json as exported from <see cref="OpCatalog.Definitions"/>: per op its name, the
/// reference file of its cases, whether it is differentiable and its torch expression, one op per line. The
/// generators (generate_ops.py, generate_conv.py, generate_nn.py, generate_indexing.py, each taking the ops of its
/// reference file) read it instead of keeping op maps of their own; OpManifestTests
/// fails when the committed file differs from this export.
/// </summary>
internal static class OpManifest
{
    public const string FileName = "ops_manifest.json";

    // Relaxed escaping keeps + ' < > readable in the torch expressions (the file is never embedded in HTML).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Export()
    {
        var text = new StringBuilder();
        text.Append("{\"exported_by\":\"OpManifestTests from src/Nabla/Checks/OpCatalog.*.cs\",\"ops\":[\n");
        var lines = OpCatalog.Definitions.Select(Line);
        text.Append(string.Join(",\n", lines));
        text.Append("\n]}\n");
        return text.ToString();
    }

    private static string Line(OpDefinition op)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("name", op.Name);
            writer.WriteString("reference", op.Reference);
            writer.WriteBoolean("differentiable", op.Differentiable);
            writer.WriteString("torch", op.Torch);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
