using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Nabla.Analyzers;

/// <summary>An instance field or auto-property of a Module subclass that can hold state: a Module or Tensor, or a
/// collection of them.</summary>
internal sealed class StateMember(ISymbol symbol, StateKind kind, bool isCollection, ITypeSymbol type)
{
    public ISymbol Symbol { get; } = symbol;
    public StateKind Kind { get; } = kind;
    public bool IsCollection { get; } = isCollection;
    public ITypeSymbol Type { get; } = type;

    /// <summary>The fields and auto-properties (found through their compiler-generated backing fields) declared in type.</summary>
    public static Dictionary<ISymbol, StateMember> Collect(INamedTypeSymbol type, NablaSymbols nabla)
    {
        var members = new Dictionary<ISymbol, StateMember>(SymbolEqualityComparer.Default);
        foreach (var field in type.GetMembers().OfType<IFieldSymbol>())
        {
            if (field.IsStatic || field.IsConst) continue;
            ISymbol symbol = field.AssociatedSymbol is IPropertySymbol property ? property : field;
            if (symbol.IsImplicitlyDeclared) continue; // e.g. a primary constructor parameter's capture
            var kind = nabla.Classify(field.Type);
            bool isCollection = false;
            if (kind == StateKind.None)
            {
                kind = nabla.ClassifyElements(field.Type);
                isCollection = true;
            }
            if (kind != StateKind.None) members[symbol] = new StateMember(symbol, kind, isCollection, field.Type);
        }
        return members;
    }

    /// <summary>The name PyTorch would give it: "Weight" → "weight", "_runningMean" → "running_mean".</summary>
    public string SuggestedName
    {
        get
        {
            string name = Symbol.Name.TrimStart('_');
            if (name.StartsWith("m_", System.StringComparison.Ordinal)) name = name.Substring(2);
            var sb = new System.Text.StringBuilder();
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]))) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            return sb.Length > 0 ? sb.ToString() : Symbol.Name;
        }
    }
}
