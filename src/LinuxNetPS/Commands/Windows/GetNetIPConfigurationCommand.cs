using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Get-NetIPConfiguration: per interface, its addresses, default gateways and the namespace's DNS servers (Windows'
/// NetTCPIP). Without parameters: the connected interfaces other than loopback; -All: every interface.
/// </summary>
[Cmdlet(VerbsCommon.Get, "NetIPConfiguration", DefaultParameterSetName = "Alias")]
[OutputType(typeof(NetIPConfiguration))]
public sealed class GetNetIPConfigurationCommand : NamespacedCmdlet
{
    /// <summary>The interface; wildcards allowed. Omitted: every connected interface but loopback.</summary>
    [Parameter(Position = 0, ParameterSetName = "Alias", ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? InterfaceAlias { get; set; }

    /// <summary>The index of the interface.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Index", ValueFromPipelineByPropertyName = true)]
    [Alias("ifIndex")]
    [ValidateRange(1, int.MaxValue)]
    public int InterfaceIndex { get; set; }

    /// <summary>Every interface: loopback and the ones that are down or without a carrier too.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "All")]
    [Alias("IncludeAllInterfaces")]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var client = Client;
            IEnumerable<NetLink> links;
            if (ParameterSetName == "Index") links = [client.Links.Get(InterfaceIndex)];
            else if (InterfaceAlias is not null)
            {
                WindowsInterfaces.RequireExisting(client, [InterfaceAlias], null);
                links = client.Links.List().Where(l => WindowsInterfaces.Matches(l.Name, l.Index, [InterfaceAlias], null));
            }
            else if (All) links = client.Links.List();
            else links = client.Links.List().Where(l => !WindowsInterfaces.IsHidden(l) && l.Status == "Up");
            WriteVerbose($"Reading addresses, default routes and {Namespaces.ResolverConfiguration.FileFor(client.Namespace)} {TargetText.Where(Namespace)}.");
            WriteObject(IPConfigurations.For(client, links.OrderBy(l => l.Index)), true);
        });
    }
}
