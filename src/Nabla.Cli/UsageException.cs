namespace Nabla.Cli;

/// <summary>Bad input from the user (an unknown name, a missing file, an impossible setting): the command prints the
/// message as one line on stderr and exits with code 2.</summary>
internal sealed class UsageException(string message, Exception? inner = null) : Exception(message, inner);
