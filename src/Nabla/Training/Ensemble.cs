using Nabla.Data;
using Nabla.NN;

namespace Nabla.Training;

/// <summary>
/// Averages the probabilities of several classifiers (a deep ensemble). Members output logits: [N, C] for softmax
/// classifiers, [N] or [N, 1] for one binary logit. <see cref="Probabilities"/> is the mean of the members'
/// softmax (or sigmoid) outputs; <see cref="Forward"/> returns it back in the members' own form — log p̄ for [N, C],
/// logit(p̄) for one binary logit — so the same losses and metrics apply to the ensemble as to each member
/// (CrossEntropyLoss of log p̄ is the ensemble's negative log-likelihood).
/// </summary>
public sealed class Ensemble : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor>[] members;

    public Ensemble(IEnumerable<Module<Tensor, Tensor>> members, bool binary = false)
    {
        ArgumentNullException.ThrowIfNull(members);
        this.members = members.ToArray();
        if (this.members.Length == 0) throw new ArgumentException("Ensemble: needs at least one member.", nameof(members));
        for (int i = 0; i < this.members.Length; i++) RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), this.members[i]);
        Binary = binary;
    }

    public IReadOnlyList<Module<Tensor, Tensor>> Members => members;

    /// <summary>Members output one binary logit each (sigmoid) rather than [N, C] logits (softmax).</summary>
    public bool Binary { get; }

    /// <summary>p̄ = (1/K) Σₖ softmax(memberₖ(x)) (or the mean sigmoid for binary members).</summary>
    public Tensor Probabilities(Tensor input)
    {
        Tensor? sum = null;
        foreach (var member in members)
        {
            var logits = member.Call(input);
            var p = Binary ? logits.Sigmoid() : logits.Softmax(1);
            sum = sum is null ? p : sum + p;
        }
        return sum! * (1.0 / members.Length);
    }

    public override Tensor Forward(Tensor input)
    {
        var p = Probabilities(input);
        return Binary ? p.Log() - (1 - p).Log() : p.Log();
    }

    /// <summary>
    /// Trains one member per seed — each from <paramref name="trainerFor"/>(seed) (a fresh model initialised from that
    /// seed, its optimizer, metrics) on <paramref name="trainLoaderFor"/>(seed) — then evaluates every member and the
    /// averaged ensemble on <paramref name="test"/> with the first trainer's metrics and <paramref name="loss"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">a trainer's model is not a one-input module.</exception>
    public static EnsembleReport Train(IReadOnlyList<long> seeds, Func<long, Trainer> trainerFor, Func<long, DataLoader> trainLoaderFor,
        int epochs, DataLoader test, Module<Tensor, Tensor, Tensor> loss, bool binary = false)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(trainerFor);
        ArgumentNullException.ThrowIfNull(trainLoaderFor);
        if (seeds.Count == 0) throw new ArgumentException("Ensemble.Train: needs at least one seed.", nameof(seeds));
        var reports = new List<MemberReport>();
        IReadOnlyList<Metric>? metrics = null;
        foreach (long seed in seeds)
        {
            var trainer = trainerFor(seed);
            var model = trainer.Model as Module<Tensor, Tensor>
                ?? throw new InvalidOperationException($"Ensemble.Train: the model for seed {seed} is a {trainer.Model.GetType().Name}, not a one-input Module<Tensor, Tensor>.");
            metrics ??= trainer.Metrics.ToList();
            var history = trainer.Fit(trainLoaderFor(seed), epochs);
            reports.Add(new MemberReport(seed, model, history, Trainer.Evaluate(model, loss, test, metrics)));
        }
        var ensemble = new Ensemble(reports.Select(r => r.Model), binary);
        return new EnsembleReport(reports, ensemble, Trainer.Evaluate(ensemble, loss, test, metrics!));
    }
}

/// <summary>One ensemble member: its seed, trained model, training history and test evaluation.</summary>
public sealed record MemberReport(long Seed, Module<Tensor, Tensor> Model, History History, Evaluation Test);

/// <summary>Every member's test result and the averaged ensemble's.</summary>
public sealed record EnsembleReport(IReadOnlyList<MemberReport> Members, Ensemble Ensemble, Evaluation Test)
{
    /// <summary>A table: one row per member and one for the ensemble, the loss and each metric as columns.</summary>
    public override string ToString()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var names = Test.Metrics.Keys.ToList();
        var lines = new List<string> { "model       loss  " + string.Join("  ", names) };
        string Row(string label, Evaluation e) =>
            string.Create(inv, $"{label,-8}  {e.Loss,8:0.0000}  ") + string.Join("  ", names.Select(n => e.Metrics[n].ToString("0.0000", inv).PadLeft(n.Length)));
        foreach (var m in Members) lines.Add(Row("seed " + m.Seed.ToString(inv), m.Test));
        lines.Add(Row("ensemble", Test));
        return string.Join(Environment.NewLine, lines);
    }
}
