using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Support;

/// <summary>
/// -Namespace of the cmdlets that run code in a namespace. Unlike elsewhere, empty does not mean
/// "the host": a variable that is unexpectedly empty must not run the code silently in the host.
/// </summary>
internal static class NamespaceArgument
{
    public static NamespaceRef Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw NetOperationException.Invalid(
                $"No namespace was given (-Namespace is empty), so nothing was run. Give a namespace name (Get-NetNamespace lists them); to run in the host namespace say so: -Namespace {NamespaceRef.Pid1Path}.",
                value);
        return NamespaceRef.Parse(value);
    }
}
