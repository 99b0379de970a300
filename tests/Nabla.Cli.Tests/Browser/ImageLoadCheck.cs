using System.Text.Json;

namespace Nabla.Cli.Tests.Browser;

/// <summary>One &lt;img&gt; as the browser saw it; a broken image has natural width 0.</summary>
internal sealed record LoadedImage(string Source, bool Complete, int NaturalWidth, int NaturalHeight);

/// <summary>
/// Opens an HTML page in headless Chromium and reports every image's natural size. The page is copied beside the
/// original (so relative image paths resolve the same way) with a script appended that, on the load event, writes
/// the images' state into the DOM, which Chromium then prints.
/// </summary>
internal static class ImageLoadCheck
{
    private const string ResultId = "nabla-image-check";

    private const string Script =
        "<script>addEventListener('load', () => { const pre = document.createElement('pre'); pre.id = '" + ResultId + "';" +
        " pre.textContent = JSON.stringify([...document.images].map(i => ({ source: i.getAttribute('src').slice(0, 60)," +
        " complete: i.complete, naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight })));" +
        " document.body.append(pre); });</script>\n";

    public static IReadOnlyList<LoadedImage> Run(string htmlPath)
    {
        string html = File.ReadAllText(htmlPath);
        int end = html.LastIndexOf("</body>", StringComparison.Ordinal);
        Assert.True(end >= 0, $"{htmlPath} has no </body>");
        string copy = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(htmlPath))!, $"{Path.GetFileNameWithoutExtension(htmlPath)}.image-check.html");
        File.WriteAllText(copy, html.Insert(end, Script));
        try
        {
            string dom = HeadlessChromium.DumpDom(copy);
            string open = $"<pre id=\"{ResultId}\">";
            int start = dom.IndexOf(open, StringComparison.Ordinal);
            Assert.True(start >= 0, $"Chromium's DOM of {htmlPath} has no image report (did the load event fire?):\n{dom[..Math.Min(dom.Length, 500)]}");
            start += open.Length;
            string json = System.Net.WebUtility.HtmlDecode(dom[start..dom.IndexOf("</pre>", start, StringComparison.Ordinal)]);
            return JsonSerializer.Deserialize<LoadedImage[]>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
