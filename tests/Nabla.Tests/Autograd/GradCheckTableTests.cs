using Nabla.Checks;
namespace Nabla.Tests.Autograd;

/// <summary>Runs GradCheck and GradGradCheck over every row of the op table.</summary>
public class GradCheckTableTests
{
    public static TheoryData<string> FirstOrder() => new(OpCatalog.GradCheckCases.Select(c => c.Name));

    public static TheoryData<string> SecondOrder() => new(OpCatalog.GradCheckCases.Where(c => c.SecondOrder).Select(c => c.Name));

    private static OpCase Find(string name) => OpCatalog.GradCheckCases.Single(c => c.Name == name);

    [Theory]
    [MemberData(nameof(FirstOrder))]
    public void GradCheckPasses(string name)
    {
        var op = Find(name);
        Assert.True(Nabla.Autograd.GradCheck(op.Function, op.Inputs(new Generator(42)), name: name));
    }

    [Theory]
    [MemberData(nameof(SecondOrder))]
    public void GradGradCheckPasses(string name)
    {
        var op = Find(name);
        Assert.True(Nabla.Autograd.GradGradCheck(op.Function, op.Inputs(new Generator(7)), name: name));
    }

    [Fact]
    public void TableCoversBroadcastZeroDimAndNonContiguousInputs()
    {
        var inputs = OpCatalog.GradCheckCases.SelectMany(c => c.Inputs(new Generator(1))).ToList();
        Assert.Contains(inputs, t => t.Rank == 0);
        Assert.Contains(inputs, t => !t.IsContiguous);
        Assert.Contains(inputs, t => t.Shape.Contains(1));
        Assert.True(OpCatalog.GradCheckCases.Count >= 60);
    }
}
