using System.Globalization;
using System.Text;
using Nabla.Cli.Train;
using Nabla.Reports;
using Nabla.Training;

namespace Nabla.Cli.Studies;

/// <summary>One training run of a study (a fold of cv, a configuration of compare): its label and outcome.</summary>
internal sealed record StudyRun(string Label, TrainOutcome Outcome);

/// <summary>What the study commands (cv, compare, experiments) share: number formats, overlaid validation curves,
/// a CSV of rows and the folder's index.html.</summary>
internal static class StudyReport
{
    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string F4(double v) => double.IsNaN(v) ? "—" : v.ToString("0.0000", Inv);

    public static string MeanStd(double[] values)
    {
        double mean = values.Average();
        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);   // population std, as np.std
        return $"{F4(mean)} ± {F4(std)}";
    }

    /// <summary>val_loss.png and val_accuracy.png: the validation curve of every run per epoch, one series each
    /// (the training curves when the runs have no validation set).</summary>
    public static List<HtmlImage> ValidationCurves(string folder, string what, IReadOnlyList<StudyRun> runs)
    {
        var images = new List<HtmlImage>();
        bool validation = runs.All(r => r.Outcome.Validation.Samples > 0);
        string prefix = validation ? "val_" : "";
        string split = validation ? "validation" : "training";
        foreach (var (key, axis) in new[] { ("loss", "cross-entropy loss"), ("accuracy", "accuracy") })
        {
            var series = runs.Select(r => new Series(r.Label, Epochs(r.Outcome.History), r.Outcome.History.Series(prefix + key))).ToList();
            string path = Path.Combine(folder, $"{prefix}{key}.png");
            Charts.Lines(path, $"{Capitalized(split)} {key} per epoch, one line per {what}", "epoch", $"{split} {axis}", series, legendLow: key == "accuracy");
            images.Add(new HtmlImage($"The {split} {key} of every {what}", path));
        }
        return images;
    }

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static double[] Epochs(History h) => h.Select(e => (double)e.Epoch).ToArray();

    /// <summary>A CSV file with a header row; cells are written as given (numbers already in invariant form).</summary>
    public static void WriteCsv(string path, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder().AppendJoin(',', headers).Append('\n');
        foreach (var row in rows) text.AppendJoin(',', row.Select(Quote)).Append('\n');
        File.WriteAllText(path, text.ToString());
    }

    private static string Quote(string cell) => cell.IndexOfAny([',', '"', '\n']) < 0 ? cell : "\"" + cell.Replace("\"", "\"\"") + "\"";

    /// <summary>The table as aligned text: columns of numbers right-aligned, the others left-aligned.</summary>
    public static string Text(HtmlTable table)
    {
        var rows = table.Rows.Prepend(table.Headers).ToList();
        var widths = table.Headers.Select((_, c) => rows.Max(r => r[c].Length)).ToArray();
        var numeric = table.Headers.Select((_, c) => table.Rows.All(r => r[c].Length == 0 || r[c] == "—" || char.IsAsciiDigit(r[c][0]))).ToArray();
        return string.Join('\n', rows.Select(r => string.Join("  ", r.Select((cell, c) => numeric[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd()));
    }

    public static void WriteIndex(string folder, string title, string command, IReadOnlyList<HtmlTable> tables, IReadOnlyList<HtmlImage> images) =>
        File.WriteAllText(Path.Combine(folder, RunFolder.Report), HtmlReport.Build(title, command, tables, images));
}
