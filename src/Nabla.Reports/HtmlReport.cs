using System.Net;
using System.Text;

namespace Nabla.Reports;

/// <summary>A table for the report: a caption, column headers and rows of already formatted cells.</summary>
public sealed record HtmlTable(string Caption, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>A PNG for the report, embedded in the page.</summary>
public sealed record HtmlImage(string Caption, string PngPath);

/// <summary>
/// A self-contained HTML page (images embedded as data URIs, no scripts, no external files) showing a run: the
/// command that reproduces it, tables and charts.
/// </summary>
public static class HtmlReport
{
    public static string Build(string title, string command, IReadOnlyList<HtmlTable> tables, IReadOnlyList<HtmlImage> images)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(images);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(title)).Append("</title>\n")
            .Append("<style>\nbody{font-family:sans-serif;margin:2em;max-width:1700px;color:#222}\n")
            .Append("table{border-collapse:collapse;margin:0 2em 1.5em 0;display:inline-table;vertical-align:top}\n")
            .Append("caption{font-weight:bold;text-align:left;padding-bottom:.3em}\n")
            .Append("th,td{border:1px solid #bbb;padding:.3em .8em;text-align:left}\nth{background:#eee}\n")
            .Append("td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
            .Append("pre{background:#f4f4f4;padding:.8em;white-space:pre-wrap}\n")
            .Append("figure{display:inline-block;margin:0 1em 1em 0}\nfigure img{width:520px;border:1px solid #ddd}\n</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(E(title)).Append("</h1>\n<p>Reproduce this run with:</p>\n<pre>").Append(E(command)).Append("</pre>\n");
        foreach (var table in tables) AppendTable(html, table);
        html.Append("<div>\n");
        foreach (var image in images)
        {
            string data = Convert.ToBase64String(File.ReadAllBytes(image.PngPath));
            html.Append("<figure><img alt=\"").Append(E(image.Caption)).Append("\" src=\"data:image/png;base64,").Append(data)
                .Append("\"><figcaption>").Append(E(image.Caption)).Append("</figcaption></figure>\n");
        }
        html.Append("</div>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendTable(StringBuilder html, HtmlTable table)
    {
        html.Append("<table>\n<caption>").Append(E(table.Caption)).Append("</caption>\n<tr>");
        foreach (var h in table.Headers) html.Append("<th>").Append(E(h)).Append("</th>");
        html.Append("</tr>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append(IsNumber(cell) ? "<td class=\"n\">" : "<td>").Append(E(cell)).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static bool IsNumber(string cell) => double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
