using Microsoft.CodeAnalysis;

namespace Nabla.Analyzers;

internal static class Descriptors
{
    private const string Category = "Nabla.Registration";

    /// <summary>A Module or Tensor field/auto-property that is assigned but never from a Register* call.</summary>
    public static readonly DiagnosticDescriptor UnregisteredState = new(
        id: "NABLA001",
        title: "Module or tensor state is never registered",
        messageFormat: "{0}.{1} holds a {2} but is never registered: {3}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Nabla finds parameters, buffers and submodules by explicit registration, not by reflection. A Module or " +
                     "Tensor stored in a field without RegisterModule/RegisterParameter/RegisterBuffer is invisible to Parameters(), " +
                     "the optimizer, StateDict(), To() and Train()/Eval().");

    /// <summary>A collection of modules or tensors whose elements never reach a Register* call.</summary>
    public static readonly DiagnosticDescriptor UnregisteredCollection = new(
        id: "NABLA002",
        title: "Collection of modules or tensors is never registered",
        messageFormat: "{0}.{1} holds a {2} whose elements are never registered: {3}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A List or array of modules is not a module: its elements' parameters are not trained or saved unless " +
                     "each is registered. Use ModuleList/ModuleDict/Sequential, or pass each element to RegisterModule.");
}
