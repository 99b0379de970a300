using System.Text;
using Nabla.Data;

namespace Nabla.Tests.Data;

public class CsvTests
{
    private static TensorDataset Read(string text, CsvColumn label, bool hasHeader = true, char separator = ',', DType labelDType = DType.Int64) =>
        Csv.Read(Encoding.UTF8.GetBytes(text), "data.csv", label, hasHeader, separator, labelDType);

    private static string Problem(string text, CsvColumn label, bool hasHeader = true) =>
        Assert.Throws<DataFormatException>(() => Read(text, label, hasHeader)).Message;

    [Fact]
    public void ReadsFeaturesAndALabelColumnByName()
    {
        var (x, y) = Read("a,species,b\n1.5,0,2\n-3e-1,2,\"4\"\n", "species");
        Assert.Equal(new[] { 2, 2 }, x.Shape);
        Assert.Equal(new float[] { 1.5f, 2, -0.3f, 4 }, x.ToFloatArray());
        Assert.Equal(new long[] { 0, 2 }, y.ToLongArray());
        Assert.Equal(DType.Int64, y.DType);
    }

    [Fact]
    public void ReadsByIndexWithoutHeaderWithAnotherSeparatorAndFloatLabels()
    {
        var (x, y) = Read("1;2;0.5\n3;4;1.25\n", -1, hasHeader: false, separator: ';', labelDType: DType.Float64);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, x.ToFloatArray());
        Assert.Equal(new[] { 0.5, 1.25 }, y.ToDoubleArray());
        Assert.Equal(new long[] { 7, 8 }, Read("7,1\n8,2\n", 0, hasHeader: false).Targets.ToLongArray());
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("f,l\n2,1\n"));
        Assert.Equal(new float[] { 2 }, Csv.Read(stream, "stream.csv", "l").Features.ToFloatArray());
        Assert.True(stream.CanRead); // left open
    }

    [Fact]
    public void LoadsAFile()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "x,y,label\n0,1,1\n2,3,0\n");
            var data = Csv.Load(path, "label");
            Assert.Equal(2, data.Count);
            Assert.Equal(new float[] { 2, 3 }, data[1].Features.ToFloatArray());
            File.WriteAllText(path, "x,label\n0,1\n,0\n");
            Assert.Equal($"{path}: row 3, column 0 ('x'): missing value", Assert.Throws<DataFormatException>(() => Csv.Load(path, "label")).Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void BadValuesNameTheFileRowAndColumn()
    {
        Assert.Equal("data.csv: row 2, column 1 ('b'): missing value", Problem("a,b\n1,\n", "a"));
        Assert.Equal("data.csv: row 3, column 0 ('a'): 'abc' is not a finite number", Problem("a,b\n1,2\nabc,3\n", "b"));
        Assert.Equal("data.csv: row 1, column 1: 'NaN' is not a finite number", Problem("1,NaN\n", 0, hasHeader: false));
        Assert.Equal("data.csv: row 2, column 1 ('y'): label 0.5 is not a whole number", Problem("x,y\n1,0.5\n", "y"));
        Assert.Equal("data.csv: row 3 has 3 fields, expected 2", Problem("a,b\n1,2\n1,2,3\n", "a"));
        Assert.Equal("data.csv: the file is empty (expected a header row)", Problem("", "a"));
        Assert.Equal("data.csv: row 2: malformed CSV (a quote inside an unquoted field, or an unclosed quoted field)",
            Problem("a,b\n1,2\"x\"\n", "a")); // broken quoting
    }

    [Fact]
    public void AnUnknownLabelColumnIsAnArgumentError()
    {
        var e = Assert.Throws<ArgumentException>(() => Read("a,b\n1,2\n", "c"));
        Assert.StartsWith("Csv: data.csv has no column 'c'; its columns are a, b.", e.Message);
        var wide = string.Join(",", Enumerable.Range(0, 500).Select(i => $"c{i}")) + "\n";
        Assert.EndsWith("c18, c19, … (500 columns). (Parameter 'label')", Assert.Throws<ArgumentException>(() => Read(wide, "z")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Read("1,2\n", 2, hasHeader: false));
        Assert.Throws<ArgumentException>(() => Read("1,2\n", "a", hasHeader: false));
    }
}
