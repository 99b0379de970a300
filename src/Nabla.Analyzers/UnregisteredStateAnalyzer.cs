using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Nabla.Analyzers;

/// <summary>
/// NABLA001/NABLA002: a PyTorch habit (self.fc = nn.Linear(...) registers by itself) must not fail silently in Nabla,
/// which registers explicitly (no reflection): a Module or Tensor stored in a Module subclass without
/// RegisterModule/RegisterParameter/RegisterBuffer is reported. See <see cref="RegistrationFacts"/> for the rules.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnregisteredStateAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [Descriptors.UnregisteredState, Descriptors.UnregisteredCollection];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(compilation =>
        {
            if (NablaSymbols.TryCreate(compilation.Compilation) is not { } nabla) return;
            compilation.RegisterSymbolStartAction(symbol => OnType(symbol, nabla), SymbolKind.NamedType);
        });
    }

    private static void OnType(SymbolStartAnalysisContext context, NablaSymbols nabla)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!nabla.IsModuleSubclass(type)) return;
        var members = StateMember.Collect(type, nabla);
        if (members.Count == 0) return;
        var facts = new RegistrationFacts(type, members, nabla);
        context.RegisterOperationAction(facts.OnAssignment, OperationKind.SimpleAssignment, OperationKind.CompoundAssignment,
            OperationKind.CoalesceAssignment, OperationKind.DeconstructionAssignment);
        context.RegisterOperationAction(facts.OnInitializer, OperationKind.FieldInitializer, OperationKind.PropertyInitializer);
        context.RegisterOperationAction(facts.OnInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(facts.OnLoop, OperationKind.Loop);
        context.RegisterOperationAction(facts.OnVariableDeclarator, OperationKind.VariableDeclarator);
        context.RegisterSymbolEndAction(facts.Report);
    }
}
