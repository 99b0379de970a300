namespace Nabla.Optim;

/// <summary>Reads numbers out of a state dict of tensors (optimizers' and schedules'), with errors that name the owner
/// ("Adam.LoadStateDict: ..."), the key and the problem.</summary>
internal readonly struct StateDictReader(string owner, IReadOnlyDictionary<string, Tensor> dict)
{
    /// <summary>Step counts and epochs are stored as doubles; beyond 2^53 they would no longer count by one.</summary>
    public const double MaxCount = 9007199254740992;

    public ArgumentException Error(string problem) => new($"{owner}.LoadStateDict: {problem}");

    public Tensor Tensor(string key) => dict.TryGetValue(key, out var value) ? value
        : throw Error($"the state dict has no '{key}'.");

    /// <summary>The one number in <paramref name="value"/> (stored under <paramref name="key"/>).</summary>
    public double Scalar(string key, Tensor value) => value.Numel == 1 ? value.Item()
        : throw Error($"'{key}' should hold one number, it has shape {ShapeUtil.Format(value.ShapeRef)}.");

    public double Scalar(string key) => Scalar(key, Tensor(key));

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; <paramref name="what"/> names it
    /// in the error ("step of parameter 3 (param group 1)").</summary>
    public long Count(string key, Tensor value, string what, long min = 0, double max = MaxCount)
    {
        double v = Scalar(key, value);
        if (!(v >= min && v <= max && Math.Floor(v) == v))
            throw Error($"{what} is {v}; it must be a whole number from {min} to {max}.");
        return (long)v;
    }

    /// <summary>A 1-D list of <paramref name="length"/> numbers (one per param group).</summary>
    public double[] Vector(string key, int length)
    {
        var value = Tensor(key);
        if (value.Rank != 1 || value.Numel != length)
            throw Error($"'{key}' has shape {ShapeUtil.Format(value.ShapeRef)}; expected [{length}] (one value per param group).");
        return value.ToDoubleArray();
    }

    /// <summary>Throws on the first key that is neither in <paramref name="known"/> nor accepted by
    /// <paramref name="alsoKnown"/>.</summary>
    public void RejectUnknownKeys(IReadOnlyCollection<string> known, Func<string, bool>? alsoKnown = null)
    {
        foreach (var key in dict.Keys)
            if (!known.Contains(key) && alsoKnown?.Invoke(key) != true) throw Error($"unexpected key '{key}'.");
    }
}
