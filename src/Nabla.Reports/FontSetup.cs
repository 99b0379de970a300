using ScottPlot;

namespace Nabla.Reports;

/// <summary>
/// SkiaSharp's dependency-free Linux build does not ask fontconfig for fonts, so text would be drawn with an empty
/// typeface; this registers DejaVu Sans (Debian's fonts-dejavu-core) as the charts' font when the file is present.
/// </summary>
internal static class FontSetup
{
    private static readonly Lazy<bool> Registered = new(Register);

    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    ];

    public static bool Ensure() => Registered.Value;

    private static bool Register()
    {
        string? file = Candidates.FirstOrDefault(File.Exists);
        if (file is null) return false;
        const string family = "DejaVu Sans";
        Fonts.AddFontFile(family, file, bold: false, italic: false);
        string bold = Path.Combine(Path.GetDirectoryName(file)!, "DejaVuSans-Bold.ttf");
        if (File.Exists(bold)) Fonts.AddFontFile(family, bold, bold: true, italic: false);
        Fonts.Default = family;
        return true;
    }
}
