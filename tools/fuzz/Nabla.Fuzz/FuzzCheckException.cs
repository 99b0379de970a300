namespace Nabla.Fuzz;

/// <summary>A target's check of a result failed (e.g. a save/load round trip changed a tensor): always a bug, never
/// a documented rejection.</summary>
public sealed class FuzzCheckException(string message) : Exception(message);
