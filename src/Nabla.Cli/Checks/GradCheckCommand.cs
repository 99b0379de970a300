using Nabla.Checks;
using System.CommandLine;
using System.Globalization;

namespace Nabla.Cli.Checks;

/// <summary>
/// <c>nabla gradcheck</c>: Autograd.GradCheck and GradGradCheck (PyTorch's tolerances, Float64) over every row of
/// Nabla's <see cref="OpCatalog"/>, one table row per op: its input shapes, the worst error and pass/fail.
/// </summary>
internal static class GradCheckCommand
{
    public static Command Build(CommandContext context)
    {
        var filter = new Option<string?>("--filter") { Description = "Only ops whose name contains this text (case-insensitive)." };
        var seed = TrainOptionsShared.Seed("Seed of the sample inputs.");
        var command = new Command("gradcheck", "Check first and second derivatives of every differentiable op against central differences.") { filter, seed };
        command.SetAction(p => Run(context.Output, p.GetValue(filter), p.GetValue(seed)));
        return command;
    }

    private static int Run(TextWriter output, string? filter, long seed)
    {
        var cases = OpCatalog.GradCheckCases.Where(c => filter is null || c.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
        if (cases.Count == 0) throw new UsageException($"no op name contains '{filter}'.");
        var inv = CultureInfo.InvariantCulture;
        int width = Math.Max(2, cases.Max(c => c.Name.Length));
        output.WriteLine($"{"op".PadRight(width)}  {"input shapes",-26}  {"worst |Δ| 1st",13}  {"worst |Δ| 2nd",13}  result");
        int failed = 0;
        foreach (var op in cases)
        {
            var inputs = op.Inputs(new Generator(seed));
            string shapes = string.Join(" ", inputs.Select(t => "[" + string.Join(",", t.Shape) + "]"));
            var (first, second, error) = Check(op, inputs, seed);
            if (error is not null) failed++;
            string secondText = op.SecondOrder ? second.ToString("0.00e+00", inv) : "—";
            output.WriteLine($"{op.Name.PadRight(width)}  {shapes,-26}  {first.ToString("0.00e+00", inv),13}  {secondText,13}  {(error is null ? "pass" : "FAIL: " + error)}");
        }
        output.WriteLine(failed == 0 ? $"all {cases.Count} ops pass" : $"{failed} of {cases.Count} ops fail");
        return failed == 0 ? NablaCommand.Success : NablaCommand.InternalError;
    }

    /// <summary>Worst differences of the first and second derivatives (vector-Jacobian products against central
    /// differences), and the official checks' failure message or null.</summary>
    private static (double First, double Second, string? Error) Check(OpCase op, Tensor[] inputs, long seed)
    {
        try
        {
            double first = JacobianCheck.WorstVjpError(op.Function, inputs, seed);
            double second = op.SecondOrder ? JacobianCheck.WorstVjpError(JacobianCheck.FirstDerivative(op.Function, inputs, seed), inputs, seed + 1) : 0;
            Autograd.GradCheck(op.Function, inputs, name: op.Name);
            if (op.SecondOrder) Autograd.GradGradCheck(op.Function, inputs, name: op.Name, seed: seed);
            return (first, second, null);
        }
        catch (GradCheckException e)
        {
            return (double.NaN, double.NaN, e.Message);
        }
    }
}

/// <summary>Shared option factories.</summary>
internal static class TrainOptionsShared
{
    public static Option<long> Seed(string description) => Train.TrainCommand.With("--seed", 1L, description);
}
