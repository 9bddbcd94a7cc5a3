using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using LinuxNetPS.Client;
using LinuxNetPS.Compose.Networks;
using LinuxNetPS.Support;

namespace LinuxNetPS.Completers;

/// <summary>
/// Completes container network names in the network's namespace: -Namespace of Get-/Remove-ContainerNetwork, or
/// -NetworkNamespace of the endpoint cmdlets (whose -Namespace is a container's). Never fails the typing.
/// </summary>
public sealed class ContainerNetworkCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            bool endpointCmdlet = !commandName.StartsWith("Get-ContainerNetwork", StringComparison.OrdinalIgnoreCase)
                && !commandName.StartsWith("Remove-ContainerNetwork", StringComparison.OrdinalIgnoreCase);
            string key = endpointCmdlet ? "NetworkNamespace" : "Namespace";
            object? ns = fakeBoundParameters is not null && fakeBoundParameters.Contains(key) ? fakeBoundParameters[key] : null;
            if (ns is PSObject p) ns = p.BaseObject;
            var names = ContainerNetworks.For(ns?.ToString()).List().Select(n => n.Network);
            return CompletionText.Filter(names, wordToComplete)
                .Select(name => new CompletionResult(CompletionText.Quote(name), name, CompletionResultType.ParameterValue, name)).ToList();
        }
        catch
        {
            return [];
        }
    }
}

/// <summary>Completes the network drivers New-ContainerNetwork can create (bridge, macvlan, ipvlan).</summary>
public sealed class NetworkDriverCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters) =>
        ContainerNetworks.Drivers.Where(d => d is not "host" and not "none");
}

/// <summary>Completes -Mode with the modes of the -Driver typed (macvlan when none is: the driver most used with a mode).</summary>
public sealed class NetworkModeCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters)
    {
        var driver = fakeBoundParameters is not null && fakeBoundParameters.Contains("Driver") ? Unwrap(fakeBoundParameters["Driver"])?.ToString() : null;
        return ContainerNetworks.ModesOf(string.IsNullOrEmpty(driver) ? "macvlan" : driver);
    }
}

/// <summary>Suggests free interface names for a new endpoint (eth0, eth1 ...) in the container given by -Namespace.</summary>
public sealed class FreeInterfaceNameCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters)
    {
        var taken = LinuxNetPS.Client.NetClient.For(BoundNamespace(fakeBoundParameters)).Links.List().Select(l => l.Name).ToHashSet();
        return Enumerable.Range(0, 8).Select(i => $"eth{i}").Where(n => !taken.Contains(n)).Take(3);
    }
}
