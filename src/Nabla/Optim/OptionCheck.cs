namespace Nabla.Optim;

/// <summary>
/// The checks of one param group's options, handed to <see cref="Optimizer.Validate"/> both when a group is added and
/// when a state dict is loaded, so a loaded group is held to exactly the rules of a constructed one. A failed check
/// throws an ArgumentException naming the optimizer (and LoadStateDict when loading), the group, the option and the rule.
/// </summary>
public readonly struct OptionCheck
{
    private readonly string owner;

    internal OptionCheck(string owner, ParamGroup group, int index) => (this.owner, Group, Index) = (owner, group, index);

    /// <summary>The group being checked, with every option filled in.</summary>
    public ParamGroup Group { get; }

    /// <summary>The group's position in the optimizer.</summary>
    public int Index { get; }

    /// <summary>Throws unless <paramref name="valid"/> holds for the group's value of <paramref name="option"/>;
    /// <paramref name="rule"/> completes "it must be ...".</summary>
    public void Require(string option, Func<double, bool> valid, string rule)
    {
        double value = Group[option];
        if (!valid(value)) throw Fail($"invalid {option} {value} in param group {Index}; it must be {rule}.");
    }

    /// <summary>Each option ≥ 0 (NaN fails).</summary>
    public void NonNegative(params string[] options)
    {
        foreach (var option in options) Require(option, v => v >= 0, "≥ 0");
    }

    /// <summary>Each option in [0, 1), as a momentum coefficient or an Adam beta must be.</summary>
    public void Beta(params string[] options)
    {
        foreach (var option in options) Require(option, v => v >= 0 && v < 1, "in [0, 1)");
    }

    /// <summary>Each option 0 or 1 (a boolean).</summary>
    public void Flag(params string[] options)
    {
        foreach (var option in options) Require(option, v => v is 0 or 1, "0 or 1 (false or true)");
    }

    /// <summary>Each option a whole number from <paramref name="min"/> to int.MaxValue.</summary>
    public void WholeNumber(int min, params string[] options)
    {
        foreach (var option in options)
            Require(option, v => v >= min && v <= int.MaxValue && Math.Floor(v) == v, $"a whole number ≥ {min}");
    }

    /// <summary>An exception for any other broken rule: "{optimizer}: {problem}".</summary>
    public ArgumentException Fail(string problem) => new($"{owner}: {problem}");
}
