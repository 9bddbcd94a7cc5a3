using System.Management.Automation;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;

namespace LinuxNetPS.Support;

/// <summary>
/// A -Network value: a ContainerNetwork object (which knows the namespace it lives in) or a name. An object's
/// namespace is used unless the command line names one, and then the two must agree.
/// </summary>
public static class NetworkArgument
{
    public static (string Name, string? Namespace) Resolve(object? value, string? givenNamespace)
    {
        value = value is PSObject p ? p.BaseObject : value;
        switch (value)
        {
            case ContainerNetwork network:
                if (!string.IsNullOrEmpty(givenNamespace) && givenNamespace != network.Namespace)
                    throw NetOperationException.Invalid(
                        $"The network '{network.Network}' lives in {TargetText.Where(network.Namespace)}, but {TargetText.Where(givenNamespace)} was given as its namespace; leave that out or give the network by name.",
                        network.Network);
                return (network.Network, network.Namespace);
            case ContainerEndpoint endpoint:
                return (endpoint.Network, string.IsNullOrEmpty(givenNamespace) ? endpoint.NetworkNamespace : givenNamespace);
            case string name when !string.IsNullOrWhiteSpace(name):
                return (name, string.IsNullOrEmpty(givenNamespace) ? null : givenNamespace);
            default:
                throw NetOperationException.Invalid(
                    $"-Network takes a network's name (for example 'foo') or a network from Get-ContainerNetwork, not '{value}'.", value?.ToString());
        }
    }
}
