using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Nabla.Data;

/// <summary>A column of a CSV file, by header name or by index (negative counts from the end: −1 is the last).
/// Converts implicitly from a string or an int.</summary>
public readonly record struct CsvColumn(string? Name, int Index)
{
    public static implicit operator CsvColumn(string name) => new(name ?? throw new ArgumentNullException(nameof(name)), 0);
    public static implicit operator CsvColumn(int index) => new(null, index);

    public override string ToString() => Name is null ? $"column {Index}" : $"column '{Name}'";
}

/// <summary>
/// Reader of CSV files of numbers: every column is a feature except the label column. Parsed by CsvHelper's
/// low-level parser (RFC 4180 quoting; no reflection), numbers in the invariant culture. A missing, non-numeric or
/// non-finite value, a row with the wrong number of fields, or broken quoting raises
/// <see cref="DataFormatException"/> naming the file, the row and the column.
/// </summary>
public static class Csv
{
    /// <summary>Features Float32 [rows, columns − 1] and labels [rows] (Int64 class indices by default, or Float32 /
    /// Float64 for regression targets).</summary>
    /// <param name="path">the file.</param>
    /// <param name="label">the label column: a header name (needs hasHeader) or an index (−1 = last).</param>
    /// <param name="hasHeader">whether the first row names the columns.</param>
    /// <param name="separator">the field separator.</param>
    /// <param name="labelDType">Int64 (labels must be whole numbers), Float32 or Float64.</param>
    public static TensorDataset Load(string path, CsvColumn label, bool hasHeader = true, char separator = ',', DType labelDType = DType.Int64)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path, label, hasHeader, separator, labelDType);
    }

    /// <summary>As <see cref="Load"/>, from UTF-8 bytes in memory; name stands for the file in error messages.</summary>
    public static TensorDataset Read(byte[] bytes, string name, CsvColumn label, bool hasHeader = true, char separator = ',', DType labelDType = DType.Int64)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return Read(new MemoryStream(bytes, writable: false), name, label, hasHeader, separator, labelDType);
    }

    /// <summary>As <see cref="Load"/>, from a stream of UTF-8 text (left open); name stands for the file in error messages.</summary>
    public static TensorDataset Read(Stream stream, string name, CsvColumn label, bool hasHeader = true, char separator = ',', DType labelDType = DType.Int64)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return Read(reader, name, label, hasHeader, separator, labelDType);
    }

    /// <summary>As <see cref="Load"/>, from any text reader; name stands for the file in error messages.</summary>
    public static TensorDataset Read(TextReader reader, string name, CsvColumn label, bool hasHeader = true, char separator = ',', DType labelDType = DType.Int64)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(name);
        if (label.Name is not null && !hasHeader) throw new ArgumentException($"Csv: the label {label} is named, but the file has no header.", nameof(label));
        if (separator is '"' or '\r' or '\n') throw new ArgumentException($"Csv: '{separator}' cannot separate fields.", nameof(separator));
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = separator.ToString(), DetectDelimiter = false };
        try
        {
            using var parser = new CsvParser(reader, config, leaveOpen: true);
            return Parse(parser, name, label, hasHeader, labelDType);
        }
        catch (CsvHelperException e)
        {
            // CsvHelper's own text suggests its configuration knobs; say what is wrong with the file instead.
            throw new DataFormatException(name, $"row {e.Context?.Parser?.Row}: malformed CSV ({Describe(e)})", e);
        }
    }

    private static TensorDataset Parse(CsvParser parser, string name, CsvColumn label, bool hasHeader, DType labelDType)
    {
        if (labelDType is not (DType.Int64 or DType.Float32 or DType.Float64)) throw new ArgumentException($"Csv: unsupported label dtype {labelDType}.", nameof(labelDType));
        string[]? header = null;
        if (hasHeader)
        {
            if (!parser.Read()) throw new DataFormatException(name, "the file is empty (expected a header row)");
            header = parser.Record ?? [];
        }
        var features = new List<float>();
        var labels = new List<double>();
        int columns = header?.Length ?? -1, labelIndex = -1;
        if (header is not null) labelIndex = LabelIndex(label, header, name);
        while (parser.Read())
        {
            int count = parser.Count;
            if (columns < 0) (columns, labelIndex) = (count, LabelIndex(label, null, name, count));
            if (count != columns)
                throw new DataFormatException(name, $"row {parser.Row} has {count} fields, expected {columns}");
            for (int c = 0; c < count; c++)
            {
                double value = Number(parser[c], name, parser.Row, c, header);
                if (c != labelIndex) features.Add((float)value);
                else labels.Add(labelDType == DType.Int64 && value != Math.Floor(value)
                    ? throw new DataFormatException(name, $"row {parser.Row}, {ColumnName(c, header)}: label {parser[c]} is not a whole number")
                    : value);
            }
        }
        if (columns < 0) throw new DataFormatException(name, "the file has no rows");
        int rows = labels.Count;
        var x = Tensor.FromArray(features.ToArray(), rows, columns - 1);
        var y = Tensor.FromArray(labels.ToArray(), [rows], labelDType);
        return new TensorDataset(x, y);
    }

    private static int LabelIndex(CsvColumn label, string[]? header, string name, int count = 0)
    {
        if (header is not null && label.Name is not null)
        {
            int found = Array.IndexOf(header, label.Name);
            return found >= 0 ? found : throw new ArgumentException($"Csv: {name} has no {label}; its columns are {ColumnList(header)}.", nameof(label));
        }
        int columns = header?.Length ?? count;
        int index = label.Index < 0 ? columns + label.Index : label.Index;
        if ((uint)index >= (uint)columns)
            throw new ArgumentOutOfRangeException(nameof(label), $"Csv: label {label} is outside the {columns} columns of {name}.");
        return index;
    }

    private static double Number(string field, string name, int row, int column, string[]? header)
    {
        var text = field.AsSpan().Trim();
        if (text.IsEmpty) throw new DataFormatException(name, $"row {row}, {ColumnName(column, header)}: missing value");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw new DataFormatException(name, $"row {row}, {ColumnName(column, header)}: '{Shorten(field)}' is not a finite number");
        return value;
    }

    private static string ColumnName(int column, string[]? header) =>
        header is null ? $"column {column}" : $"column {column} ('{Shorten(header[column])}')";

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    /// <summary>The header's names for an error message, at most 20 of them, so a message stays short.</summary>
    private static string ColumnList(IReadOnlyList<string> header) =>
        header.Count <= 20 ? string.Join(", ", header) : string.Join(", ", header.Take(20)) + $", … ({header.Count} columns)";

    private static string Describe(CsvHelperException e) => e switch
    {
        BadDataException => "a quote inside an unquoted field, or an unclosed quoted field",
        _ => FirstLine(e.Message),
    };
}
