using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Nabla.Analyzers;

/// <summary>What a field or auto-property holds, as far as registration is concerned.</summary>
internal enum StateKind { None, Module, Tensor }

/// <summary>Nabla's Module and Tensor types in one compilation, and the questions the analyzer asks about them.</summary>
internal sealed class NablaSymbols
{
    private static readonly string[] RegisterMethods = ["RegisterModule", "RegisterParameter", "RegisterBuffer"];

    public INamedTypeSymbol Module { get; }
    public INamedTypeSymbol Tensor { get; }

    private NablaSymbols(INamedTypeSymbol module, INamedTypeSymbol tensor)
    {
        Module = module;
        Tensor = tensor;
    }

    /// <summary>Null when the compilation does not reference Nabla (then there is nothing to check).</summary>
    public static NablaSymbols? TryCreate(Compilation compilation) =>
        compilation.GetTypeByMetadataName("Nabla.NN.Module") is { } module && compilation.GetTypeByMetadataName("Nabla.Tensor") is { } tensor
            ? new NablaSymbols(module, tensor)
            : null;

    /// <summary>A class deriving from Module (Module itself keeps its registries in private lists).</summary>
    public bool IsModuleSubclass(INamedTypeSymbol type) =>
        type.TypeKind == TypeKind.Class && type.BaseType is { } baseType && IsModule(baseType);

    /// <summary>Module or any subclass (generic ones included), or a type parameter constrained to one.</summary>
    public bool IsModule(ITypeSymbol type)
    {
        if (type is ITypeParameterSymbol parameter)
        {
            foreach (var constraint in parameter.ConstraintTypes)
                if (IsModule(constraint)) return true;
            return false;
        }
        for (var t = type as INamedTypeSymbol; t is not null; t = t.BaseType)
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, Module)) return true;
        return false;
    }

    public StateKind Classify(ITypeSymbol type) =>
        IsModule(type) ? StateKind.Module
        : SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, Tensor) ? StateKind.Tensor
        : StateKind.None;

    /// <summary>
    /// The kind of the elements of an array or enumerable (a dictionary's values) when they are modules or tensors;
    /// None for anything else, and for Modules that are themselves enumerable (ModuleList, Sequential).
    /// </summary>
    public StateKind ClassifyElements(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array) return Classify(array.ElementType);
        if (Classify(type) != StateKind.None || type is not INamedTypeSymbol named) return StateKind.None;
        foreach (var candidate in new[] { named }.Concat(named.AllInterfaces))
        {
            if (candidate.OriginalDefinition.SpecialType != SpecialType.System_Collections_Generic_IEnumerable_T) continue;
            var element = candidate.TypeArguments[0];
            if (element is INamedTypeSymbol { Name: "KeyValuePair", TypeArguments.Length: 2 } pair) element = pair.TypeArguments[1];
            var kind = Classify(element);
            if (kind != StateKind.None) return kind;
        }
        return StateKind.None;
    }

    /// <summary>A call of Module.RegisterModule, RegisterParameter or RegisterBuffer.</summary>
    public bool IsRegisterCall(IOperation operation) =>
        operation is IInvocationOperation invocation
        && Array.IndexOf(RegisterMethods, invocation.TargetMethod.Name) >= 0
        && IsModule(invocation.TargetMethod.ContainingType);
}
