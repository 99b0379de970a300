using System.Numerics.Tensors;

namespace Nabla;

public sealed partial class Tensor
{
    public static Tensor Zeros(int[] shape, DType dtype = DType.Float32, bool requiresGrad = false) => Zeros(shape, dtype, "Zeros", requiresGrad);

    /// <summary>Zeros that reports a bad shape as an error of op.</summary>
    internal static Tensor Zeros(int[] shape, DType dtype, string op, bool requiresGrad = false) =>
        Leaf(new Tensor(Storage.AllocateZeroed(dtype, CheckedNumel(op, shape)), (int[])shape.Clone(), ShapeUtil.ContiguousStrides(shape), 0), requiresGrad);

    public static Tensor Ones(int[] shape, DType dtype = DType.Float32, bool requiresGrad = false) => Full(shape, 1.0, dtype, requiresGrad);

    public static Tensor Full(int[] shape, double value, DType dtype = DType.Float32, bool requiresGrad = false)
    {
        CheckedNumel("Full", shape);
        var t = new Tensor(dtype, (int[])shape.Clone());
        t.FillRaw(value);
        return Leaf(t, requiresGrad);
    }

    public static Tensor ZerosLike(Tensor t) => Zeros(t.shape, t.DType);
    public static Tensor OnesLike(Tensor t) => Ones(t.shape, t.DType);
    public static Tensor FullLike(Tensor t, double value) => Full(t.shape, value, t.DType);

    /// <summary>A 0-d tensor holding one value.</summary>
    public static Tensor Scalar(double value, DType dtype = DType.Float32, bool requiresGrad = false) => Full([], value, dtype, requiresGrad);

    /// <summary>Values start, start+step, … below end (PyTorch's arange); Int64 when all arguments are whole and no dtype is given.</summary>
    public static Tensor Arange(double start, double end, double step = 1, DType? dtype = null)
    {
        if (!double.IsFinite(start) || !double.IsFinite(end) || !double.IsFinite(step))
            throw new ArgumentException($"Arange: start, end and step must be finite, got {start}, {end} and {step}.");
        if (step == 0) throw new ArgumentException("Arange: step must be non-zero.");
        if ((end - start) / step < 0 && end != start)
            throw new ArgumentException($"Arange: the range {start} to {end} is empty or runs against step {step}.");
        double count = Math.Ceiling((end - start) / step);
        if (count > int.MaxValue)
            throw new ArgumentException($"Arange: the range {start} to {end} with step {step} has {count} values, more than {int.MaxValue} (int.MaxValue).");
        int n = (int)count;
        var type = dtype ?? (IsWhole(start) && IsWhole(end) && IsWhole(step) ? DType.Int64 : DType.Float32);
        var values = new double[Math.Max(n, 0)];
        for (int i = 0; i < values.Length; i++) values[i] = start + i * step;
        return FromDoubles(values, [values.Length], type);
    }

    public static Tensor Arange(double end, DType? dtype = null) => Arange(0, end, 1, dtype);

    /// <summary>steps evenly spaced values from start to end inclusive.</summary>
    public static Tensor Linspace(double start, double end, int steps, DType dtype = DType.Float32)
    {
        if (steps < 0) throw new ArgumentException($"Linspace: steps must be non-negative, got {steps}.");
        if (!double.IsFinite(start) || !double.IsFinite(end))
            throw new ArgumentException($"Linspace: start and end must be finite, got {start} and {end}.");
        var values = new double[steps];
        double delta = steps > 1 ? (end - start) / (steps - 1) : 0;
        // Fill from both ends, as PyTorch does, so the last value is exactly end.
        for (int i = 0; i < steps; i++) values[i] = i < steps / 2 ? start + i * delta : end - (steps - 1 - i) * delta;
        if (steps == 1) values[0] = start;
        return FromDoubles(values, [steps], dtype);
    }

    /// <summary>Identity matrix (n × m, m defaults to n).</summary>
    public static Tensor Eye(int n, int? m = null, DType dtype = DType.Float32)
    {
        int cols = m ?? n;
        var y = Zeros([n, cols], dtype, op: "Eye");
        // Diagonal element i sits at i·(cols + 1): a long, since for a wide matrix cols + 1 alone may overflow.
        for (int i = 0; i < Math.Min(n, cols); i++) y.SetRaw((int)(i * (cols + 1L)), 1);
        return y;
    }

    public static Tensor FromArray(float[] data, params int[] shape) => FromTyped("FromArray", data, shape);
    public static Tensor FromArray(double[] data, params int[] shape) => FromTyped("FromArray", data, shape);
    public static Tensor FromArray(long[] data, params int[] shape) => FromTyped("FromArray", data, shape);

    /// <summary>A 1-d tensor of the given values.</summary>
    public static Tensor FromArray(float[] data) => FromArray(data, data.Length);
    public static Tensor FromArray(double[] data) => FromArray(data, data.Length);
    public static Tensor FromArray(long[] data) => FromArray(data, data.Length);

    /// <summary>A 2-d tensor of a C# rectangular array ([rows, columns], row-major as C# stores it).</summary>
    public static Tensor FromArray(float[,] data) => FromMatrix(data);
    public static Tensor FromArray(double[,] data) => FromMatrix(data);
    public static Tensor FromArray(long[,] data) => FromMatrix(data);

    private static Tensor FromMatrix<T>(T[,] data) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        var flat = new T[data.Length];
        Buffer.BlockCopy(data, 0, flat, 0, data.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        return Wrap(flat, [data.GetLength(0), data.GetLength(1)]);
    }

    /// <summary>A tensor of any dtype from double values (converted).</summary>
    public static Tensor FromArray(double[] data, int[] shape, DType dtype) => FromDoubles(data, shape, dtype);

    private static Tensor FromTyped<T>(string op, T[] data, int[] shape) where T : unmanaged
    {
        int n = CheckedNumel(op, shape);
        if (n != data.Length)
            throw new ArgumentException($"{op}: {data.Length} values cannot fill a tensor of shape {ShapeUtil.Format(shape)} ({n} elements).");
        return Wrap((T[])data.Clone(), (int[])shape.Clone());
    }

    internal static Tensor FromDoubles(double[] values, int[] shape, DType dtype)
    {
        var t = FromTyped("FromArray", values, shape);
        return dtype == DType.Float64 ? t : t.To(dtype);
    }

    private static int CheckedNumel(string op, int[] shape) => ShapeUtil.Numel(op, shape);

    private static bool IsWhole(double v) => Math.Abs(v - Math.Round(v)) == 0;

    private static Tensor Leaf(Tensor t, bool requiresGrad)
    {
        if (requiresGrad) t.RequiresGrad = true;
        return t;
    }

    /// <summary>Writes value into every element of this (contiguous) tensor, bypassing autograd.</summary>
    internal void FillRaw(double value)
    {
        switch (DType)
        {
            case DType.Float32: Span<float>().Fill((float)value); break;
            case DType.Float64: Span<double>().Fill(value); break;
            default: Span<long>().Fill((long)value); break;
        }
    }

    /// <summary>Writes value at storage position offset + at (contiguous tensors), bypassing autograd.</summary>
    private void SetRaw(int at, double value)
    {
        switch (DType)
        {
            case DType.Float32: Span<float>()[at] = (float)value; break;
            case DType.Float64: Span<double>()[at] = value; break;
            default: Span<long>()[at] = (long)value; break;
        }
    }

    internal static void Convert<TFrom, TTo>(ReadOnlySpan<TFrom> src, Span<TTo> dst)
        where TFrom : unmanaged, System.Numerics.INumberBase<TFrom> where TTo : unmanaged, System.Numerics.INumberBase<TTo> =>
        TensorPrimitives.ConvertTruncating(src, dst);
}
