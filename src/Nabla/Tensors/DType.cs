namespace Nabla;

/// <summary>Element type of a tensor. Float32 is the default; Int64 holds class indices and other integer data.</summary>
public enum DType
{
    Float32,
    Float64,
    Int64,
}

public static class DTypeExtensions
{
    public static bool IsFloatingPoint(this DType dtype) => dtype is DType.Float32 or DType.Float64;

    public static int ElementSize(this DType dtype) => dtype == DType.Float32 ? 4 : 8;

    /// <summary>PyTorch's name, as printed by ToString (torch.float32 ...).</summary>
    public static string TorchName(this DType dtype) => dtype switch
    {
        DType.Float32 => "torch.float32",
        DType.Float64 => "torch.float64",
        _ => "torch.int64",
    };

    /// <summary>Type promotion for binary ops: Float64 wins over Float32, any float wins over Int64.</summary>
    internal static DType Promote(DType a, DType b)
    {
        if (a == b) return a;
        if (a == DType.Float64 || b == DType.Float64) return DType.Float64;
        return DType.Float32;
    }
}
