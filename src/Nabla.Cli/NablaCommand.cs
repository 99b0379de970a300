using System.CommandLine;
using System.CommandLine.Help;
using System.Text.Json;

namespace Nabla.Cli;

/// <summary>
/// The <c>nabla</c> command. <see cref="Run"/> is the whole program: it parses, runs the chosen subcommand and turns
/// every problem with the user's input into one line on stderr and exit code 2 (never a stack trace).
/// </summary>
public static class NablaCommand
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Success = 0;

    /// <summary>Exit code for bad input: unknown option or name, missing or corrupt file, impossible shapes.</summary>
    public const int BadInput = 2;

    /// <summary>Exit code for a failure that is not the input's fault.</summary>
    public const int InternalError = 1;

    /// <summary>Runs <c>nabla</c> with <paramref name="args"/>; output and errors go to the given writers (default the
    /// console's).</summary>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        output ??= Console.Out;
        error ??= Console.Error;
        var context = new CommandContext(output, error, args);
        // A plain command named "nabla" (a RootCommand would take the name of the executable, Nabla.Cli).
        var root = new Command("nabla", "Nabla: train, evaluate and inspect neural networks from the command line.") { new HelpOption() };
        foreach (var command in Commands.All(context)) root.Add(command);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var first = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parsed.Errors[0];
            error.WriteLine($"nabla: {ParseMessage(first.Message)} (see 'nabla {CommandPath(parsed)}--help')");
            return BadInput;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (IsBadInput(e))
        {
            error.WriteLine("nabla: " + OneLine(WithoutParameterName(e)));
            return BadInput;
        }
        catch (Exception e)
        {
            error.WriteLine($"nabla: internal error ({e.GetType().Name}): {OneLine(e.Message)}");
            return InternalError;
        }
    }

    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
            names.Insert(0, result.Command.Name);
        return names.Count == 0 ? "" : string.Join(' ', names) + " ";
    }

    /// <summary>Exceptions that describe a problem with the input (Nabla's API reports those as argument, state or IO
    /// errors whose message names the problem).</summary>
    private static bool IsBadInput(Exception e) => e is UsageException or ArgumentException or IOException or UnauthorizedAccessException
        or InvalidOperationException or JsonException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    /// <summary>System.CommandLine's message on one line: a list of choices joined by commas, CLR type names in words.</summary>
    internal static string ParseMessage(string message)
    {
        var lines = message.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        string text = lines.Length == 1 ? lines[0] : lines[0] + " " + string.Join(", ", lines[1..]);
        foreach (var (clr, words) in TypeWords) text = text.Replace($"as expected type '{clr}'", words, StringComparison.Ordinal);
        return text;
    }

    private static readonly (string Clr, string Words)[] TypeWords =
    [
        ("System.Int32", "as a whole number"), ("System.Nullable`1[System.Int32]", "as a whole number"),
        ("System.Int64", "as a whole number"), ("System.Nullable`1[System.Int64]", "as a whole number"),
        ("System.Double", "as a number"), ("System.Nullable`1[System.Double]", "as a number"),
    ];

    /// <summary>An ArgumentException's message without the " (Parameter 'x')" that .NET appends: the CLI user never
    /// saw the parameter.</summary>
    private static string WithoutParameterName(Exception e) =>
        e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
}

/// <summary>What every subcommand needs from the invocation: where to write, and the arguments it was run with.</summary>
internal sealed record CommandContext(TextWriter Output, TextWriter Error, IReadOnlyList<string> Args)
{
    /// <summary>The command line that reproduces this run, shell-quoted.</summary>
    public string CommandLine => "nabla " + string.Join(' ', Args.Select(Quote));

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=,:+@%".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''") + "'";
}
