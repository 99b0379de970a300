using Nabla.NN;

namespace Nabla.Tests.NN;

/// <summary>Losses: GradCheck for every loss and option in Float64, GradGradCheck for all of them (the course's
/// second-order work uses MSE and cross-entropy), semantics PyTorch defines beyond the formulas, the course's
/// weighted BCE, stability, module behaviour and error messages.</summary>
public class LossTests
{
    private static Tensor Randn(long seed, params int[] shape) => Tensor.Randn(shape, seed, DType.Float64, requiresGrad: true);

    private static Tensor Uniform(long seed, double lo, double hi, params int[] shape) =>
        (Tensor.Rand(shape, seed, DType.Float64) * (hi - lo) + lo).Detach().RequiresGrad_();

    private static Tensor Constant(long seed, double lo, double hi, params int[] shape) => Uniform(seed, lo, hi, shape).Detach();

    private static Tensor Probs(long seed, params int[] shape) => Tensor.Randn(shape, seed, DType.Float64).Softmax(-1).RequiresGrad_();

    private static Tensor Labels(params long[] values) => Tensor.FromArray(values);

    private static Tensor Signs(params double[] values) => Tensor.FromArray(values);

    /// <summary>name → (loss of the inputs, inputs). Inputs that require grad are differentiated; the rest are constants.</summary>
    private static readonly Dictionary<string, (Func<Tensor[], Tensor> F, Func<Tensor[]> Inputs)> Cases = new()
    {
        ["CrossEntropy index"] = (x => Functional.CrossEntropy(x[0], Labels(0, 3, 1, 3)), () => [Randn(1, 4, 5)]),
        ["CrossEntropy weight ignore sum"] = (x => Functional.CrossEntropy(x[0], Labels(0, -100, 1, 3), Constant(2, 0.2, 2, 5), reduction: Reduction.Sum),
            () => [Randn(3, 4, 5)]),
        ["CrossEntropy weight ignore smoothing mean"] = (x => Functional.CrossEntropy(x[0], Labels(2, -100, 1, 4), Constant(4, 0.2, 2, 5),
            labelSmoothing: 0.2), () => [Randn(5, 4, 5)]),
        ["CrossEntropy smoothing none"] = (x => Functional.CrossEntropy(x[0], Labels(2, 0, 1), reduction: Reduction.None, labelSmoothing: 0.1),
            () => [Randn(6, 3, 4)]),
        ["CrossEntropy probabilities weight smoothing"] = (x => Functional.CrossEntropy(x[0], x[1], Constant(7, 0.2, 2, 4), labelSmoothing: 0.1),
            () => [Randn(8, 3, 4), Probs(9, 3, 4)]),
        ["CrossEntropy spatial"] = (x => Functional.CrossEntropy(x[0], Tensor.FromArray(new long[] { 0, 2, 1, -100, 2, 2 }, 2, 3)),
            () => [Randn(10, 2, 3, 3)]),
        ["NLLLoss weight"] = (x => Functional.NllLoss(x[0], Labels(1, 0, 2), Constant(11, 0.5, 1.5, 3)), () => [Randn(12, 3, 3)]),
        ["KLDivLoss batchmean"] = (x => Functional.KlDiv(x[0].LogSoftmax(1), x[1], Reduction.BatchMean), () => [Randn(13, 3, 4), Probs(14, 3, 4)]),
        ["KLDivLoss log target"] = (x => Functional.KlDiv(x[0], x[1], Reduction.Sum, logTarget: true), () => [Randn(15, 3, 4), Randn(16, 3, 4)]),
        ["BCELoss weight"] = (x => Functional.BinaryCrossEntropy(x[0], x[1], Constant(17, 0.5, 2, 4)), () => [Uniform(18, 0.1, 0.9, 3, 4), Uniform(19, 0, 1, 3, 4)]),
        ["BCEWithLogitsLoss weight posWeight"] = (x => Functional.BinaryCrossEntropyWithLogits(x[0], x[1], Constant(20, 0.5, 2, 3, 1),
            Constant(21, 0.5, 5, 4)), () => [Randn(22, 3, 4), Uniform(23, 0, 1, 3, 4)]),
        ["MSELoss"] = (x => Functional.MseLoss(x[0], x[1]), () => [Randn(24, 3, 4), Randn(25, 3, 4)]),
        ["MSELoss sum"] = (x => Functional.MseLoss(x[0], x[1], Reduction.Sum), () => [Randn(26, 5), Randn(27, 5)]),
        ["L1Loss"] = (x => Functional.L1Loss(x[0], x[1], Reduction.None), () => [Randn(28, 3, 4), Randn(29, 3, 4)]),
        ["HuberLoss delta 0.5"] = (x => Functional.HuberLoss(x[0], x[1], delta: 0.5), () => [Randn(30, 3, 4), Randn(31, 3, 4)]),
        ["SmoothL1Loss beta 0.5"] = (x => Functional.SmoothL1Loss(x[0], x[1], Reduction.Sum, beta: 0.5), () => [Randn(32, 3, 4), Randn(33, 3, 4)]),
        ["CosineSimilarity"] = (x => Functional.CosineSimilarity(x[0], x[1]), () => [Randn(34, 3, 4), Randn(35, 3, 4)]),
        ["CosineSimilarity broadcast"] = (x => Functional.CosineSimilarity(x[0], x[1], dim: -1), () => [Randn(36, 2, 3, 4), Randn(37, 4)]),
        ["CosineEmbeddingLoss margin"] = (x => Functional.CosineEmbeddingLoss(x[0], x[1], Signs(1, -1, -1, 1), margin: -0.3),
            () => [Randn(38, 4, 3), Randn(39, 4, 3)]),
        ["HingeEmbeddingLoss"] = (x => Functional.HingeEmbeddingLoss(x[0], Signs(1, -1, -1, 1, -1), margin: 2),
            () => [Tensor.FromArray([0.3, 0.5, 1.4, 2.2, 2.7]).RequiresGrad_()]),
        ["MarginRankingLoss"] = (x => Functional.MarginRankingLoss(x[0], x[1], Signs(1, -1, 1, -1), margin: 0.1),
            () => [Tensor.FromArray([0.3, 0.5, -1.0, 2.0]).RequiresGrad_(), Tensor.FromArray([0.9, -0.4, 0.2, 1.0]).RequiresGrad_()]),
        ["MultiMarginLoss p 1"] = (x => Functional.MultiMarginLoss(x[0], Labels(0, 2, 1)), () => [Tensor.FromArray(new[] { 0.5, 0.1, -0.3, 0.2, 0.6, 1.1, -0.7, 0.4, 0.05 }, 3, 3).RequiresGrad_()]),
        ["MultiMarginLoss p 2 weight"] = (x => Functional.MultiMarginLoss(x[0], Labels(2, 0, 1), p: 2, margin: 0.8, weight: Tensor.FromArray([0.5, 1.0, 2.0])),
            () => [Tensor.FromArray(new[] { 0.5, 0.1, -0.3, 0.2, 0.6, 1.1, -0.7, 0.4, 0.05 }, 3, 3).RequiresGrad_()]),
    };

    public static TheoryData<string> Names() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void GradCheckPasses(string name) => Assert.True(Nabla.Autograd.GradCheck(Cases[name].F, Cases[name].Inputs(), name: name));

    [Theory]
    [MemberData(nameof(Names))]
    public void GradGradCheckPasses(string name) => Assert.True(Nabla.Autograd.GradGradCheck(Cases[name].F, Cases[name].Inputs(), name: name));

    [Fact]
    public void CourseWeightedBceEqualsBceWithPerSampleWeights()
    {
        // L = −[α·y·log ŷ + β·(1−y)·log(1−ŷ)] for a 10:1 imbalanced set equals BCELoss with w = α·y + β·(1−y)
        const double alpha = 10, beta = 1;
        var y = Tensor.FromArray([1.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        var logits = Tensor.Randn([12], 40, DType.Float64, requiresGrad: true);
        var course = -(alpha * y * logits.Sigmoid().Log() + beta * (1.0 - y) * (1.0 - logits.Sigmoid()).Log()).Mean();
        var gCourse = Nabla.Autograd.Grad(course, logits).ToDoubleArray();

        var weighted = new BCELoss(weight: alpha * y + beta * (1.0 - y)).Forward(logits.Sigmoid(), y);
        var gWeighted = Nabla.Autograd.Grad(weighted, logits).ToDoubleArray();
        Assert.Equal(course.Item(), weighted.Item(), 1e-14);
        for (int i = 0; i < 12; i++) Assert.Equal(gCourse[i], gWeighted[i], 1e-14);

        // and the same weighting on logits: BCEWithLogits with w, with no probability ever formed
        var fromLogits = Functional.BinaryCrossEntropyWithLogits(logits, y, weight: alpha * y + beta * (1.0 - y));
        Assert.Equal(course.Item(), fromLogits.Item(), 1e-14);
    }

    [Fact]
    public void PosWeightEqualsWeightingThePositiveTerm()
    {
        // pos_weight p multiplies only the y·log σ(x) term: the same as the course's α = p, β = 1 on probabilities
        var x = Tensor.Randn([6], 41, DType.Float64);
        var y = Tensor.FromArray([1.0, 0, 1, 0, 0, 0]);
        var withPos = Functional.BinaryCrossEntropyWithLogits(x, y, posWeight: Tensor.FromArray([5.0]));
        var p = x.Sigmoid();
        var manual = -(5.0 * y * p.Log() + (1.0 - y) * (1.0 - p).Log()).Mean();
        Assert.Equal(manual.Item(), withPos.Item(), 1e-14);
    }

    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void BceWithLogitsIsStableAtThousand(DType dtype)
    {
        var x = Tensor.FromArray([1000.0, -1000.0, 1000.0, -1000.0], [4], dtype).RequiresGrad_();
        var y = Tensor.FromArray([1.0, 0.0, 0.0, 1.0], [4], dtype);
        var loss = Functional.BinaryCrossEntropyWithLogits(x, y, posWeight: Tensor.FromArray([3.0], [1], dtype), reduction: Reduction.None);
        Assert.Equal([0.0, 0.0, 1000.0, 3000.0], loss.ToDoubleArray());
        loss.Sum().Backward();
        Assert.Equal([0.0, 0.0, 1.0, -3.0], x.Grad!.ToDoubleArray());   // (1 + (p−1)y)σ(x) − p·y
    }

    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void CrossEntropyIsStableForHugeLogits(DType dtype)
    {
        var x = Tensor.FromArray([1000.0, -1000.0, 0.0, 0.0, 1000.0, 999.0], [2, 3], dtype).RequiresGrad_();
        var loss = Functional.CrossEntropy(x, Labels(1, 1), reduction: Reduction.None);
        Assert.Equal(2000.0, loss.ToDoubleArray()[0], 1e-3);
        Assert.Equal(Math.Log(1 + Math.Exp(-1)), loss.ToDoubleArray()[1], 1e-6);   // logsumexp(0, 1000, 999) − 1000
        loss.Sum().Backward();
        Assert.All(x.Grad!.ToDoubleArray(), g => Assert.True(double.IsFinite(g)));
    }

    [Fact]
    public void CrossEntropyIsLogSoftmaxThenNll()
    {
        var x = Tensor.Randn([5, 4], 42, DType.Float64);
        var t = Labels(3, 0, 2, 2, 1);
        var w = Tensor.FromArray([0.5, 2.0, 1.0, 3.0]);
        Assert.Equal(Functional.NllLoss(x.LogSoftmax(1), t, w).Item(), Functional.CrossEntropy(x, t, w).Item(), 1e-15);
        // mean with class weights divides by Σ w[t] over the batch: here 3 + 0.5 + 1 + 1 + 2
        Assert.Equal(Functional.CrossEntropy(x, t, w, reduction: Reduction.Sum).Item() / 7.5, Functional.CrossEntropy(x, t, w).Item(), 1e-14);
    }

    [Fact]
    public void OneHotProbabilitiesAndSmoothedIndicesAgreeWithTheirIndexForms()
    {
        var x = Tensor.Randn([5, 4], 43, DType.Float64);
        var t = Labels(3, 0, 2, 2, 1);
        var oneHot = Tensor.OneHot(t, 4).Double();
        Assert.Equal(Functional.CrossEntropy(x, t).Item(), Functional.CrossEntropy(x, oneHot).Item(), 1e-14);
        // ε-smoothing of an index target = the probability target (1−ε)·onehot + ε/C
        Assert.Equal(Functional.CrossEntropy(x, t, labelSmoothing: 0.3).Item(), Functional.CrossEntropy(x, oneHot * 0.7 + 0.3 / 4).Item(), 1e-14);
        Assert.Equal(Functional.CrossEntropy(x, t, labelSmoothing: 0.3).Item(), Functional.CrossEntropy(x, oneHot, labelSmoothing: 0.3).Item(), 1e-14);
    }

    [Fact]
    public void AllIgnoredBatchGivesNaNMeanWithZeroGradients()
    {
        // PyTorch 1.13: mean over no targets is 0/0 = NaN, yet the gradient is zero (not NaN); sum and none are zeros
        var x = Tensor.Randn([3, 4], 44, DType.Float64, requiresGrad: true);
        var t = Labels(-100, -100, -100);
        foreach (var smoothing in new[] { 0.0, 0.1 })
        {
            var mean = Functional.CrossEntropy(x, t, Tensor.FromArray([1.0, 2, 3, 4]), labelSmoothing: smoothing);
            Assert.True(double.IsNaN(mean.Item()));
            Assert.Equal(new double[12], Nabla.Autograd.Grad(mean, x).ToDoubleArray());
            Assert.Equal(0.0, Functional.CrossEntropy(x, t, reduction: Reduction.Sum, labelSmoothing: smoothing).Item());
            Assert.Equal(new double[3], Functional.CrossEntropy(x, t, reduction: Reduction.None, labelSmoothing: smoothing).ToDoubleArray());
        }
        Assert.True(double.IsNaN(Functional.NllLoss(x, t).Item()));
    }

    [Fact]
    public void IgnoredTargetsGetNoGradientAndLeaveTheDenominator()
    {
        var x = Tensor.Randn([3, 4], 45, DType.Float64, requiresGrad: true);
        var loss = Functional.CrossEntropy(x, Labels(1, 7, 2), ignoreIndex: 7);
        var expected = (Functional.CrossEntropy(x[0].Unsqueeze(0), Labels(1)) + Functional.CrossEntropy(x[2].Unsqueeze(0), Labels(2))) / 2.0;
        Assert.Equal(expected.Item(), loss.Item(), 1e-15);
        var g = Nabla.Autograd.Grad(loss, x);
        Assert.Equal(new double[4], g[1].ToDoubleArray());
    }

    [Fact]
    public void KlDivergenceReductions()
    {
        var p = Tensor.Randn([4, 3], 46, DType.Float64).Softmax(1);
        var q = Tensor.Randn([4, 3], 47, DType.Float64).LogSoftmax(1);
        Assert.Equal(0.0, Functional.KlDiv(p.Log(), p, Reduction.Sum).Item(), 1e-15);   // KL(p‖p) = 0
        var sum = Functional.KlDiv(q, p, Reduction.Sum).Item();
        Assert.True(sum > 0);
        Assert.Equal(sum / 4, Functional.KlDiv(q, p, Reduction.BatchMean).Item(), 1e-15);
        Assert.Equal(sum / 12, Functional.KlDiv(q, p).Item(), 1e-15);
        Assert.Equal(sum, Functional.KlDiv(q, p.Log(), Reduction.Sum, logTarget: true).Item(), 1e-14);
        // zero probabilities contribute 0·log 0 = 0
        var withZero = Functional.KlDiv(Tensor.FromArray([-1.0, -2.0]), Tensor.FromArray([0.0, 1.0]), Reduction.Sum);
        Assert.Equal(2.0, withZero.Item(), 1e-15);
    }

    [Fact]
    public void BceClampsItsLogsAtMinusHundred()
    {
        var x = Tensor.FromArray([0.0, 1.0, 0.0]).RequiresGrad_();
        var loss = Functional.BinaryCrossEntropy(x, Tensor.FromArray([1.0, 0.0, 0.0]), reduction: Reduction.None);
        Assert.Equal([100.0, 100.0, 0.0], loss.ToDoubleArray());
        loss.Sum().Backward();
        var g = x.Grad!.ToDoubleArray();
        Assert.True(g[0] < -9e11 && g[1] > 9e11 && g[2] == 0, "the gradient is (x − y)/max(x(1−x), 1e-12), finite at 0 and 1");
    }

    [Fact]
    public void RegressionLossesSwitchRegimeAtDeltaAndBeta()
    {
        var x = Tensor.FromArray([0.0, 0.0, 0.0, 0.0]);
        var y = Tensor.FromArray([0.5, -1.0, 2.0, -3.0]);
        Assert.Equal([0.125, 0.5, 1.5, 2.5], Functional.HuberLoss(x, y, Reduction.None).ToDoubleArray());
        Assert.Equal([0.125, 0.5, 2.0, 4.0], Functional.HuberLoss(x, y, Reduction.None, delta: 2).ToDoubleArray());   // |d| = δ is linear
        Assert.Equal([0.125, 0.5, 1.5, 2.5], Functional.SmoothL1Loss(x, y, Reduction.None).ToDoubleArray());
        Assert.Equal([0.5, 1.0, 2.0, 3.0], Functional.SmoothL1Loss(x, y, Reduction.None, beta: 0).ToDoubleArray());
        Assert.Equal(Functional.L1Loss(x, y).Item(), Functional.SmoothL1Loss(x, y, beta: 0).Item());
        Assert.Equal((0.25 + 1 + 4 + 9) / 4, Functional.MseLoss(x, y).Item());
    }

    [Fact]
    public void CosineSimilarityOfParallelOrthogonalAndZeroVectors()
    {
        var a = Tensor.FromArray(new[] { 1.0, 2, 3, 1, 0, 0, 0, 0, 0 }, 3, 3);
        var b = Tensor.FromArray(new[] { 2.0, 4, 6, 0, 5, 0, 1, 1, 1 }, 3, 3);
        var cos = new CosineSimilarity().Forward(a, b).ToDoubleArray();
        Assert.Equal(1.0, cos[0], 1e-15);
        Assert.Equal(0.0, cos[1]);
        Assert.Equal(0.0, cos[2]);   // a zero vector: its norm is clamped at eps, no NaN
        var ab = Tensor.FromArray([1.0, 1.0]);
        Assert.Equal(Math.Sqrt(0.5), Functional.CosineSimilarity(ab, Tensor.FromArray([0.0, 3.0]), dim: 0).Item(), 1e-15);
    }

    [Fact]
    public void SiameseCosineEmbeddingPullsSimilarPairsAndPushesDissimilarOnes()
    {
        var x1 = Tensor.FromArray(new[] { 1.0, 0, 1, 0 }, 2, 2);
        var x2 = Tensor.FromArray(new[] { 1.0, 0, 0.6, 0.8 }, 2, 2);
        var loss = new CosineEmbeddingLoss(margin: 0.5, reduction: Reduction.None).Forward(x1, x2, Labels(1, -1));
        Assert.Equal(0.0, loss.ToDoubleArray()[0], 1e-11);          // identical, similar: 1 − cos = 0 (up to the 1e-12 guard)
        Assert.Equal(0.1, loss.ToDoubleArray()[1], 1e-11);          // dissimilar with cos 0.6 > margin 0.5: 0.6 − 0.5
    }

    [Fact]
    public void LossModulesMatchTheirFunctionsAndKeepWeightsAsBuffers()
    {
        var x = Tensor.Randn([4, 3], 48, DType.Float64);
        var t = Labels(2, 0, 1, 1);
        var w = Tensor.FromArray([1.0, 2.0, 0.5]);
        var ce = new CrossEntropyLoss(w, ignoreIndex: 0, labelSmoothing: 0.1);
        Assert.Equal(Functional.CrossEntropy(x, t, w, 0, labelSmoothing: 0.1).Item(), ce.Forward(x, t).Item());
        Assert.Equal(["weight"], ce.StateDict().Keys);
        Assert.Empty(ce.Parameters());

        var bce = new BCEWithLogitsLoss(posWeight: Tensor.FromArray([2.0, 1.0, 3.0]), reduction: Reduction.Sum);
        Assert.Equal(["pos_weight"], bce.StateDict().Keys);
        Assert.Equal("BCEWithLogitsLoss(reduction=Sum)", bce.ToString());
        var probs = Tensor.Rand([4, 3], 49, DType.Float64);
        Assert.Equal(Functional.BinaryCrossEntropyWithLogits(x, probs, posWeight: bce.PosWeight, reduction: Reduction.Sum).Item(),
            bce.Forward(x, probs).Item());

        // Module.To converts the weight buffers, so a Float32 model gets Float32 weights
        var nll = new NLLLoss(Tensor.FromArray([1.0, 2.0, 3.0]));
        nll.To(DType.Float32);
        Assert.Equal(DType.Float32, nll.Weight!.DType);
        Assert.Equal(DType.Float32, nll.Forward(x.Float().LogSoftmax(1), t).DType);

        Assert.Equal("HuberLoss(delta=0.5)", new HuberLoss(delta: 0.5).ToString());
        Assert.Equal("SmoothL1Loss(reduction=None, beta=2)", new SmoothL1Loss(Reduction.None, 2).ToString());
        Assert.Equal(Functional.MseLoss(x, x * 2).Item(), new MSELoss().Forward(x, x * 2).Item());
        Assert.Equal(Functional.MultiMarginLoss(x, t, 2, 0.5).Item(), new MultiMarginLoss(2, 0.5).Forward(x, t).Item());
        Assert.Equal(Functional.MarginRankingLoss(x[0], x[1], Signs(1, -1, 1)).Item(), new MarginRankingLoss().Forward(x[0], x[1], Signs(1, -1, 1)).Item());
    }

    [Fact]
    public void ErrorsNameTheLossAndTheShapes()
    {
        var x = Tensor.Ones([2, 3]);
        void Throws(string message, Action action) => Assert.Equal(message, Assert.Throws<ArgumentException>(action).Message);

        Throws("CrossEntropyLoss: target 3 is out of bounds for 3 classes (input shape [2, 3]).", () => Functional.CrossEntropy(x, Labels(0, 3)));
        Throws("CrossEntropyLoss: for input of shape [2, 3] the class-index target must have shape [2], got [3].",
            () => Functional.CrossEntropy(x, Labels(0, 1, 2)));
        Throws("CrossEntropyLoss: probability targets must have the input's shape [2, 3], got [3].",
            () => Functional.CrossEntropy(x, Tensor.Ones([3])));
        Throws("CrossEntropyLoss: weight must be a 1-d tensor with one entry per class (3), got shape [2].",
            () => Functional.CrossEntropy(x, Labels(0, 1), Tensor.Ones([2])));
        Throws("CrossEntropyLoss: labelSmoothing must be between 0 and 1, got 1.5.", () => Functional.CrossEntropy(x, Labels(0, 1), labelSmoothing: 1.5));
        Throws("CrossEntropyLoss: input needs a class dim: expected shape [C], [N, C] or [N, C, d1, ...], got [].",
            () => Functional.CrossEntropy(Tensor.Scalar(1), Labels(0)));
        Throws("NLLLoss: target must hold class indices as Int64, got Float32 of shape [2].", () => Functional.NllLoss(x, Tensor.Ones([2])));
        Throws("MSELoss: target shape [2, 1] differs from input shape [2]; broadcasting them is almost always a bug (e.g. [N, 1] against [N]), so reshape one of them.",
            () => Functional.MseLoss(Tensor.Ones([2]), Tensor.Ones([2, 1])));
        Throws("MSELoss: reduction BatchMean is not supported (BatchMean is only valid for KLDivLoss).",
            () => Functional.MseLoss(x, x, Reduction.BatchMean));
        Throws("BCELoss: all elements of input must be probabilities in [0, 1] (apply Sigmoid, or use BCEWithLogitsLoss on logits).",
            () => Functional.BinaryCrossEntropy(Tensor.FromArray([0.5f, 1.5f]), Tensor.FromArray([1f, 0f])));
        Throws("BCEWithLogitsLoss: posWeight of shape [2, 3] does not broadcast to the input's shape [3].",
            () => Functional.BinaryCrossEntropyWithLogits(Tensor.Ones([3]), Tensor.Ones([3]), posWeight: x));
        Throws("HuberLoss: delta must be positive, got 0.", () => Functional.HuberLoss(x, x, delta: 0));
        Throws("SmoothL1Loss: beta must be non-negative, got -1.", () => Functional.SmoothL1Loss(x, x, beta: -1));
        Throws("CosineEmbeddingLoss: labels of shape [2] need 2-d inputs, got [3] and [3].",
            () => Functional.CosineEmbeddingLoss(Tensor.Ones([3]), Tensor.Ones([3]), Labels(1, -1)));
        Throws("MarginRankingLoss: x1, x2 and the labels must have the same number of dims, got [2, 3], [2, 3] and [2].",
            () => Functional.MarginRankingLoss(x, x, Signs(1, -1)));
        Throws("MultiMarginLoss: p must be 1 or 2, got 3.", () => Functional.MultiMarginLoss(x, Labels(0, 1), p: 3));
        Throws("MultiMarginLoss: target 5 is out of bounds for 3 classes.", () => Functional.MultiMarginLoss(x, Labels(0, 5)));
        Throws("MultiMarginLoss: for input of shape [2, 3] the target must be Int64 class indices of shape [2], got Int64 of shape [3].",
            () => Functional.MultiMarginLoss(x, Labels(0, 1, 2)));
    }
}
