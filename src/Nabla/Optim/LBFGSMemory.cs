namespace Nabla.Optim;

/// <summary>
/// What LBFGS remembers between iterations (PyTorch's names): the last direction d and step length t, the curvature
/// pairs (y = old_dirs, s = old_stps, ro = 1/yᵀs), the initial inverse-Hessian scale H_diag, and the previous gradient
/// and loss. Read from and written back to the first parameter's <see cref="ParamState"/>.
/// </summary>
internal sealed class LBFGSMemory
{
    private readonly List<double[]> oldDirs = [], oldStps = [];
    private readonly List<double> ro = [];

    public double[]? D { get; private set; }
    public double T { get; set; }
    public double HDiag { get; private set; } = 1;
    public double[]? PrevFlatGrad { get; private set; }
    public double PrevLoss { get; private set; }

    public static LBFGSMemory Read(ParamState state)
    {
        var m = new LBFGSMemory
        {
            D = Vector(state, "d"), T = state.Scalar("t"), HDiag = state.Scalar("H_diag", 1),
            PrevFlatGrad = Vector(state, "prev_flat_grad"), PrevLoss = state.Scalar("prev_loss"),
        };
        if (state.TryGetBuffer("ro", out var ro))
        {
            m.ro.AddRange(ro.ToDoubleArray());
            m.oldDirs.AddRange(Rows(state.Buffers["old_dirs"]));
            m.oldStps.AddRange(Rows(state.Buffers["old_stps"]));
        }
        return m;
    }

    public void Write(ParamState state, DType dtype)
    {
        if (D is not null) state.SetBuffer("d", Tensor.FromArray(D, [D.Length], dtype));
        if (PrevFlatGrad is not null) state.SetBuffer("prev_flat_grad", Tensor.FromArray(PrevFlatGrad, [PrevFlatGrad.Length], dtype));
        state.SetScalar("t", T);
        state.SetScalar("H_diag", HDiag);
        state.SetScalar("prev_loss", PrevLoss);
        foreach (var name in new[] { "old_dirs", "old_stps", "ro" }) state.Remove(name);
        if (ro.Count == 0) return; // an empty history is stored as no entries
        int n = oldDirs[0].Length;
        state.SetBuffer("old_dirs", Tensor.FromArray(oldDirs.SelectMany(v => v).ToArray(), [oldDirs.Count, n], dtype));
        state.SetBuffer("old_stps", Tensor.FromArray(oldStps.SelectMany(v => v).ToArray(), [oldStps.Count, n], dtype));
        state.SetBuffer("ro", Tensor.FromArray(ro.ToArray(), [ro.Count], dtype));
    }

    /// <summary>The first iteration: steepest descent, no history.</summary>
    public void Restart(double[] flatGrad)
    {
        D = FlatVector.Scale(flatGrad, -1);
        oldDirs.Clear();
        oldStps.Clear();
        ro.Clear();
        HDiag = 1;
    }

    /// <summary>Adds the pair (y, s) of the last step if yᵀs &gt; 1e-10, then d = −H·g by the two-loop recursion.</summary>
    public void Update(double[] flatGrad, double t, int historySize)
    {
        if (D is null || PrevFlatGrad is null || oldDirs.Count != oldStps.Count || oldDirs.Count != ro.Count)
            throw new InvalidOperationException("LBFGS.Step: the state is incomplete (d, prev_flat_grad, old_dirs, old_stps and ro must be saved together).");
        var y = FlatVector.Subtract(flatGrad, PrevFlatGrad);
        var s = FlatVector.Scale(D, t);
        double ys = FlatVector.Dot(y, s);
        if (ys > 1e-10)
        {
            if (oldDirs.Count == historySize)
            {
                oldDirs.RemoveAt(0);
                oldStps.RemoveAt(0);
                ro.RemoveAt(0);
            }
            oldDirs.Add(y);
            oldStps.Add(s);
            ro.Add(1.0 / ys);
            HDiag = ys / FlatVector.Dot(y, y);
        }
        var al = new double[oldDirs.Count];
        var q = FlatVector.Scale(flatGrad, -1);
        for (int i = oldDirs.Count - 1; i >= 0; i--)
        {
            al[i] = FlatVector.Dot(oldStps[i], q) * ro[i];
            FlatVector.AddScaled(q, oldDirs[i], -al[i]);
        }
        var r = FlatVector.Scale(q, HDiag);
        for (int i = 0; i < oldDirs.Count; i++)
        {
            double be = FlatVector.Dot(oldDirs[i], r) * ro[i];
            FlatVector.AddScaled(r, oldStps[i], al[i] - be);
        }
        D = r;
    }

    public void RememberGradient(double[] flatGrad, double loss)
    {
        PrevFlatGrad = (double[])flatGrad.Clone();
        PrevLoss = loss;
    }

    private static double[]? Vector(ParamState state, string name) =>
        state.TryGetBuffer(name, out var value) ? value.ToDoubleArray() : null;

    private static IEnumerable<double[]> Rows(Tensor matrix)
    {
        var values = matrix.ToDoubleArray();
        int n = matrix.Shape[1];
        for (int k = 0; k < matrix.Shape[0]; k++) yield return values[(k * n)..((k + 1) * n)];
    }
}

/// <summary>The few vector operations LBFGS needs, on flat double arrays.</summary>
internal static class FlatVector
{
    public static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    public static double AbsMax(double[] a) => a.Length == 0 ? 0 : a.Max(Math.Abs);

    public static double AbsSum(double[] a) => a.Sum(Math.Abs);

    public static double[] Scale(double[] a, double factor) => a.Select(v => v * factor).ToArray();

    public static double[] Subtract(double[] a, double[] b) => a.Select((v, i) => v - b[i]).ToArray();

    /// <summary>a = a + alpha·b, fused as PyTorch's CPU add_ (alpha=...) is compiled.</summary>
    public static void AddScaled(double[] a, double[] b, double alpha)
    {
        for (int i = 0; i < a.Length; i++) a[i] = Math.FusedMultiplyAdd(alpha, b[i], a[i]);
    }
}
