using Nabla.Cli.Studies;
using Nabla.Cli.Train;
using Nabla.NN;

namespace Nabla.Cli.Experiments;

/// <summary>
/// Linear layers without activations compose to one linear (affine) map: three of them classify the circles no better
/// than a single linear layer, while the same network with tanh between the layers separates them.
/// </summary>
internal sealed class LinearStackExperiment : Experiment
{
    public override string Name => "linear-stack";

    public override string Question => "Do stacked linear layers without activations learn more than one linear layer?";

    public override ExperimentResult Run(ExperimentContext context)
    {
        string[] common = ["--dataset", "circles", "--optimizer", "adam", "--lr", "0.01", "--samples", context.Quick ? "400" : "1000",
            "--epochs", context.Quick ? "40" : "100"];
        var configs = new (string Label, TrainSettings Settings)[]
        {
            ("one linear layer 2 → 2", TrainOptions.Parse([.. common, "--activation", "identity"]) with { Hidden = [] }),
            ("three linear layers 2 → 16 → 16 → 16 → 2", TrainOptions.Parse([.. common, "--activation", "identity", "--hidden", "16,16,16"])),
            ("tanh MLP 2 → 16 → 16 → 16 → 2", TrainOptions.Parse([.. common, "--activation", "tanh", "--hidden", "16,16,16"])),
        };
        var data = DataSource.Load(configs[0].Settings.Data, configs[0].Settings.Seed);
        var runs = configs.Select(c =>
        {
            context.Log.WriteLine($"training: {c.Label}");
            return new StudyRun(c.Label, TrainJob.Run(c.Settings, data, TextWriter.Null, quiet: true));
        }).ToList();
        double stackError = AffineError(runs[1].Outcome.Model, data.Test.Features), mlpError = AffineError(runs[2].Outcome.Model, data.Test.Features);
        var numbers = new Dictionary<string, double>
        {
            ["accuracy_linear"] = runs[0].Outcome.Test.Accuracy,
            ["accuracy_stack"] = runs[1].Outcome.Test.Accuracy,
            ["accuracy_mlp"] = runs[2].Outcome.Test.Accuracy,
            ["affine_error_stack"] = stackError,
            ["affine_error_mlp"] = mlpError,
        };
        string finding = string.Create(StudyReport.Inv, $"three stacked linear layers reach test accuracy {numbers["accuracy_stack"]:0.000}, " +
            $"like one linear layer ({numbers["accuracy_linear"]:0.000}): both near chance (0.5) on the circles, far below the tanh MLP ({numbers["accuracy_mlp"]:0.000}). " +
            $"The stack is one affine map: its outputs differ from the affine map through its values at 0 and the unit vectors by at most {stackError:0.0e+0} (the MLP by {mlpError:0.00}).");
        return new ExperimentResult(finding, numbers, [CompareCommand.Table(runs)], StudyReport.ValidationCurves(context.Folder, "model", runs));
    }

    /// <summary>
    /// How far the model is from affine: with c = model(0) and column i of M = model(eᵢ) − c, the largest
    /// |model(x) − (Mx + c)| over the given points (0 up to rounding for an affine model).
    /// </summary>
    public static double AffineError(Module<Tensor, Tensor> model, Tensor points)
    {
        using var noGrad = Tensor.NoGrad();
        var x = points.Double();
        int d = x.Size(1);
        model.To(DType.Float64);   // in double, so that rounding does not hide or fake a nonlinearity
        var basis = Tensor.Cat([Tensor.Zeros([1, d], DType.Float64), Tensor.Eye(d, dtype: DType.Float64)]);
        var atBasis = model.Call(basis);
        var c = atBasis.Narrow(0, 0, 1);
        var m = atBasis.Narrow(0, 1, d) - c;               // row i: M's column i
        var affine = x.MatMul(m) + c;
        double error = (model.Call(x) - affine).Abs().Max().Item();
        model.To(DType.Float32);
        return error;
    }
}
