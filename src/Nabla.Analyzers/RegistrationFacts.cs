using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using System;

namespace Nabla.Analyzers;

/// <summary>
/// What one Module subclass does with its state members, gathered from its operations (constructors, initializers,
/// methods; every partial part) and judged once the whole type has been seen. Rules (docs/analyzers.md):
/// a member is registered when some assignment to it is a Register* call (through casts, !, ?:, ??), a local or
/// parameter that is passed to Register*, another registered member (an alias) or a member of another module (that
/// module's state, shared); or when the member itself is passed to Register*. A collection is registered when an
/// element added to it is registered, when a Register* argument reads it (an element, a foreach variable over it, or the
/// collection wrapped in a ModuleList), or when it is assigned from an expression that calls Register*.
/// Tensors count as state only when set in a constructor or initializer: a tensor set in Forward is a cache.
/// </summary>
internal sealed class RegistrationFacts(INamedTypeSymbol type, Dictionary<ISymbol, StateMember> members, NablaSymbols nabla)
{
    private static readonly string[] AddMethods = ["Add", "Insert", "Push", "Enqueue", "TryAdd", "AddFirst", "AddLast"];

    private readonly object gate = new();
    private readonly List<(StateMember Member, IOperation? Value, bool InConstruction)> assignments = [];
    private readonly List<(StateMember Collection, IOperation Element, bool InConstruction)> elementWrites = [];
    private readonly List<IOperation> registerArguments = [];
    private readonly HashSet<ISymbol> registeredVariables = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, StateMember> loopVariables = new(SymbolEqualityComparer.Default);

    public void OnAssignment(OperationAnalysisContext context)
    {
        bool inConstruction = InConstruction(context.ContainingSymbol);
        switch (context.Operation)
        {
            case IDeconstructionAssignmentOperation deconstruction when deconstruction.Target is ITupleOperation targets:
                var values = deconstruction.Value is ITupleOperation tuple && tuple.Elements.Length == targets.Elements.Length ? tuple.Elements : default;
                for (int i = 0; i < targets.Elements.Length; i++)
                    RecordWrite(targets.Elements[i], values.IsDefault ? null : values[i], inConstruction);
                break;
            case ISimpleAssignmentOperation simple:
                RecordWrite(simple.Target, simple.Value, inConstruction);
                break;
            case ICoalesceAssignmentOperation coalesce:
                RecordWrite(coalesce.Target, coalesce.Value, inConstruction);
                break;
            case ICompoundAssignmentOperation compound:
                RecordWrite(compound.Target, null, inConstruction); // x += y stores a computed value, never a registered one
                break;
        }
    }

    public void OnInitializer(OperationAnalysisContext context)
    {
        switch (context.Operation)
        {
            case IFieldInitializerOperation init:
                foreach (var field in init.InitializedFields) Record(field, init.Value);
                break;
            case IPropertyInitializerOperation init:
                foreach (var property in init.InitializedProperties) Record(property, init.Value);
                break;
        }

        void Record(ISymbol symbol, IOperation value)
        {
            if (Member(symbol) is { } member) lock (gate) assignments.Add((member, value, true));
        }
    }

    public void OnInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (nabla.IsRegisterCall(invocation))
        {
            lock (gate)
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Type.SpecialType is SpecialType.System_String or SpecialType.System_Boolean) continue;
                    registerArguments.Add(argument.Value);
                    if (Unwrap(argument.Value) is { } value && Variable(value) is { } variable) registeredVariables.Add(variable);
                }
        }
        else if (Array.IndexOf(AddMethods, invocation.TargetMethod.Name) >= 0 && invocation.Arguments.Length > 0
                 && CollectionOf(invocation.Instance) is { } collection)
        {
            lock (gate) elementWrites.Add((collection, invocation.Arguments[invocation.Arguments.Length - 1].Value, InConstruction(context.ContainingSymbol)));
        }
    }

    public void OnLoop(OperationAnalysisContext context)
    {
        if (context.Operation is not IForEachLoopOperation loop || CollectionOf(loop.Collection) is not { } collection) return;
        lock (gate)
            foreach (var local in loop.Locals) loopVariables[local] = collection;
    }

    public void OnVariableDeclarator(OperationAnalysisContext context)
    {
        var declarator = (IVariableDeclaratorOperation)context.Operation;
        if (declarator.GetVariableInitializer() is { } init && nabla.IsRegisterCall(Unwrap(init.Value)!))
            lock (gate) registeredVariables.Add(declarator.Symbol);
    }

    public void Report(SymbolAnalysisContext context)
    {
        var registered = RegisteredMembers();
        foreach (var member in members.Values)
        {
            if (registered.Contains(member.Symbol) || !HoldsState(member)) continue;
            string typeName = type.Name;
            string held = member.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            var descriptor = member.IsCollection ? Descriptors.UnregisteredCollection : Descriptors.UnregisteredState;
            string advice = Advice(member);
            string what = member.IsCollection ? held : member.Kind == StateKind.Module ? "Module" : "Tensor";
            context.ReportDiagnostic(Diagnostic.Create(descriptor, member.Symbol.Locations[0], typeName, member.Symbol.Name, what, advice));
        }
    }

    private static string Advice(StateMember member)
    {
        string name = member.SuggestedName;
        return (member.IsCollection, member.Kind) switch
        {
            (false, StateKind.Module) => $"assign it from RegisterModule(\"{name}\", ...) so its parameters are trained and saved",
            (false, _) => $"assign it from RegisterParameter(\"{name}\", ...) if it is learned or RegisterBuffer(\"{name}\", ...) if it is state, " +
                          "so it is trained, saved and converted by To() (a constant: RegisterBuffer with persistent: false)",
            (true, StateKind.Module) => $"hold them in a ModuleList (assign it from RegisterModule(\"{name}\", new ModuleList(...))) or pass each " +
                                        "element to RegisterModule, so their parameters are trained and saved",
            _ => $"pass each element to RegisterParameter or RegisterBuffer (named \"{name}_0\", \"{name}_1\", ...) so they are trained and saved",
        };
    }

    /// <summary>Whether the member is given state at all: anything for modules; for tensors, only during construction.</summary>
    private bool HoldsState(StateMember member)
    {
        bool Counts(bool inConstruction) => member.Kind == StateKind.Module || inConstruction;
        if (assignments.Any(a => a.Member == member && Counts(a.InConstruction) && (!member.IsCollection || !IsEmptyCollection(a.Value))))
            return true;
        return member.IsCollection && elementWrites.Any(w => w.Collection == member && Counts(w.InConstruction));
    }

    /// <summary>The fixed point of the registration rules (aliases may chain, collections may hold aliases).</summary>
    private HashSet<ISymbol> RegisteredMembers()
    {
        var registered = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var argument in registerArguments)
            foreach (var operation in argument.DescendantsAndSelf())
            {
                if (MemberOf(operation) is { } member) registered.Add(member.Symbol);
                if (operation is ILocalReferenceOperation local && loopVariables.TryGetValue(local.Local, out var loopCollection))
                    registered.Add(loopCollection.Symbol);
            }
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var member in members.Values)
                if (!registered.Contains(member.Symbol) && IsRegistered(member, registered))
                    changed = registered.Add(member.Symbol);
        }
        return registered;
    }

    private bool IsRegistered(StateMember member, HashSet<ISymbol> registered)
    {
        if (!member.IsCollection)
            return assignments.Any(a => a.Member == member && IsRegisteredValue(a.Value, registered));
        return elementWrites.Any(w => w.Collection == member && IsRegisteredValue(w.Element, registered))
               || assignments.Any(a => a.Member == member && IsRegisteredCollectionValue(a.Value, registered));
    }

    private bool IsRegisteredValue(IOperation? value, HashSet<ISymbol> registered)
    {
        value = Unwrap(value);
        switch (value)
        {
            case null:
                return false;
            case IInvocationOperation when nabla.IsRegisterCall(value):
                return true;
            case IConditionalOperation conditional:
                bool whenTrue = IsRegisteredValue(conditional.WhenTrue, registered), whenFalse = IsRegisteredValue(conditional.WhenFalse, registered);
                return (whenTrue || IsNull(conditional.WhenTrue)) && (whenFalse || IsNull(conditional.WhenFalse)) && (whenTrue || whenFalse);
            case ICoalesceOperation coalesce:
                return IsRegisteredValue(coalesce.Value, registered);
        }
        if (Variable(value) is { } variable) return registeredVariables.Contains(variable);
        if (MemberOf(value) is { } member) return registered.Contains(member.Symbol);
        if (ElementOf(value) is { } collection) return registered.Contains(collection.Symbol);
        // A member of another module (fc.Weight, encoder.Layers[0]) is that module's state, registered where it lives.
        var instance = value switch
        {
            IFieldReferenceOperation f => f.Instance,
            IPropertyReferenceOperation p => p.Instance,
            IArrayElementReferenceOperation e => e.ArrayReference,
            _ => null,
        };
        return instance is not null and not IInstanceReferenceOperation && instance.Type is { } t && nabla.IsModule(t);
    }

    private bool IsRegisteredCollectionValue(IOperation? value, HashSet<ISymbol> registered)
    {
        value = Unwrap(value);
        if (value is null) return false;
        if (value.DescendantsAndSelf().Any(nabla.IsRegisterCall)) return true;
        var elements = value switch
        {
            ICollectionExpressionOperation collection => collection.Elements,
            IArrayCreationOperation { Initializer: { } init } => init.ElementValues,
            _ => default,
        };
        return !elements.IsDefaultOrEmpty && elements.All(e => IsRegisteredValue(e, registered));
    }

    private void RecordWrite(IOperation target, IOperation? value, bool inConstruction)
    {
        target = Unwrap(target)!;
        if (MemberOf(target) is { } member)
            lock (gate) assignments.Add((member, value, inConstruction));
        else if (ElementOf(target) is { } collection && value is not null)
            lock (gate) elementWrites.Add((collection, value, inConstruction));
        else if (Variable(target) is { } variable && value is not null && nabla.IsRegisterCall(Unwrap(value)!))
            lock (gate) registeredVariables.Add(variable);
    }

    private StateMember? Member(ISymbol symbol) => members.TryGetValue(symbol.OriginalDefinition, out var m) ? m : null;

    /// <summary>The state member this operation reads or writes (any receiver), if it is one.</summary>
    private StateMember? MemberOf(IOperation operation) => operation switch
    {
        IFieldReferenceOperation f => Member(f.Field),
        IPropertyReferenceOperation { Property.IsIndexer: false } p => Member(p.Property),
        _ => null,
    };

    /// <summary>The collection member whose element this operation is (items[i], dict[key]).</summary>
    private StateMember? ElementOf(IOperation operation) => operation switch
    {
        IArrayElementReferenceOperation e => CollectionOf(e.ArrayReference),
        IPropertyReferenceOperation { Property.IsIndexer: true } p => CollectionOf(p.Instance),
        _ => null,
    };

    private StateMember? CollectionOf(IOperation? operation) =>
        Unwrap(operation) is { } o && MemberOf(o) is { IsCollection: true } collection ? collection : null;

    private static ISymbol? Variable(IOperation operation) => operation switch
    {
        ILocalReferenceOperation l => l.Local,
        IParameterReferenceOperation p => p.Parameter,
        _ => null,
    };

    private static IOperation? Unwrap(IOperation? operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation c: operation = c.Operand; break;
                case IParenthesizedOperation p: operation = p.Operand; break;
                default: return operation;
            }
        }
    }

    private static bool IsNull(IOperation? operation) =>
        Unwrap(operation) is { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation;

    /// <summary>new(), new List&lt;T&gt;(), [] — a collection that holds nothing yet.</summary>
    private static bool IsEmptyCollection(IOperation? value) => Unwrap(value) switch
    {
        IObjectCreationOperation create => create.Arguments.IsEmpty && (create.Initializer is null || create.Initializer.Initializers.IsEmpty),
        ICollectionExpressionOperation collection => collection.Elements.IsEmpty,
        _ => false,
    };

    private static bool InConstruction(ISymbol containing) =>
        containing is IMethodSymbol { MethodKind: MethodKind.Constructor } or IFieldSymbol or IPropertySymbol;
}
