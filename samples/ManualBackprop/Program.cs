using ManualBackprop;
using Nabla;

// Backprop by hand for a two-layer tanh/softmax network, checked against autograd.
var g = new Generator(2024);
var net = TwoLayerNetwork.Random(inputs: 4, hidden: 5, classes: 3, g);
var x = Tensor.Randn([6, 4], g, DType.Float64);
var y = Tensor.OneHot(Tensor.RandInt(0, 3, [6], g), 3).Double();

var manual = net.ManualGradients(x, y);
var auto = net.AutogradGradients(x, y);
Console.WriteLine($"loss = {net.Loss(x, y).Item():F6}");
foreach (var ((name, mine), (_, theirs)) in manual.Named().Zip(auto.Named()))
{
    double worst = (mine - theirs).Abs().Max().Item();
    Console.WriteLine($"{name,-3} shape {string.Join('×', mine.Shape),-5} max |manual − autograd| = {worst:E2}");
}
Console.WriteLine("∇Wᵧ by hand:");
Console.WriteLine(manual.Wy);

// The same kind of layer as a user-defined autograd function: hand-written backward, checked, then trained.
var linearTanh = new LinearTanhFunction();
var inputs = new[]
{
    Tensor.Randn([5, 3], g, DType.Float64, requiresGrad: true),
    Tensor.Randn([4, 3], g, DType.Float64, requiresGrad: true),
    Tensor.Randn([4], g, DType.Float64, requiresGrad: true),
};
Console.WriteLine($"LinearTanh GradCheck: {Autograd.GradCheck(t => linearTanh.Apply(t), inputs)}, " +
                  $"GradGradCheck: {Autograd.GradGradCheck(t => linearTanh.Apply(t), inputs)}");
var (accuracy, losses) = CustomLayerTraining.Run();
Console.WriteLine($"Circles with the hand-derived layer: loss {losses[0]:F3} → {losses[^1]:F3}, test accuracy {accuracy:P1}");
