namespace Nabla.NN.Models;

/// <summary>Argument checks shared by the zoo's constructors.</summary>
internal static class ZooChecks
{
    public static void Classes(int classes, string model)
    {
        if (classes < 1) throw new ArgumentException($"{model}: the number of classes must be positive, got {classes}.", nameof(classes));
    }

    public static void Dropout(double p, string model)
    {
        if (!(p >= 0 && p < 1)) throw new ArgumentException($"{model}: dropout must be in [0, 1), got {p}.", nameof(p));
    }
}
