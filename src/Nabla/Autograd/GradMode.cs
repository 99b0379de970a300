namespace Nabla;

/// <summary>Thread-local switch for recording operations; scopes restore the previous mode, so they nest.</summary>
public static class GradMode
{
    [ThreadStatic] private static bool disabled;

    public static bool IsEnabled => !disabled;

    internal static Scope Set(bool enabled)
    {
        var scope = new Scope(!disabled);
        disabled = !enabled;
        return scope;
    }

    /// <summary>Restores the grad mode that was in force when the scope began.</summary>
    public sealed class Scope : IDisposable
    {
        private readonly bool previousEnabled;
        private bool disposed;

        internal Scope(bool previousEnabled) => this.previousEnabled = previousEnabled;

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            disabled = !previousEnabled;
        }
    }
}
