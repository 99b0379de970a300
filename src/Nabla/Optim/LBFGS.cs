namespace Nabla.Optim;

/// <summary>
/// L-BFGS (torch.optim.LBFGS): a quasi-Newton method that builds the inverse Hessian from the last
/// <c>historySize</c> steps s and gradient changes y (two-loop recursion), optionally with a strong-Wolfe line search.
/// Each <see cref="Step(Func{Tensor})"/> runs up to maxIter iterations and evaluates the closure (zero the gradients,
/// compute the loss, Backward, return the loss) as often as it needs, at most maxEval times. One param group only.
/// Written on the public optimizer API only, as a user's optimizer would be: its whole memory (d, t, old_dirs,
/// old_stps, ro, H_diag, prev_flat_grad, prev_loss, func_evals, n_iter) lives in the first parameter's
/// <see cref="ParamState"/>, as in PyTorch, so a state dict taken between steps resumes exactly. The history lists
/// are stored stacked: old_dirs and old_stps as [k, n] tensors, ro as [k] (n = the parameters' total size). The
/// vectors are computed in double and stored in the parameters' dtype.
/// </summary>
public sealed class LBFGS : Optimizer
{
    /// <param name="maxEval">At most this many closure calls per step; maxIter · 5 / 4 when null.</param>
    /// <param name="lineSearchFn">null (a fixed step of lr) or "strong_wolfe"; stored as the option line_search_fn,
    /// 0 or 1.</param>
    public LBFGS(IEnumerable<Tensor> parameters, double lr = 1, int maxIter = 20, int? maxEval = null,
        double toleranceGrad = 1e-7, double toleranceChange = 1e-9, int historySize = 100, string? lineSearchFn = null)
        : base(OneGroup(parameters), new Dictionary<string, double>
        {
            ["lr"] = lr, ["max_iter"] = maxIter, ["max_eval"] = maxEval ?? maxIter * 5 / 4,
            ["tolerance_grad"] = toleranceGrad, ["tolerance_change"] = toleranceChange, ["history_size"] = historySize,
            ["line_search_fn"] = lineSearchFn switch
            {
                null => 0,
                "strong_wolfe" => 1,
                _ => throw new ArgumentException($"LBFGS: lineSearchFn must be null or \"strong_wolfe\", got \"{lineSearchFn}\"."),
            },
        }) { }

    protected override void Validate(OptionCheck check)
    {
        if (check.Index > 0) throw check.Fail("LBFGS doesn't support per-parameter options (parameter groups).");
        check.NonNegative("lr", "tolerance_grad", "tolerance_change");
        check.WholeNumber(1, "max_iter", "max_eval", "history_size");
        check.Require("line_search_fn", v => v is 0 or 1, "0 (none) or 1 (strong_wolfe)");
    }

    protected override IReadOnlyCollection<string> ScalarStateNames => ["func_evals", "n_iter", "t", "H_diag", "prev_loss"];

    protected override void ValidateStateBuffer(string key, string name, Tensor buffer, Tensor parameter, Func<string, ArgumentException> error)
    {
        int n = Params.Sum(p => p.Numel);
        int historySize = (int)ParamGroups[0]["history_size"];
        bool fits = name switch
        {
            "d" or "prev_flat_grad" => buffer.Shape is [var len] && len == n,
            "old_dirs" or "old_stps" => buffer.Shape is [var k, var len] && k <= historySize && len == n,
            "ro" => buffer.Shape is [var k] && k <= historySize,
            _ => throw error($"unexpected key '{key}'."),
        };
        if (!fits)
            throw error($"'{key}' has shape [{string.Join(", ", buffer.Shape)}], which does not fit {n} parameter elements and a history of {historySize}.");
    }

    private IReadOnlyList<Tensor> Params => ParamGroups[0].Params;

    /// <summary>LBFGS re-evaluates the loss during a step, so it needs <see cref="Step(Func{Tensor})"/>.</summary>
    public override void Step() =>
        throw new InvalidOperationException("LBFGS.Step: LBFGS re-evaluates the loss during a step; call Step(closure) with a closure that zeroes the gradients, computes the loss, calls Backward and returns the loss.");

    /// <summary>One L-BFGS step (up to maxIter iterations); returns the loss the closure gave before it.</summary>
    public override Tensor Step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        if (ParamGroups.Count != 1) throw new InvalidOperationException("LBFGS.Step: LBFGS supports one param group only.");
        var group = ParamGroups[0];
        double lr = group.Lr, toleranceGrad = group["tolerance_grad"], toleranceChange = group["tolerance_change"];
        int maxIter = (int)group["max_iter"], maxEval = (int)group["max_eval"], historySize = (int)group["history_size"];
        using var noGrad = Tensor.NoGrad();
        var state = StateOf(Params[0]);
        var memory = LBFGSMemory.Read(state);

        var origLoss = Evaluate(closure);
        double loss = origLoss.Item();
        int currentEvals = 1;
        state.SetScalar("func_evals", state.Scalar("func_evals") + 1);
        var flatGrad = GatherFlatGrad();
        if (FlatVector.AbsMax(flatGrad) <= toleranceGrad) return origLoss;

        double t = memory.T;
        for (int nIter = 1; nIter <= maxIter; nIter++)
        {
            double totalIter = state.Scalar("n_iter") + 1;
            state.SetScalar("n_iter", totalIter);
            if (totalIter == 1) memory.Restart(flatGrad);
            else memory.Update(flatGrad, t, historySize);
            memory.RememberGradient(flatGrad, loss);

            t = totalIter == 1 ? Math.Min(1.0, 1.0 / FlatVector.AbsSum(flatGrad)) * lr : lr;
            var d = memory.D!;
            double gtd = FlatVector.Dot(flatGrad, d);
            if (gtd > -toleranceChange) break; // the directional derivative is below tolerance

            int lsFuncEvals = 0;
            bool optimal = false;
            if (group.Flag("line_search_fn"))
            {
                var x = Params.Select(p => p.Clone()).ToArray();
                (double fNew, double[] gNew, double tNew, int evals) = StrongWolfe.Search(
                    (tt, dd) => DirectionalEvaluate(closure, x, tt, dd), t, d, loss, flatGrad, gtd, toleranceChange);
                (loss, flatGrad, t, lsFuncEvals) = (fNew, gNew, tNew, evals);
                AddToParams(t, d);
                optimal = FlatVector.AbsMax(flatGrad) <= toleranceGrad;
            }
            else
            {
                AddToParams(t, d);
                if (nIter != maxIter) // no use re-evaluating after the last iteration: the next step starts with it
                {
                    loss = Evaluate(closure).Item();
                    flatGrad = GatherFlatGrad();
                    optimal = FlatVector.AbsMax(flatGrad) <= toleranceGrad;
                    lsFuncEvals = 1;
                }
            }
            currentEvals += lsFuncEvals;
            state.SetScalar("func_evals", state.Scalar("func_evals") + lsFuncEvals);

            if (nIter == maxIter || currentEvals >= maxEval || optimal) break;
            if (FlatVector.AbsMax(d) * Math.Abs(t) <= toleranceChange) break; // lack of progress
            if (Math.Abs(loss - memory.PrevLoss) < toleranceChange) break;
        }
        memory.T = t;
        memory.Write(state, Params[0].DType);
        return origLoss;
    }

    private static Tensor Evaluate(Func<Tensor> closure)
    {
        using (Tensor.EnableGrad()) return closure();
    }

    /// <summary>All gradients, flattened and concatenated (zeros for a parameter without one).</summary>
    private double[] GatherFlatGrad() =>
        Params.SelectMany(p => p.Grad is null ? new double[p.Numel] : p.Grad.ToDoubleArray()).ToArray();

    /// <summary>θ = θ + t·d, d split over the parameters.</summary>
    private void AddToParams(double t, double[] d)
    {
        int offset = 0;
        foreach (var p in Params)
        {
            p.Add_(Tensor.FromArray(d[offset..(offset + p.Numel)], p.Shape, p.DType), alpha: t);
            offset += p.Numel;
        }
    }

    /// <summary>The loss and flat gradient at θ = x + t·d; the parameters are set back to x afterwards.</summary>
    private (double Loss, double[] Grad) DirectionalEvaluate(Func<Tensor> closure, Tensor[] x, double t, double[] d)
    {
        AddToParams(t, d);
        double loss = Evaluate(closure).Item();
        var grad = GatherFlatGrad();
        for (int i = 0; i < x.Length; i++) Params[i].Copy_(x[i]);
        return (loss, grad);
    }
}
