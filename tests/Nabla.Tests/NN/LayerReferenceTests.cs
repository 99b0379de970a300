using System.Globalization;
using System.Text.Json;
using Nabla.NN;
using Nabla.Tests.Reference;

namespace Nabla.Tests.NN;

/// <summary>
/// Layers against PyTorch (tests/reference/layers.json, written by tests/reference/generate_layers.py): each case
/// loads PyTorch's state dict into the Nabla layer, runs the same steps (train/eval, forward, backward) and compares
/// outputs, input and parameter gradients, and buffers (running statistics) after every step.
/// </summary>
public class LayerReferenceTests
{
    private static readonly Lazy<Dictionary<string, JsonElement>> Cases = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "reference", "layers.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.Clone());
    });

    public static TheoryData<string> CaseNames() => new(Cases.Value.Keys);

    [Fact]
    public void FileCoversEveryLayerWithReferenceValues()
    {
        var modules = Cases.Value.Values.Select(c => c.GetProperty("module").GetString()).Distinct().Order().ToList();
        Assert.Equal(["batchnorm1d", "embedding", "layernorm", "linear"], modules);
        Assert.Contains("batchnorm1d/running_stats/float64", Cases.Value.Keys);
        Assert.Contains("embedding/padding_idx/float32", Cases.Value.Keys);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesPyTorch(string name)
    {
        var c = Cases.Value[name];
        var dtype = ReferenceCase.ParseDType(c.GetProperty("dtype").GetString()!);
        var module = Build(c.GetProperty("module").GetString()!, c.GetProperty("config"), dtype);
        var state = c.GetProperty("state").EnumerateObject()
            .ToDictionary(p => p.Name, p => ReferenceTensor.Parse(p.Value).ToTensor("float64"));
        module.LoadStateDict(state);

        int stepIndex = 0;
        foreach (var step in c.GetProperty("steps").EnumerateArray())
        {
            string where = $"{name} step {stepIndex++}";
            module.Train(step.GetProperty("train").GetBoolean());
            module.ZeroGrad();
            bool withGrad = step.TryGetProperty("grad_output", out var gradOutput);
            var input = ReferenceTensor.Parse(step.GetProperty("input")).ToTensor("float64");
            if (withGrad && input.DType.IsFloatingPoint()) input.RequiresGrad = true;

            var output = module.Call(input);
            AssertClose(where + " output", step.GetProperty("output"), output);

            if (withGrad)
            {
                output.Backward(ReferenceTensor.Parse(gradOutput).ToTensor("float64"));
                var grads = step.GetProperty("grads");
                if (grads.GetProperty("input").ValueKind != JsonValueKind.Null)
                    AssertClose(where + " input grad", grads.GetProperty("input"), input.Grad);
                foreach (var (paramName, p) in module.NamedParameters())
                    AssertClose($"{where} {paramName} grad", grads.GetProperty(paramName), p.Grad);
            }
            if (step.TryGetProperty("state_after", out var after))
            {
                var buffers = module.NamedBuffers().ToDictionary(b => b.Name, b => b.Buffer);
                Assert.Equal(after.EnumerateObject().Select(p => p.Name).Order(), buffers.Keys.Order());
                foreach (var p in after.EnumerateObject())
                    AssertClose($"{where} {p.Name}", p.Value, buffers[p.Name]);
            }
        }
    }

    private static Module<Tensor, Tensor> Build(string module, JsonElement config, DType dtype)
    {
        int I(string key) => config.GetProperty(key).GetInt32();
        double D(string key) => config.GetProperty(key).GetDouble();
        bool B(string key) => config.GetProperty(key).GetBoolean();
        bool Null(string key) => config.GetProperty(key).ValueKind == JsonValueKind.Null;
        return module switch
        {
            "linear" => new Linear(I("in_features"), I("out_features"), B("bias"), dtype),
            "batchnorm1d" => new BatchNorm1d(I("num_features"), D("eps"), Null("momentum") ? null : D("momentum"), B("affine"),
                B("track_running_stats"), dtype),
            "layernorm" => new LayerNorm(config.GetProperty("normalized_shape").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
                D("eps"), B("elementwise_affine"), dtype),
            "embedding" => new Embedding(I("num_embeddings"), I("embedding_dim"), Null("padding_idx") ? null : I("padding_idx"), dtype),
            _ => throw new InvalidDataException($"unknown module '{module}' in layers.json"),
        };
    }

    /// <summary>|actual − expected| ≤ max(rtol·|expected|, atol): Float64 1e-9 / 1e-12, Float32 1e-4 / 1e-5, Int64 exact.</summary>
    private static void AssertClose(string what, JsonElement expectedJson, Tensor? actual)
    {
        Assert.True(actual is not null, $"{what}: expected a tensor, got null");
        var expected = ReferenceTensor.Parse(expectedJson);
        var expectedDType = ReferenceCase.ParseDType(expected.DType!);
        Assert.True(expected.Shape.SequenceEqual(actual!.Shape),
            $"{what}: shape [{string.Join(", ", actual.Shape)}], expected [{string.Join(", ", expected.Shape)}]");
        Assert.True(actual.DType == expectedDType, $"{what}: dtype {actual.DType}, expected {expectedDType}");
        var (rtol, atol) = expectedDType switch { DType.Float64 => (1e-9, 1e-12), DType.Float32 => (1e-4, 1e-5), _ => (0.0, 0.0) };
        var got = actual.ToDoubleArray();
        for (int i = 0; i < got.Length; i++)
        {
            double e = expected.Data[i];
            Assert.True(Math.Abs(got[i] - e) <= Math.Max(rtol * Math.Abs(e), atol),
                string.Create(CultureInfo.InvariantCulture, $"{what}: element {i} is {got[i]:R}, PyTorch gives {e:R}"));
        }
    }
}
