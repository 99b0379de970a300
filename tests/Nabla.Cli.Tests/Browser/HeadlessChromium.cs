using System.Diagnostics;

namespace Nabla.Cli.Tests.Browser;

/// <summary>
/// Debian's Chromium (package <c>chromium</c>, installed by .ci/run) run headless on a local page: no network, no
/// sandbox (CI runs as root), a fresh profile per run.
/// </summary>
internal static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>The page's DOM as serialised after its load event (images loaded or failed, scripts run).</summary>
    public static string DumpDom(string htmlPath) => Run(["--dump-dom", Url(htmlPath)]);

    /// <summary>Renders the page in a window of the given size and saves it as a PNG.</summary>
    public static void Screenshot(string htmlPath, string pngPath, int width, int height) =>
        Run([$"--screenshot={pngPath}", $"--window-size={width},{height}", "--hide-scrollbars", Url(htmlPath)]);

    private static string Url(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    private static string Run(IEnumerable<string> arguments)
    {
        if (!File.Exists(Executable))
            throw new FileNotFoundException($"Chromium not found at {Executable}: the report's browser test needs Debian's chromium package (apt-get install chromium; .ci/run installs it).", Executable);
        string profile = Cli.TempFolder();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var flag in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}"])
            start.ArgumentList.Add(flag);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start");
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Executable} did not finish within {Timeout.TotalSeconds} s");
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{Executable} exited with {process.ExitCode}: {error.Result}");
            return output.Result;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
